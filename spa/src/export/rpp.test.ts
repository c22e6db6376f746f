import { describe, expect, it } from 'vitest';
import { writeRpp } from './rpp';
import { timelineOf } from './timeline';
import { LOSSY_GUEST_CAMERA_PIECES, lossyManifest, sampleManifest } from './timeline-fixture';

interface Block {
  tag: string[];
  lines: string[][];
  children: Block[];
}

/** Reaper's chunk syntax (`<TAG args` … `>`, one attribute a line, "-quoted strings): no reader installs here, so read it by the grammar. */
function parse(text: string): Block {
  const tokens = (l: string) => [...l.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  const root: Block = { tag: [], lines: [], children: [] };
  const stack = [root];
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (!l) continue;
    if (l.startsWith('<')) {
      const b = { tag: tokens(l.slice(1)), lines: [], children: [] };
      stack.at(-1)!.children.push(b);
      stack.push(b);
    } else if (l === '>') stack.pop();
    else stack.at(-1)!.lines.push(tokens(l));
  }
  expect(stack).toHaveLength(1);
  return root.children[0]!;
}
const attr = (b: Block, key: string) => b.lines.find((l) => l[0] === key)?.slice(1);

describe('Reaper project writer', () => {
  const m = sampleManifest();
  const project = parse(writeRpp(timelineOf(m, 'take')));

  it('is a REAPER_PROJECT with one track per complete track', () => {
    expect(project.tag[0]).toBe('REAPER_PROJECT');
    expect(attr(project, 'SAMPLERATE')?.[0]).toBe('48000');
    expect(project.children.map((c) => c.tag[0])).toEqual(Array(5).fill('TRACK'));
  });

  it('places each file as an item at its manifest offset, video as VIDEO, sound as WAVE', () => {
    const complete = m.tracks.filter((t) => t.state === 'complete');
    project.children.forEach((track, i) => {
      const t = complete[i]!;
      const item = track.children[0]!;
      expect(attr(track, 'NAME')).toEqual([`${t.displayName} · ${t.kind}`]);
      expect(Number(attr(item, 'POSITION')![0]) * 1000).toBeCloseTo(t.offsetMs, 6);
      expect(Number(attr(item, 'LENGTH')![0]) * 1000).toBeCloseTo(t.durationMs!, 6);
      const source = item.children[0]!;
      expect(source.tag[1]).toBe(t.kind === 'audio' ? 'WAVE' : 'VIDEO');
      expect(attr(source, 'FILE')![0]).toMatch(new RegExp(`^0${i + 1}-.*-${t.kind}\\.(webm|wav)$`));
    });
  });

  it('puts a camera whose recorder lost input in an item per piece, each from its place in the file', () => {
    const lossy = parse(writeRpp(timelineOf(lossyManifest(), 'lossy')));
    const gus = lossy.children.find((t) => attr(t, 'NAME')?.[0] === 'Gus Guest · camera')!;
    const sec = (b: Block, key: string) => Math.round(Number(attr(b, key)![0]) * 1000);
    expect(gus.children.map((item) => ({ sourceMs: sec(item, 'SOFFS'), offsetMs: sec(item, 'POSITION'), durationMs: sec(item, 'LENGTH') }))).toEqual(LOSSY_GUEST_CAMERA_PIECES);
    expect(lossy.children.find((t) => attr(t, 'NAME')?.[0] === 'Hana Host · camera')!.children).toHaveLength(1);
  });
});
