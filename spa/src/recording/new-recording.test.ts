import { describe, expect, it } from 'vitest';
import { indexNewChunk, newLocalRecording } from './new-recording';

const fields = { roomId: 'r1', takeId: 't1', kind: 'camera' as const, mimeType: 'video/webm;codecs=vp9,opus', label: 'Ada' };

describe('newLocalRecording', () => {
  it('starts empty and unknown to the server, its id from the time and a random tail', () => {
    const rec = newLocalRecording(fields, 1_700_000_000_000, () => 0.123456789);
    expect(rec.localId).toBe(`${(1_700_000_000_000).toString(36)}-${(0.123456789).toString(36).slice(2, 10)}`);
    expect(rec).toMatchObject({
      roomId: 'r1', takeId: 't1', kind: 'camera', displayLabel: 'Ada', recordingId: null, stopped: false, durationMs: 0,
      nextSeq: 0, unpackedFrom: 0, nextPart: 1, bytesRecorded: 0, bytesUploaded: 0, createdAt: 1_700_000_000_000, failed: null,
    });
  });

  it('gives WebM and MP4 a file index, other formats none', () => {
    expect(newLocalRecording(fields).webm).toBeDefined();
    expect(newLocalRecording({ ...fields, mimeType: 'video/mp4' }).mp4).toBeDefined();
    const wav = newLocalRecording({ ...fields, kind: 'audio', mimeType: 'audio/wav' });
    expect(wav.webm).toBeUndefined();
    expect(wav.mp4).toBeUndefined();
  });

  it('tells apart two recordings begun the same millisecond', () => {
    expect(newLocalRecording(fields, 5).localId).not.toBe(newLocalRecording(fields, 5).localId);
  });
});

describe('indexNewChunk', () => {
  it('leaves a recording without a file index alone', () => {
    const wav = newLocalRecording({ ...fields, kind: 'audio', mimeType: 'audio/wav' });
    const before = structuredClone(wav);
    indexNewChunk(wav, new Uint8Array([1, 2, 3]).buffer);
    expect(wav).toEqual(before);
  });

  it('reads a WebM chunk into the index', () => {
    const rec = newLocalRecording(fields);
    const before = structuredClone(rec.webm);
    // an EBML header: enough for the index to note where the file starts
    indexNewChunk(rec, new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x80]).buffer);
    expect(rec.webm).not.toEqual(before);
  });
});
