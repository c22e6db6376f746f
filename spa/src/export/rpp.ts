import { fromTakeStart } from './camera-pieces';
import type { Timeline } from './timeline';

/**
 * A Reaper project (`.rpp`, Reaper's own text format): one track per file with one item at its
 * offset (a camera cut where its recorder lost input: an item per piece). Files are named relative to the project, which Reaper resolves from the project's folder;
 * video goes in as a VIDEO source (Reaper plays WebM through its ffmpeg/VLC decoder).
 */
// RPP strings are quoted with " and have no escapes: a name holding one is quoted with ' instead
const q = (s: string) => (s.includes('"') ? `'${s.replace(/'/g, '’')}'` : `"${s}"`);
const secs = (ms: number) => (ms / 1000).toFixed(3);

export function writeRpp(t: Timeline): string {
  const rate = t.clips.find((c) => c.sampleRate)?.sampleRate ?? 48000;
  const tracks = t.clips.map((c) => {
    const items = c.pieces.flatMap((whole) => {
      const p = fromTakeStart(whole);
      return p
        ? [
            '    <ITEM',
            `      POSITION ${secs(p.offsetMs)}`,
            `      LENGTH ${secs(p.durationMs)}`,
            `      SOFFS ${secs(p.sourceMs)}`,
            `      NAME ${q(c.file)}`,
            `      <SOURCE ${c.video ? 'VIDEO' : 'WAVE'}`,
            `        FILE ${q(c.file)}`,
            '      >',
            '    >',
          ]
        : [];
    });
    return ['  <TRACK', `    NAME ${q(c.label)}`, ...items, '  >'].join('\n');
  });
  return [`<REAPER_PROJECT 0.1 "6.0/podster" 0`, `  SAMPLERATE ${rate} 0 0`, ...tracks, '>', ''].join('\n');
}
