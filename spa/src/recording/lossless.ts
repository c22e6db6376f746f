import { ChunkQueue } from './chunk-queue';
import type { Recorder } from './recorder';
import type { Uploader } from './uploader';
import { PCM_TAP, type Fill, type TapBlock } from './pcm-tap';
import type { TimecodeJump } from './timecode-skips';
import tapUrl from './pcm-tap.worklet.ts?worker&url';
import { PcmEncoder, WAV_MIME, wavHeader, type WavFormat } from './wav';
import { MAX_FILLS, SampleClock, type Placement } from '../sync/placement';
import { GapFiller, type Judged } from './gap-filler';
import type { TrackStart } from './recorder';
import type { AudioReference } from '../sync/audio-reference';
import { FlushWatch, type FlushEnd } from './flush-watch';

/** Where the samples come from: the browser's PCM tap, or a test's fake. */
export interface PcmTapPort {
  readonly format: WavFormat;
  onBlock(handler: (block: TapBlock) => void): void;
  /**
   * Stops the tap; resolves once every sample captured so far was handed to the block handler
   * (or the tap went quiet: see FlushWatch), saying which.
   */
  flush(): Promise<FlushEnd | void>;
  /**
   * The page-clock capture time of the first sample, where the tap can tell (its capture
   * timestamps); else the sample clock estimates it from the blocks' arrivals.
   */
  firstSample?: Promise<number | null>;
  /** Where the tap's own timecodes jumped (Chromium's PCM recorder), for the tests to print. */
  timecodeJumps?: () => readonly TimecodeJump[];
  /** How much earlier its time line began than its start() said (StampOrigin), ms. */
  originMovedMs?: () => number;
}

/** A source whose tap can be opened ahead of the take's start and start itself at it. */
export interface ScheduledTap {
  scheduled(startsAtLocal: number | undefined): PcmTapPort;
}

/** A tap's block with when it reached the page. */
interface TimedBlock {
  channels: Float32Array[];
  arrival: number;
  /** Where the tap put in silence for lost input: TapBlock.fills, and the silence a track began with. */
  fills: Fill[];
}

const START_LIMIT_MS = 3000;

type UploadSink = Pick<Uploader, 'begin' | 'addChunk' | 'stop' | 'holding'> & Partial<Pick<Uploader, 'place'>>;

/**
 * Records the microphone losslessly: every sample the tap hands over, as 24-bit WAV, through the
 * same IndexedDB-first chunks and multipart upload as video. The duration is the sample count, not
 * a wall clock, so the file says exactly how long it is.
 */
export class LosslessRecorder implements Recorder {
  private readonly chunks: ChunkQueue;
  private readonly encoder: PcmEncoder;
  private readonly tap: PcmTapPort;
  private readonly clock: SampleClock | null;
  /** Firefox's blocks: a late one is held a second to find whether input was lost there (see GapFiller). */
  private readonly gaps: GapFiller<TimedBlock>;
  /** Every stretch of silence put in for lost input, where it lies in the track (frames). */
  private readonly fills: Fill[] = [];
  /** The fills' writes to the uploader, in order: a stop waits for them, so complete carries them. */
  private fillsStored: Promise<void> = Promise.resolve();
  /** What the end-to-end tests read of this track's start (and of silence put in). */
  private readonly start: TrackStart;
  /** The take's reference sound for the camera file of this microphone (camera-sound.ts). */
  private readonly reference: AudioReference | undefined;

  private constructor(
    readonly localId: string,
    tap: PcmTapPort,
    private readonly format: WavFormat,
    private readonly uploader: UploadSink,
    placement: Placement | undefined,
    started: (s: TrackStart) => void,
    takeId: string,
  ) {
    this.chunks = new ChunkQueue(localId, uploader);
    this.encoder = new PcmEncoder(format);
    // The header first, with no sizes yet: the uploader writes them into part 1 at Stop.
    this.store(wavHeader(format, 0));
    this.gaps = new GapFiller<TimedBlock>(format.sampleRate);
    const start: TrackStart = (this.start = { localId, kind: 'audio', takeId, startedLocal: performance.now(), firstSampleAt: null });
    const reference = (this.reference = placement?.reference);
    this.clock = placement
      ? new SampleClock(format.sampleRate, placement.sync, (patch) => {
          if (patch.firstSampleAt !== undefined) start.firstSampleAt = patch.firstSampleAt;
          return uploader.place?.(localId, patch) ?? Promise.resolve();
        }, (firstLocal) => {
          start.startedLocal = firstLocal;
          reference?.placedAt(firstLocal);
        })
      : null;
    if (this.clock) start.marks = this.clock.marks;
    started(start);
    this.tap = tap;
    void tap.firstSample?.then((t) => t !== null && this.clock?.firstAt(t));
    this.tap.onBlock((b) => {
      // Stamped before anything else: the block's arrival is what places its samples in time.
      const arrival = b.arrivedAt ?? performance.now();
      const block = { channels: b.channels, arrival, fills: [...(b.leadSilence ? [{ at: 0, frames: b.leadSilence }] : []), ...(b.fills ?? [])] };
      if (b.firstRenderedAt !== undefined) this.gaps.anchor(b.firstRenderedAt);
      if (b.renderedAt === undefined) this.write(block);
      else for (const judged of this.gaps.push(block, b.renderedAt, b.channels[0]?.length ?? 0)) this.writeJudged(judged);
    });
  }

