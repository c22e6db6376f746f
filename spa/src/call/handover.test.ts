import { describe, expect, it } from 'vitest';
import { HandOver } from './handover';

const stream = {} as MediaStream;
const mic = {} as MediaStreamTrack;

describe('HandOver', () => {
  it('gives the room what the lobby handed it, once', () => {
    const h = new HandOver();
    h.give('r1', stream, mic);
    expect(h.take('r1')).toEqual({ stream, studioMic: mic });
    expect(h.take('r1')).toBeNull();
  });

  it('keeps a hand-over from another room', () => {
    const h = new HandOver();
    h.give('r1', stream);
    expect(h.take('r2')).toBeNull();
    expect(h.take('r1')).toEqual({ stream, studioMic: null });
  });

  it('holds nothing between two pages', () => {
    const a = new HandOver();
    a.give('r1', stream);
    expect(new HandOver().take('r1')).toBeNull();
  });
});
