import { describe, expect, it } from 'vitest';
import { writeOtio } from './otio';
import { timelineOf } from './timeline';
import { LOSSY_GUEST_CAMERA_PIECES, lossyManifest, sampleManifest } from './timeline-fixture';

interface Node {
  OTIO_SCHEMA: string;
  name: string;
  kind?: string;
  children?: Node[];
  source_range?: { OTIO_SCHEMA: string; start_time: { rate: number; value: number }; duration: { rate: number; value: number } } | null;
  media_references?: Record<string, { OTIO_SCHEMA: string; target_url: string }>;
  active_media_reference_key?: string;
}
const ms = (t: { rate: number; value: number }) => (t.value * 1000) / t.rate;

/**
 * No OpenTimelineIO installs here (not in Debian, not on npm, no PyPI): the file is read as its
 * JSON, checking the schema names and versions OTIO 0.15+ reads, and where each clip lands.
 */
describe('OpenTimelineIO writer', () => {
  const m = sampleManifest();
  const otio = JSON.parse(writeOtio(timelineOf(m, 'podster-take-1'))) as Node & { tracks: Node };

  it('is a Timeline whose Stack holds one track per complete track', () => {
    expect(otio.OTIO_SCHEMA).toBe('Timeline.1');
    expect(otio.tracks.OTIO_SCHEMA).toBe('Stack.1');
    const tracks = otio.tracks.children!;
    expect(tracks.map((t) => t.OTIO_SCHEMA)).toEqual(Array(5).fill('Track.1'));
    expect(tracks.map((t) => t.kind)).toEqual(['Video', 'Audio', 'Video', 'Video', 'Audio']);
    for (const t of tracks) for (const c of t.children!) expect(['Gap.1', 'Clip.2']).toContain(c.OTIO_SCHEMA);
  });

  it('places every track at its manifest offset, for its duration, naming its file', () => {
    const complete = m.tracks.filter((t) => t.state === 'complete');
    otio.tracks.children!.forEach((track, i) => {
      const at = track.children!.filter((c) => c.OTIO_SCHEMA === 'Gap.1').reduce((n, g) => n + ms(g.source_range!.duration), 0);
      const clip = track.children!.find((c) => c.OTIO_SCHEMA === 'Clip.2')!;
      expect(at).toBe(complete[i]!.offsetMs);
      expect(ms(clip.source_range!.duration)).toBe(complete[i]!.durationMs);
      const ref = clip.media_references![clip.active_media_reference_key!]!;
      expect(ref.OTIO_SCHEMA).toBe('ExternalReference.1');
      expect(ref.target_url).toMatch(new RegExp(`^0${i + 1}-.*\\.(webm|wav)$`));
    });
  });

  it('puts a camera whose recorder lost input in pieces, with a gap as long as each loss between them', () => {
    const lossy = JSON.parse(writeOtio(timelineOf(lossyManifest(), 'lossy'))) as Node & { tracks: Node };
    const gus = lossy.tracks.children!.find((t) => t.name === 'Gus Guest · camera')!;
    let at = 0;
    const placed = gus.children!.flatMap((c) => {
      const d = ms(c.source_range!.duration);
      at += d;
      return c.OTIO_SCHEMA === 'Clip.2' ? [{ sourceMs: ms(c.source_range!.start_time), offsetMs: at - d, durationMs: d }] : [];
    });
    expect(placed).toEqual(LOSSY_GUEST_CAMERA_PIECES);
    expect(gus.children!.map((c) => c.name)).toEqual(['offset', 'Gus Guest · camera', 'lost input', 'Gus Guest · camera', 'lost input', 'Gus Guest · camera']);
  });
});
