import { describe, expect, it } from 'vitest';
import { entryNames, extension, fileSafe } from './names';
import { sampleManifest } from './timeline-fixture';

describe('entry names', () => {
  it('are NN-<person>-<kind>.<ext>, the person made file-safe', () => {
    const names = [...entryNames(sampleManifest().tracks).values()];
    expect(names).toEqual([
      '01-Hana-Host-camera.webm', '02-Hana-Host-audio.wav', '03-Hana-Host-screen.webm',
      '04-Gus-the-Guest-Co-3-camera.webm', '05-Gus-the-Guest-Co-3-audio.wav', '06-Late-camera.webm',
    ]);
  });

  it('keep letters of any script and drop what a disk refuses', () => {
    expect(fileSafe('Zoë Ødegård')).toBe('Zoë-Ødegård');
    expect(fileSafe('../../etc/passwd')).toBe('etc-passwd');
    expect(fileSafe('小林')).toBe('小林');
    expect(fileSafe('???')).toBe('participant');
    expect(extension('video/webm;codecs=vp9')).toBe('webm');
    expect(extension('audio/wav')).toBe('wav');
  });
});

describe('take file name', () => {
  it('says which take and when, with nothing a disk refuses', async () => {
    const { takeFileName } = await import('../components/DownloadTake');
    expect(takeFileName(3, '2026-12-01T10:14:05.123Z')).toBe('podster-take-3-2026-12-01-1014');
  });
});
