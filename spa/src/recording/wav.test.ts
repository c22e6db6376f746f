import { describe, expect, it } from 'vitest';
import { finishWavHead, PcmEncoder, readWavFormat, WAV_HEADER_BYTES, wavHeader, wholeDataBytes } from './wav';

const mono = { sampleRate: 48_000, channels: 1 };
const text = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('wavHeader', () => {
  it('declares 24-bit extensible PCM with the sizes given', () => {
    const h = wavHeader(mono, 288_000);
    expect(h.byteLength).toBe(WAV_HEADER_BYTES);
    expect([text(h, 0), text(h, 8), text(h, 12), text(h, 48), text(h, 96)]).toEqual(['RIFF', 'WAVE', 'JUNK', 'fmt ', 'data']);
    const v = view(h);
    expect(v.getUint32(4, true)).toBe(WAV_HEADER_BYTES - 8 + 288_000);
    expect(v.getUint16(56, true)).toBe(0xfffe);
    expect(v.getUint32(60, true)).toBe(48_000);
    expect(v.getUint32(64, true)).toBe(144_000); // bytes per second
    expect(v.getUint16(68, true)).toBe(3); // block align
    expect(v.getUint32(100, true)).toBe(288_000);
    expect(readWavFormat(h)).toEqual(mono);
  });

  it('turns into RF64 with a ds64 chunk past 4 GiB, in the same 104 bytes', () => {
    const data = 5 * 2 ** 30 - ((5 * 2 ** 30) % 6);
    const h = wavHeader(mono, data);
    expect(h.byteLength).toBe(WAV_HEADER_BYTES);
    expect([text(h, 0), text(h, 12)]).toEqual(['RF64', 'ds64']);
    const v = view(h);
    expect(v.getUint32(4, true)).toBe(0xffffffff);
    expect(v.getUint32(100, true)).toBe(0xffffffff);
    const u64 = (at: number) => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
    expect(u64(20)).toBe(WAV_HEADER_BYTES - 8 + data);
    expect(u64(28)).toBe(data);
    expect(u64(36)).toBe(data / 3);
  });
});

describe('finishing after Stop or a crash', () => {
  it('declares only whole, even-sized sample data', () => {
    expect(wholeDataBytes(mono, WAV_HEADER_BYTES + 12)).toBe(12);
    expect(wholeDataBytes(mono, WAV_HEADER_BYTES + 11)).toBe(6); // 3 whole frames, one dropped to stay even
    expect(wholeDataBytes({ sampleRate: 48_000, channels: 2 }, WAV_HEADER_BYTES + 13)).toBe(12);
    expect(wholeDataBytes(mono, 50)).toBe(0);
  });

  it('rewrites part 1 header only, keeping its samples', () => {
    const part1 = new Uint8Array(WAV_HEADER_BYTES + 30);
    part1.set(wavHeader(mono, 0));
    part1.fill(7, WAV_HEADER_BYTES);
    const done = finishWavHead(part1, WAV_HEADER_BYTES + 600);
    expect(view(done).getUint32(100, true)).toBe(600);
    expect([...done.subarray(WAV_HEADER_BYTES)]).toEqual([...part1.subarray(WAV_HEADER_BYTES)]);
    expect(view(part1).getUint32(100, true)).toBe(0); // a copy: the stored chunk is untouched
  });

  it('leaves anything that is not our WAV alone', () => {
    const other = new Uint8Array(200).fill(1);
    expect(finishWavHead(other, 1000)).toBe(other);
  });
});

describe('PcmEncoder', () => {
  it('writes 24-bit little-endian samples, clipped, full scale both ways', () => {
    const e = new PcmEncoder(mono);
    const out = e.encode([Float32Array.from([0, 1, -1, 2, 0.5, -0.5])]);
    expect([...out]).toEqual([0, 0, 0, 0xff, 0xff, 0x7f, 0, 0, 0x80, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x40, 0x00, 0x00, 0xc0]);
  });

  it('interleaves channels and keeps every chunk an even number of frames', () => {
    const e = new PcmEncoder({ sampleRate: 48_000, channels: 2 });
    const a = e.encode([Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([-0.1, -0.2, -0.3])]);
    expect(a.byteLength).toBe(2 * 6);
    const b = e.encode([Float32Array.from([0.4]), Float32Array.from([-0.4])]);
    expect(b.byteLength).toBe(2 * 6); // the held frame and this one
    expect(e.framesWritten).toBe(4);
    expect(e.flush().byteLength).toBe(0);
  });

  it('pads the last odd frame with silence at flush, so nothing recorded is lost', () => {
    const e = new PcmEncoder(mono);
    expect(e.encode([new Float32Array(127).fill(0.25)]).byteLength).toBe(126 * 3);
    const tail = e.flush();
    expect(tail.byteLength).toBe(6);
    expect([...tail.subarray(3)]).toEqual([0, 0, 0]);
    expect(e.framesWritten).toBe(128);
  });
});
