/** The PCM tap's registered name, shared by the worklet and the page that loads it. */
export const PCM_TAP = 'podster-pcm-tap';

/** A block the tap posts: one array per channel, all of one length. */
export interface TapBlock {
  channels: Float32Array[];
  /** When the block reached the page (performance.now()), if the tap knows better than its handler's call. */
  arrivedAt?: number;
  /**
   * The wall time (Date.now() on the audio thread) by which the block's last sample had been
   * captured, read off the quanta that carried it (BlockStamp): its capture plus a delay of a
   * fraction of a millisecond where one of them was rendered on time.
   */
  renderedAt?: number;
  /**
   * On the track's first block only: the wall time of its first sample on the audio thread's
   * smoothed clock (see RenderClock; the take's instant itself for a start told ahead). A render
   * thread that falls behind within the first block (up to 119 ms on loaded cores) would otherwise
   * place the whole track that late.
   */
  firstRenderedAt?: number;
  /**
   * Where in the block (frame indexes, in order) the tap put in silence for input the browser
   * lost, and how many frames: the camera's recorder lost the same input without a word, so the
   * two are matched by their sounds on one side of it (AudioReference.lost).
   */
  fills?: Fill[];
  /** On the block that carries them only: silent frames the track began with, for input lost between the take's instant and its first sample (StartCut). */
  leadSilence?: number;
}

/** Silence a tap put in for lost input: `frames` of it, from frame `at` of its block. */
export interface Fill {
  at: number;
  frames: number;
}
