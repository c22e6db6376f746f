/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFcpxml } from './fcpxml';
import { timelineOf } from './timeline';
import { LOSSY_GUEST_CAMERA_PIECES, lossyManifest, sampleManifest } from './timeline-fixture';

/** Read back with libxml2's xmllint (Debian's libxml2-utils, in scripts/prerequisites). */
const file = join(mkdtempSync(join(tmpdir(), 'podster-fcpxml-')), 'take.fcpxml');
const xpath = (expr: string) => execFileSync('xmllint', ['--xpath', expr, file]).toString().trim();
const seconds = (s: string) => {
  const [, n, d] = /^(\d+)(?:\/(\d+))?s$/.exec(s)!;
  return (Number(n) * 1000) / Number(d ?? 1);
};

describe('FCPXML writer', () => {
  const m = sampleManifest();
  writeFileSync(file, writeFcpxml(timelineOf(m, 'Take <1> & co')));

  it('is well-formed XML (xmllint) with FCPXML 1.10 structure', () => {
    execFileSync('xmllint', ['--noout', file]);
    expect(xpath('string(/fcpxml/@version)')).toBe('1.10');
    expect(xpath('count(/fcpxml/resources/asset)')).toBe('5');
    expect(xpath('string(/fcpxml/library/event/@name)')).toBe('Take <1> & co');
  });

  it('places every track as a clip at its manifest offset, for its duration, pointing at its file', () => {
    const complete = m.tracks.filter((t) => t.state === 'complete');
    complete.forEach((t, i) => {
      const clip = `/fcpxml/library/event/project/sequence/spine/gap/asset-clip[${i + 1}]`;
      expect(seconds(xpath(`string(${clip}/@offset)`))).toBe(t.offsetMs);
      expect(seconds(xpath(`string(${clip}/@duration)`))).toBe(t.durationMs);
      expect(xpath(`string(${clip}/@name)`)).toBe(`${t.displayName} · ${t.kind}`);
      const ref = xpath(`string(${clip}/@ref)`);
      const src = decodeURIComponent(xpath(`string(/fcpxml/resources/asset[@id='${ref}']/media-rep/@src)`));
      expect(src).toMatch(new RegExp(`^0${i + 1}-.*-${t.kind}\\.(webm|wav)$`));
    });
    // video above the storyline, sound-only below
    expect(xpath('count(//asset-clip[@lane > 0])')).toBe('3');
    expect(xpath('count(//asset-clip[@lane < 0])')).toBe('2');
  });

  it('puts a camera whose recorder lost input in pieces on one lane, each from its place in the file', () => {
    const lossy = join(mkdtempSync(join(tmpdir(), 'podster-fcpxml-')), 'lossy.fcpxml');
    writeFileSync(lossy, writeFcpxml(timelineOf(lossyManifest(), 'lossy')));
    execFileSync('xmllint', ['--noout', lossy]);
    const at = (expr: string) => execFileSync('xmllint', ['--xpath', expr, lossy]).toString().trim();
    const clips = `//asset-clip[@name='Gus Guest · camera']`;
    expect(at(`count(${clips})`)).toBe(String(LOSSY_GUEST_CAMERA_PIECES.length));
    LOSSY_GUEST_CAMERA_PIECES.forEach((p, i) => {
      const clip = `(${clips})[${i + 1}]`;
      expect(seconds(at(`string(${clip}/@offset)`))).toBe(p.offsetMs);
      expect(seconds(at(`string(${clip}/@start)`))).toBe(p.sourceMs);
      expect(seconds(at(`string(${clip}/@duration)`))).toBe(p.durationMs);
    });
    expect(new Set(at(`${clips}/@lane`).split(/\s+/)).size).toBe(1);
    expect(at(`count(//asset-clip[@name='Hana Host · camera'])`)).toBe('1');
  });
});
