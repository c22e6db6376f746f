import { makeZip } from 'client-zip';
import { alignWav } from './aligner';
import { writeFcpxml } from './fcpxml';
import { completeTracks, type ManifestTrack, type TakeManifest } from './manifest';
import { alignedName, entryNames, isLosslessWav } from './names';
import { writeOtio } from './otio';
import { writeRpp } from './rpp';
import { timelineOf } from './timeline';

/** Opens one stored track's bytes (from its presigned GET, in the page). */
export type OpenTrack = (t: ManifestTrack) => Promise<ReadableStream<Uint8Array>>;

export interface TakeZipOptions {
  /** The projects' and ZIP's base name, e.g. `Studio-take-3`. */
  name: string;
  stoppedAt?: string | null;
  open: OpenTrack;
  /** Bytes read from the store so far, of `total` (audio tracks count twice: stored and aligned). */
  onProgress?: (done: number, total: number) => void;
}

export interface TakeZip {
  stream: ReadableStream<Uint8Array>;
  /** The bytes the ZIP reads from the store (the progress bar's 100 %). */
  total: number;
  entries: string[];
}

/** Counts bytes as they pass and checks a stored track arrived whole. */
async function* counted(source: ReadableStream<Uint8Array>, expect: number | null, what: string, add: (n: number) => void): AsyncGenerator<Uint8Array> {
  const reader = source.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      add(value.byteLength);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
  if (expect != null && seen !== expect) throw new Error(`${what} arrived with ${seen} of its ${expect} bytes`);
}

/**
 * The whole take as one ZIP stream (client-zip: stored entries, CRC-32, ZIP64 when past 4 GiB):
 * manifest.json, the three projects, every complete track as stored, then `aligned/` WAVs. Each
 * track is fetched only when the ZIP reaches it and flows through chunk by chunk, so the tab
 * holds a few chunks whatever the take's size.
 */
export function takeZip(m: TakeManifest, o: TakeZipOptions): TakeZip {
  const tracks = completeTracks(m);
  const names = entryNames(tracks);
  const timeline = timelineOf(m, o.name, o.stoppedAt);
  const wavs = tracks.filter(isLosslessWav);
  const total = [...tracks, ...wavs].reduce((n, t) => n + (t.size ?? 0), 0);
  let done = 0;
  const add = (n: number) => {
    done += n;
    o.onProgress?.(done, total);
  };
  const lastModified = m.startedAt ? new Date(m.startedAt) : new Date();
  const text = (name: string, body: string) => ({ name, input: body, lastModified });
  const entries = [
    'manifest.json', `${o.name}.otio`, `${o.name}.fcpxml`, `${o.name}.rpp`,
    ...tracks.map((t) => names.get(t.recordingId)!),
    ...wavs.map((t) => alignedName(names.get(t.recordingId)!)),
  ];
  async function* files() {
    yield text('manifest.json', `${JSON.stringify(m.raw, null, 2)}\n`);
    yield text(`${o.name}.otio`, writeOtio(timeline));
    yield text(`${o.name}.fcpxml`, writeFcpxml(timeline));
    yield text(`${o.name}.rpp`, writeRpp(timeline));
    for (const t of tracks) {
      const name = names.get(t.recordingId)!;
      yield { name, lastModified, input: counted(await o.open(t), t.size, name, add) };
    }
    for (const t of wavs) {
      const name = alignedName(names.get(t.recordingId)!);
      const source = counted(await o.open(t), t.size, name, add);
      yield { name, lastModified, input: alignWav(toStream(source), { offsetMs: t.offsetMs, driftPpm: t.driftPpm, totalBytes: t.size }) };
    }
  }
  return { stream: makeZip(files(), { buffersAreUTF8: true }), total, entries };
}

function toStream(it: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      const n = await it.next();
      if (n.done) c.close();
      else c.enqueue(n.value);
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
