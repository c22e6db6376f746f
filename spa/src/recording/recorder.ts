import { videoBitrate } from './capture-settings';
import { ChunkQueue } from './chunk-queue';
import type { Kind } from './db';
import type { Uploader } from './uploader';
import { placeFirstSample, placeInTurn, type Placement } from '../sync/placement';
import { FirstFrameWatch } from './first-frame';
import { AudioLead } from './audio-lead';
import { inputLatencyMs } from './input-latency';
import type { TimecodeJump } from './timecode-skips';
import type { FlushEnd } from './flush-watch';
import { CameraSound, soundMatchSummary, type SoundPlacement } from './camera-sound';

/** What the end-to-end tests read of a recorder's start (window.__podster.trackStarts). */
export interface TrackStart {
  localId: string;
  kind: Kind;
  takeId: string;
  /** When the recorder really started, on the page's clock (performance.now()): for video, its first frame's capture. */
  startedLocal: number;
  /** The same instant on the server's clock, as the track reports it; null until placed. */
  firstSampleAt: number | null;
  /** A camera's placement by its sound against the lossless track (camera-sound.ts): the lag found and how well it matched, or why not. */
  soundMatch?: ReturnType<typeof soundMatchSummary>;
  /** Lossless audio: silence put in where the browser lost microphone input (gap-filler.ts, timecode-skips.ts), ms. */
  filledMs?: number;
  /** Lossless audio: each stretch of that silence, where it begins on the track's time line and how long it is (ms). */
  fills?: { atMs: number; ms: number }[];
  /** Lossless audio in Chromium: where its PCM recorder's timecodes jumped (pcm-webm.ts). */
  timecodeJumps?: TimecodeJump[];
  /** Lossless audio in Chromium: how much earlier its recorder's time line began than its start() said (stamp-origin.ts), ms. */
  originMovedMs?: number;
  /** Lossless audio: its drift marks, `[serverTimeMs, samples]`, as complete sends them (SampleClock). */
  marks?: readonly [number, number][];
  /** Lossless audio: how its tap's flush at Stop ended (flush-watch.ts). */
  flush?: FlushEnd;
  /** A MediaRecorder's output so far: how many slices with data, how many bytes, and what it said if it failed. */
  output?: { slices: number; bytes: number; error: string | null; videoAtStop: string | null };
}

/** What the page's recorders have in common: the session starts them and stops them. */
export interface Recorder {
  readonly localId: string;
  stop(): Promise<void>;
}

const PREFERRED = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/mp4'];
const PREFERRED_VIDEO_ONLY = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/mp4'];

/** The best container/codec this browser records (vp9, then vp8, then mp4). */
export function pickMimeType(hasAudio: boolean, isSupported: (t: string) => boolean = (t) => MediaRecorder.isTypeSupported(t)): string {
  return (hasAudio ? PREFERRED : PREFERRED_VIDEO_ONLY).find(isSupported) ?? '';
}

export const TIMESLICE_MS = 1000;

/**
 * Records one stream with MediaRecorder in 1 s slices. Each slice goes to IndexedDB (through the
 * uploader) in order, before anything else happens to it.
 */
export class TrackRecorder implements Recorder {
  private readonly chunks: ChunkQueue;
  private startedAt = performance.now();
  /** The placement's write to the uploader: a stop waits for it, so complete carries it. */
  private placed: Promise<void> = Promise.resolve();

  private constructor(
    readonly localId: string,
    private readonly recorder: MediaRecorder,
    private readonly uploader: Uploader,
  ) {
    this.chunks = new ChunkQueue(localId, uploader);
    // Blobs are read in order, each after the one before, so the queue gets them in order.
    let reading: Promise<void> = Promise.resolve();
    this.reading = () => reading;
    recorder.ondataavailable = (e: BlobEvent) => {
      this.output.slices += e.data.size > 0 ? 1 : 0;
      this.output.bytes += e.data.size;
      if (e.data.size === 0) return;
      const elapsed = performance.now() - this.startedAt;
      const data = e.data;
      reading = reading.then(async () => {
        const bytes = await data.arrayBuffer();
        this.audioLead.see(bytes);
        this.sound?.see(bytes);
        this.chunks.push(bytes, elapsed);
      });
    };
  }

  /** What the recorder gave (see TrackStart.output): a camera that gave nothing is dropped at stop. */
  readonly output: NonNullable<TrackStart['output']> = { slices: 0, bytes: 0, error: null, videoAtStop: null };
  private stream: MediaStream | null = null;

