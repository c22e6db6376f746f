import type { AudioReference } from './audio-reference';
import type { ClockSync } from './clock';

/**
 * Where a track sits on the server's clock, as sent with complete (`timing`, see
 * docs/signaling-protocol.md "Clock" and the manifest): the server time of its first recorded
 * sample and the clock estimate behind it; for lossless audio also its nominal rate, its sample
 * count and marks `[serverTimeMs, samples]` from which the server measures its drift.
 */
export interface TrackTiming {
  firstSampleAt: number;
  clockOffsetMs: number;
  clockUncertaintyMs: number;
  sampleRate?: number;
  samples?: number;
  marks?: [number, number][];
  /**
   * Lossless audio: where silence went in for input the browser lost, `[atMs, ms]` on the track's
   * own time line; the person's camera file lacks that time (see the manifest's `fills`).
   */
  fills?: [number, number][];
}

/** Timing the server accepts: a first sample placed with a clock estimate (the rest is optional). */
export function placed(t: Partial<TrackTiming> | undefined): t is TrackTiming {
  return !!t && typeof t.firstSampleAt === 'number' && typeof t.clockOffsetMs === 'number' && typeof t.clockUncertaintyMs === 'number';
}

/** What a recorder needs to place itself: the clock, and the moment it may start (the synced start). */
export interface Placement {
  sync: ClockSync;
  /** Resolves at the take's start instant (at once for a take already running). */
  gate: Promise<void>;
  /**
   * That instant on the page's clock, known before the gate opens (null: start at once), for a
   * recorder that can start itself on time however late the page gets round to the gate.
   */
  startsAt?: Promise<number | null>;
  /** The take's lossless track of this microphone, against which a camera file is placed by its sound. */
  reference?: AudioReference;
}

/** How a recorder hands its timing to the uploader (which keeps it with the recording in IndexedDB). */
export type TimingSink = (patch: Partial<TrackTiming>) => Promise<void>;

/** How long a stopping recorder waits for a first clock estimate before finishing unplaced. */
export const PLACE_LIMIT_MS = 5000;

/**
 * The first sample's place on the server clock, once the clock has its first estimate (a joiner
 * may start recording before its first burst of time requests is answered: the local instant is
 * kept and mapped when it is).
 */
export async function placeFirstSample(sync: ClockSync, firstLocal: number): Promise<Pick<TrackTiming, 'firstSampleAt' | 'clockOffsetMs' | 'clockUncertaintyMs'> | null> {
  await Promise.race([sync.ready(), new Promise((r) => setTimeout(r, PLACE_LIMIT_MS))]);
  const e = sync.clock.estimate();
  if (!e) return null;
  return { firstSampleAt: sync.clock.toServer(firstLocal, e)!, clockOffsetMs: e.offsetMs, clockUncertaintyMs: e.uncertaintyMs };
}

/**
 * Writes a recording's first-sample instant as each way of finding it gives one, in the order
 * given (the roughest first): a tab lost before the better way answers still has the rougher
 * placement stored, and the better one, once found, replaces it. A way that finds nothing (null)
 * or fails leaves what was written before.
 */
export async function placeInTurn(ways: Promise<number | null>[], write: (firstLocal: number) => Promise<void>): Promise<void> {
  for (const way of ways) {
    const first = await way.catch(() => null);
    if (first !== null) await write(first);
  }
}

/** Fills the server takes with a track's timing; a track that lost input more often than this tells the first ones. */
export const MAX_FILLS = 10_000;

/** Marks a lossless track keeps (the server takes up to 10,000): past this, every other one is dropped. */
export const MAX_MARKS = 2000;
/** A mark a second: a short take still gets a slope; a long one is thinned to MAX_MARKS. */
export const MARK_EVERY_MS = 1000;
/** The first blocks over which the earliest arrival fixes the first sample's time. */
export const FIRST_SAMPLE_WINDOW_MS = 5000;

/**
 * Follows a lossless tap's blocks on the page's clock. A block reaches the page some time after
 * its last sample was captured, never before, so `arrival − (samples so far / rate)` is the first
 * sample's capture time plus a delay that varies block to block: the smallest over the first
 * seconds is the best estimate. Marks pair the server time of an arrival with the samples then
 * captured; the server fits a line through them (drift).
 */
export class SampleClock {
  private firstLocal = Infinity;
  private lastMarkLocal = -Infinity;
  private candidate: { arrivalLocal: number; samples: number; first: number } | null = null;
  private settled = false;
  /** The sink's writes, in order: a stop waits for them, so complete finds the timing stored. */
  private writes: Promise<void> = Promise.resolve();
  readonly marks: [number, number][] = [];

  constructor(
    private readonly rate: number,
    private readonly sync: ClockSync,
    private readonly sink: TimingSink,
    private readonly onFirst: (firstLocal: number) => void = () => {},
  ) {}

  /** A block arrived at local time `arrivalLocal`, bringing the count to `samples`. */
  block(arrivalLocal: number, samples: number): void {
    const first = arrivalLocal - (samples / this.rate) * 1000;
    if (!this.settled) {
      if (first < this.firstLocal) this.firstLocal = first;
      if (arrivalLocal - this.firstLocal >= FIRST_SAMPLE_WINDOW_MS) this.settle();
    }
    // Of each second's blocks, the one that arrived soonest after its samples makes the mark: the
    // page's delays (a busy main thread, bursts of audio callbacks) would otherwise be the slope.
    if (!this.candidate || first < this.candidate.first) this.candidate = { arrivalLocal, samples, first };
    if (arrivalLocal - this.lastMarkLocal < MARK_EVERY_MS) return;
    const estimate = this.sync.clock.estimate();
    if (!estimate) return;
    const mark = this.candidate;
    this.candidate = null;
    this.lastMarkLocal = arrivalLocal;
    this.marks.push([this.sync.clock.toServer(mark.arrivalLocal, estimate)!, mark.samples]);
    if (this.marks.length > MAX_MARKS) {
      const kept = this.marks.filter((_, i) => i % 2 === 0);
      this.marks.splice(0, this.marks.length, ...kept);
    }
    this.write({ marks: [...this.marks], samples });
  }

  /** The first sample's capture instant, known (from capture timestamps): placed with it at once. */
  firstAt(firstLocal: number): void {
    if (this.settled) return;
    this.firstLocal = firstLocal;
    this.settle();
  }

  /** The first sample is placed with what was seen (after the first seconds, or at stop). */
  private settle(): void {
    if (this.settled || this.firstLocal === Infinity) return;
    this.settled = true;
    const firstLocal = this.firstLocal;
    this.onFirst(firstLocal);
    const placed = placeFirstSample(this.sync, firstLocal);
    this.writes = this.writes.then(() => placed).then((t) => (t ? this.sink({ ...t, sampleRate: this.rate }) : undefined)).catch(() => {});
  }

  /** At stop: the final count, once every earlier write is stored. */
  async finish(samples: number): Promise<void> {
    this.settle();
    this.write({ samples });
    await this.writes;
  }

  private write(patch: Partial<TrackTiming>): void {
    this.writes = this.writes.then(() => this.sink(patch)).catch(() => {});
  }
}