  /**
   * Begins the track, then opens the tap at the take's start instant (`placement.gate`): the tap
   * records from when it is made, so it is made only then. A tap that can start itself (Firefox's
   * worklet) is opened as soon as the instant is known and told it instead.
   */
  static async start(
    tap: PcmTapPort | (() => PcmTapPort) | ScheduledTap,
    fields: { roomId: string; takeId: string; label: string },
    uploader: UploadSink,
    placement?: Placement,
    started: (s: TrackStart) => void = () => {},
  ): Promise<LosslessRecorder> {
    const localId = await uploader.begin({ ...fields, kind: 'audio', mimeType: WAV_MIME });
    let open: PcmTapPort;
    if ('scheduled' in tap) {
      // Told the instant before it comes, the tap starts itself then, not when the page wakes.
      const at = placement ? await (placement.startsAt ?? placement.gate.then(() => null)) : null;
      open = tap.scheduled(at ?? undefined);
    } else {
      if (placement) await placement.gate;
      open = typeof tap === 'function' ? tap() : tap;
    }
    return new LosslessRecorder(localId, open, open.format, uploader, placement, started, fields.takeId);
  }

  /** Samples captured so far. */
  get frames(): number {
    return this.encoder.framesWritten;
  }

  get durationMs(): number {
    return (this.encoder.framesWritten / this.format.sampleRate) * 1000;
  }

  async stop(): Promise<void> {
    const flushed = await this.tap.flush();
    if (flushed) this.start.flush = flushed;
    for (const judged of this.gaps.flush()) this.writeJudged(judged);
    if (this.tap.timecodeJumps) this.start.timecodeJumps = [...this.tap.timecodeJumps()];
    if (this.tap.originMovedMs) this.start.originMovedMs = this.tap.originMovedMs();
    this.store(this.encoder.flush());
    // Said even where none went in: the manifest then tells "nothing lost" from "not known".
    this.storeFills();
    await this.fillsStored;
    await this.clock?.finish(this.encoder.framesWritten);
    this.reference?.end();
    await this.chunks.drained();
    await this.uploader.stop(this.localId, this.durationMs);
  }

  /**
   * Silence went in for lost input, `frames` of it `at` frames into the track: told to the tests
   * (TrackStart.fills, filledMs) and to the reference, which must not match across it.
   */
  private filled(at: number, frames: number): void {
    this.fills.push({ at, frames });
    const ms = (f: number) => Math.round((f / this.format.sampleRate) * 10_000) / 10;
    this.start.fills = this.fills.map((f) => ({ atMs: ms(f.at), ms: ms(f.frames) }));
    this.start.filledMs = Math.round(ms(this.fills.reduce((n, f) => n + f.frames, 0)));
    this.storeFills();
  }

  /** The fills so far to the track's timing (kept with it in IndexedDB, so a resumed upload has them too). */
  private storeFills(): void {
    const fills = (this.start.fills ?? []).slice(0, MAX_FILLS).map((f): [number, number] => [f.atMs, f.ms]);
    this.fillsStored = this.fillsStored.then(() => this.uploader.place?.(this.localId, { fills })).catch(() => {});
  }

  /** A block, after the silence for what the browser lost before it (see GapFiller), so the rest stays in time. */
  private writeJudged({ block, silenceBefore }: Judged<TimedBlock>): void {
    if (silenceBefore > 0) {
      this.filled(this.encoder.framesWritten, silenceBefore);
      this.reference?.lost(silenceBefore, this.format.sampleRate);
      this.store(this.encoder.encode(block.channels.map(() => new Float32Array(silenceBefore))));
    }
    this.write(block);
  }

  private write({ channels, arrival, fills }: TimedBlock): void {
    const before = this.encoder.framesWritten;
    for (const fill of fills) this.filled(before + fill.at, fill.frames);
    this.store(this.encoder.encode(channels));
    if (this.reference) this.feedReference(this.reference, channels, fills);
    this.clock?.block(arrival, this.encoder.framesWritten);
  }

  /** The block's sound to the reference, and the silence put in for lost input as what it is, not sound. */
  private feedReference(reference: AudioReference, channels: Float32Array[], fills: Fill[]): void {
    const rate = this.format.sampleRate;
    let at = 0;
    for (const fill of fills) {
      if (fill.at > at) reference.feed(channels.map((c) => c.subarray(at, fill.at)), rate);
      reference.lost(fill.frames, rate);
      at = fill.at + fill.frames;
    }
    if (at < (channels[0]?.length ?? 0)) reference.feed(channels.map((c) => c.subarray(at)), rate);
  }

