import { fromTakeStart } from './camera-pieces';
import type { Clip, Timeline } from './timeline';

/**
 * OpenTimelineIO (`.otio`, JSON): one track per clip, each a Gap as long as the clip's offset then
 * the clip, so every clip starts where the manifest says (a camera cut where its recorder lost
 * input: its pieces with a Gap as long as each loss between them). Times are in milliseconds (rate 1000),
 * the manifest's own unit: no rounding to a frame rate the take never had.
 */
const RATE = 1000;
const time = (ms: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate: RATE, value: ms });
const range = (startMs: number, durationMs: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: time(startMs), duration: time(durationMs) });
const base = (name: string) => ({ metadata: {}, name, effects: [], markers: [], enabled: true });

function track(c: Clip) {
  const children: unknown[] = [];
  let at = 0;
  // a track that started before the take (negative offset) is trimmed at its head
  for (const p of c.pieces.map(fromTakeStart)) {
    if (!p) continue;
    if (p.offsetMs > at) children.push({ OTIO_SCHEMA: 'Gap.1', ...base(at === 0 ? 'offset' : 'lost input'), source_range: range(0, p.offsetMs - at) });
    children.push({
      OTIO_SCHEMA: 'Clip.2',
      ...base(c.label),
      source_range: range(p.sourceMs, p.durationMs),
      media_references: {
        DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', metadata: {}, name: c.file, available_range: range(0, c.durationMs), available_image_bounds: null, target_url: c.file },
      },
      active_media_reference_key: 'DEFAULT_MEDIA',
    });
    at = p.offsetMs + p.durationMs;
  }
  return { OTIO_SCHEMA: 'Track.1', ...base(c.label), source_range: null, kind: c.video ? 'Video' : 'Audio', children };
}

export function writeOtio(t: Timeline): string {
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: { podster: { note: 'every track is placed at its offset from the take start' } },
    name: t.name,
    global_start_time: time(0),
    tracks: { OTIO_SCHEMA: 'Stack.1', ...base('tracks'), source_range: null, children: t.clips.map(track) },
  };
  return `${JSON.stringify(timeline, null, 2)}\n`;
}