  /** Where the file's audio begins after its time 0 (see AudioLead), once the first chunks show it. */
  private readonly audioLead = new AudioLead();
  /** The file's audio, followed to place it by its sound (set where a lossless track records the same microphone). */
  private sound: CameraSound | null = null;

  private readonly reading: () => Promise<void>;

  static async start(
    stream: MediaStream,
    fields: { roomId: string; takeId: string; kind: Kind; label: string },
    uploader: Uploader,
    placement?: Placement,
    started: (s: TrackStart) => void = () => {},
  ): Promise<TrackRecorder> {
    const mimeType = pickMimeType(stream.getAudioTracks().length > 0);
    // A studio recording at what the camera (or screen) delivers: far above what the call carries.
    const video = stream.getVideoTracks()[0]?.getSettings() ?? {};
    const options: MediaRecorderOptions = { videoBitsPerSecond: videoBitrate(video, mimeType), audioBitsPerSecond: 128_000 };
    if (mimeType) options.mimeType = mimeType;
    const recorder = new MediaRecorder(stream, options);
    const localId = await uploader.begin({ ...fields, mimeType: recorder.mimeType || mimeType || 'video/webm' });
    const track = new TrackRecorder(localId, recorder, uploader);
    track.stream = stream;
    recorder.onerror = (e: Event) => {
      const error = (e as Event & { error?: DOMException }).error;
      track.output.error = error ? `${error.name}: ${error.message}` : 'error';
    };
    // Everything slow (the codec's setup, IndexedDB) is done: the recorder starts at the take's instant.
    if (placement) await placement.gate;
    // MediaRecorder records what the track delivers from start() on, but Chromium's file begins at
    // the first video frame it takes, captured up to a frame before the call: the audio, which
    // starts at the call, sits that far into the file. A video-only track (a screen) is placed by
    // its first frame, watched from before the call (first-frame.ts).
    const hasAudio = stream.getAudioTracks().length > 0;
    const frames = hasAudio ? null : FirstFrameWatch.watch(stream.getVideoTracks()[0]);
    const reference = hasAudio ? placement?.reference : undefined;
    if (reference) track.sound = new CameraSound();
    const called = performance.now();
    track.startedAt = called;
    recorder.start(TIMESLICE_MS);
    const start: TrackStart = { localId, kind: fields.kind, takeId: fields.takeId, startedLocal: called, firstSampleAt: null, output: track.output };
    started(start);
    const lead = hasAudio ? track.audioLead.lead() : Promise.resolve(null);
    // Best: by its sound, found in the lossless track (the two recorders may have begun apart);
    // else by start() and the lead; a video-only track by its first frame.
    const bySound: Promise<number | null> = track.sound && reference
      ? track.sound
          .timeZero((k) => reference.stretch(k), lead)
          .catch((e: unknown): SoundPlacement => ({ local: null, why: String(e) }))
          .then((p) => {
            start.soundMatch = soundMatchSummary(p);
            return p.local;
          })
      : Promise.resolve(null);
    // Its audio reached the recorder the microphone's input latency after capture (input-latency.ts).
    const latencyMs = hasAudio ? inputLatencyMs(stream.getAudioTracks()[0]!.getSettings()) : 0;
    const byStart = (): Promise<number | null> =>
      hasAudio ? lead.then((l) => (l === null ? null : called - l - latencyMs)) : (frames?.firstAfter(called) ?? Promise.resolve(null));
    // Placed by start() as soon as the lead is known, and again by its sound once that is found
    // (a person quiet through the take's first minutes is found by what they say later): a tab lost
    // in between keeps the camera placed by start(), not unplaced.
    track.placed = placeInTurn([byStart(), bySound], async (first) => {
      start.startedLocal = track.startedAt = first;
      if (!placement) return;
      const t = await placeFirstSample(placement.sync, first);
      if (!t) return;
      start.firstSampleAt = t.firstSampleAt;
      await uploader.place(localId, t);
    }).catch(() => {});
    return track;
  }

  /** Stops, waits for the last slice to be stored, then lets the uploader finish the file. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        const video = this.stream?.getVideoTracks()[0];
        this.output.videoAtStop = video ? `${video.readyState}${video.muted ? ', muted' : ''}${video.enabled ? '' : ', disabled'}` : null;
        const duration = performance.now() - this.startedAt;
        void this.reading()
          .then(() => this.sound?.stopped())
          .then(() => this.chunks.drained())
          .then(() => this.placed)
          .then(() => this.uploader.stop(this.localId, duration))
          .then(resolve, resolve);
      };
      if (this.recorder.state === 'inactive') return finish();
      this.recorder.onstop = () => setTimeout(finish, 0);
      this.recorder.stop();
    });
  }
}
