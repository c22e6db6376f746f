/// <reference types="node" />
/**
 * The whole take ZIP as the tab builds it, read back by the real tools: Info-ZIP's `unzip -t`
 * (every CRC), the stored tracks compared byte for byte, the aligned WAVs read by ffprobe and
 * decoded by ffmpeg to find where their sound starts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from './manifest';
import { takeZip } from './take-zip';
import { collect, streamOf, wavFile } from './test-support';

const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 }).toString();
const dir = mkdtempSync(join(tmpdir(), 'podster-takezip-'));
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 9)) & 0xff);
/** One second of a tone, loud from the first sample: where the aligned file's sound begins is its offset. */
const tone = (rate: number, seconds: number, channels: number) =>
  Array.from({ length: channels }, () => Float32Array.from({ length: rate * seconds }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate) + (i === 0 ? 0.5 : 0)));

function firstLoudSample(file: string, rate: number): number {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', String(rate), '-'], { maxBuffer: 256 << 20 });
  const s = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1);
  return s.findIndex((v) => Math.abs(v) > 300);
}

describe('take ZIP', () => {
  it('holds every complete track byte for byte, aligned WAVs, the manifest and three projects, and unzip -t passes', async () => {
    const hostWav = wavFile({ sampleRate: 48_000, channels: 1 }, tone(48_000, 2, 1));
    const guestWav = wavFile({ sampleRate: 44_100, channels: 2 }, tone(44_100, 2, 2));
    const objects = new Map([
      ['cam-h', bytes(300_001, 1)],
      ['wav-h', hostWav],
      ['scr-h', bytes(70_000, 2)],
      ['cam-g', bytes(123_457, 3)],
      ['wav-g', guestWav],
    ]);
    const raw = {
      takeId: 'take-1', roomId: 'room-1', startedAt: '2026-12-01T10:00:00Z', futureField: { kept: true },
      tracks: [
        { recordingId: 'cam-h', displayName: 'Hana Host', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 20, durationMs: 2000 },
        { recordingId: 'wav-h', displayName: 'Hana Host', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 250, durationMs: 2000, sampleRate: 48_000 },
        { recordingId: 'scr-h', displayName: 'Hana Host', kind: 'screen', mimeType: 'video/webm', state: 'complete', offsetMs: 900, durationMs: 1000 },
        { recordingId: 'cam-g', displayName: 'Gus Güest', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 700, durationMs: 1800 },
        { recordingId: 'wav-g', displayName: 'Gus Güest', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 1234, durationMs: 2000, sampleRate: 44_100 },
        { recordingId: 'gone', displayName: 'Gus Güest', kind: 'screen', mimeType: 'video/webm', state: 'uploading', offsetMs: 5 },
      ].map((t) => ({ ...t, size: objects.get(t.recordingId)?.byteLength ?? null })),
    };
    const progress: number[] = [];
    const opened: string[] = [];
    const zip = takeZip(readManifest(raw), {
      name: 'podster-take-1',
      open: async (t) => (opened.push(t.recordingId), streamOf(objects.get(t.recordingId)!, 65_536)),
      onProgress: (done) => progress.push(done),
    });
    const file = join(dir, 'take.zip');
    writeFileSync(file, await collect(zip.stream));

    expect(run('unzip', ['-t', file])).toMatch(/No errors detected/);
    const listed = run('unzip', ['-Z1', file]).trim().split('\n');
    expect(listed).toEqual(zip.entries);
    expect(listed).toEqual([
      'manifest.json', 'podster-take-1.otio', 'podster-take-1.fcpxml', 'podster-take-1.rpp',
      '01-Hana-Host-camera.webm', '02-Hana-Host-audio.wav', '03-Hana-Host-screen.webm', '04-Gus-Güest-camera.webm', '05-Gus-Güest-audio.wav',
      'aligned/02-Hana-Host-audio.wav', 'aligned/05-Gus-Güest-audio.wav',
    ]);
    // the unfinished track is left out and never fetched; each audio track is read twice
    expect(opened).toEqual(['cam-h', 'wav-h', 'scr-h', 'cam-g', 'wav-g', 'wav-h', 'wav-g']);
    expect(progress.at(-1)).toBe(zip.total);
    const out = join(dir, 'x');
    run('unzip', ['-q', '-o', file, '-d', out]);
    const ids = ['cam-h', 'wav-h', 'scr-h', 'cam-g', 'wav-g'];
    listed.slice(4, 9).forEach((name, i) => expect(Buffer.compare(readFileSync(join(out, name)), Buffer.from(objects.get(ids[i]!)!))).toBe(0));
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(raw);

    for (const [name, offsetMs, rate] of [['aligned/02-Hana-Host-audio.wav', 250, 48_000], ['aligned/05-Gus-Güest-audio.wav', 1234, 44_100]] as const) {
      const path = join(out, name);
      const probe = JSON.parse(run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate:format=duration', '-of', 'json', path]));
      expect(probe.streams[0].codec_name).toBe('pcm_s24le');
      expect(Number(probe.streams[0].sample_rate)).toBe(rate);
      // a WAV has no start time of its own: its first packet's is 0
      expect(Number(run('ffprobe', ['-v', 'error', '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', path]).trim())).toBe(0);
      expect(Number(probe.format.duration)).toBeCloseTo(offsetMs / 1000 + 2, 3);
      expect(firstLoudSample(path, rate)).toBe(Math.round((offsetMs * rate) / 1000));
    }
  });

  it('fails with the track named when the store hands over fewer bytes than the manifest says', async () => {
    const raw = { takeId: 't', startedAt: '2026-12-01T10:00:00Z', tracks: [{ recordingId: 'a', displayName: 'Ada', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 0, durationMs: 10, size: 1000 }] };
    const zip = takeZip(readManifest(raw), { name: 't', open: async () => streamOf(bytes(999, 1)) });
    await expect(collect(zip.stream)).rejects.toThrow(/01-Ada-camera.webm arrived with 999 of its 1000 bytes/);
  });
});