  private store(bytes: Uint8Array): void {
    if (bytes.byteLength > 0) this.chunks.push(bytes.buffer as ArrayBuffer, this.durationMs);
  }
}

let graphRate: number | undefined;

/**
 * The rate the lossless track of this microphone records at: its own, or where the browser does
 * not say (Firefox) the rate of the browser's audio graph, which it runs at (see LosslessSource).
 */
export function losslessRate(settings: MediaTrackSettings): number {
  if (settings.sampleRate) return settings.sampleRate;
  if (graphRate === undefined) {
    if (typeof AudioContext === 'undefined') return 48_000;
    const probe = new AudioContext();
    graphRate = probe.sampleRate;
    void probe.close();
  }
  return graphRate;
}

/**
 * The microphone's audio graph for the lossless track, opened at Join (a user gesture, so the
 * AudioContext may run) at the track's own sample rate, so nothing is resampled. Each take gets a
 * tap of its own.
 */
export class LosslessSource {
  private constructor(
    private readonly ctx: AudioContext,
    /** The tap's node, rendering from Join on (see pcm-tap.worklet.ts): takes start and stop it. */
    private readonly node: AudioWorkletNode,
    readonly format: WavFormat,
    /** The microphone's settings as opened: what the lossless track records (processing included). */
    readonly settings: MediaTrackSettings,
  ) {}

  static async open(track: MediaStreamTrack): Promise<LosslessSource> {
    const settings = track.getSettings();
    // Firefox does not report a microphone's rate: it runs it at its audio graph's, the rate an
    // AudioContext gets by default. Asking for another would have Firefox resample.
    const ctx = new AudioContext(settings.sampleRate ? { sampleRate: settings.sampleRate, latencyHint: 'playback' } : { latencyHint: 'playback' });
    // A context that never runs (Firefox with no audio output device: resume() never settles)
    // would record an empty track: better said at Join than found after the take.
    await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, START_LIMIT_MS))]);
    if (ctx.state !== 'running') {
      void ctx.close();
      throw new Error('the browser’s audio does not start (is there an audio output device?)');
    }
    await ctx.audioWorklet.addModule(tapUrl);
    const source = new MediaStreamAudioSourceNode(ctx, { mediaStream: new MediaStream([track]) });
    const channels = Math.min(2, Math.max(1, settings.channelCount ?? 1));
    const node = new AudioWorkletNode(ctx, PCM_TAP, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      channelCount: channels,
      channelCountMode: 'explicit',
      processorOptions: { blockFrames: Math.round(ctx.sampleRate / 4) },
    });
    source.connect(node);
    // Its output is silence; joining the destination keeps every browser rendering the tap.
    node.connect(ctx.destination);
    return new LosslessSource(ctx, node, { sampleRate: ctx.sampleRate, channels }, settings);
  }

  /**
   * A new tap that starts capturing at `startsAtLocal` (page clock), judged on the audio thread:
   * a Firefox page busy at the take's start instant began its track up to 90 ms after the others.
   */
  scheduled(startsAtLocal: number | undefined): PcmTapPort {
    const node = this.node;
    let handler: (b: TapBlock) => void = () => {};
    let stopping: FlushWatch | null = null;
    let placeFirst: (at: number | null) => void = () => {};
    const firstSample = new Promise<number | null>((resolve) => (placeFirst = resolve));
    node.port.onmessage = (e: MessageEvent) => {
      stopping?.alive();
      if ((e.data as { flushed?: boolean }).flushed) stopping?.finished();
      else {
        const b = e.data as TapBlock;
        if (b.firstRenderedAt !== undefined) placeFirst(b.firstRenderedAt - performance.timeOrigin);
        // Placed by when the audio thread finished it, not by when a busy page got round to it.
        // (The context's output timestamp, read for every block, froze Firefox's page: it waits
        // on the audio device, which on a loaded machine did not answer for minutes.)
        if (b.renderedAt !== undefined) b.arrivedAt = b.renderedAt - performance.timeOrigin;
        handler(b);
      }
    };
    node.port.postMessage(startsAtLocal === undefined ? 'start' : { startAt: startsAtLocal + performance.timeOrigin });
    void this.ctx.resume();
    return {
      format: this.format,
      firstSample,
      onBlock: (h) => (handler = h),
      flush: async () => {
        // A closed or stalled audio thread must not keep the take from finishing its upload.
        const watch = (stopping = new FlushWatch());
        node.port.postMessage('flush');
        const end = await watch.ended;
        placeFirst(null);
        handler = () => {};
        return end;
      },
    };
  }

  close(): void {
    void this.ctx.close();
  }
}
