import type { Fill } from './manifest';

/** A stretch of a file placed on the take's time line: from `sourceMs` into the file, at `offsetMs`, for `durationMs`. */
export interface Piece {
  sourceMs: number;
  offsetMs: number;
  durationMs: number;
}

/**
 * A camera file cut where its recorder lost the microphone's input. Where the browser lost input,
 * the lossless track of the same microphone put silence in and kept time (its `fills`); the camera's
 * MediaRecorder lost the same input without a gap in its file (measured: beep by beep, a camera
 * placed by its sound stepped by each fill, at the fill, in Chromium and Firefox alike; Firefox's
 * picture loses that time too). So from each loss on, the file's content belongs that much later:
 * each piece goes after the losses before it. A loss before the camera began, or after it ended, is
 * not the camera's.
 */
export function cameraPieces(camera: { offsetMs: number; durationMs: number }, lossless: { offsetMs: number; fills: readonly Fill[] } | null): Piece[] {
  const pieces: Piece[] = [];
  // Whole milliseconds, as every writer takes them; the shift is summed unrounded.
  const piece = (from: number, to: number, shift: number) => ({ sourceMs: from, offsetMs: Math.round(camera.offsetMs + from + shift), durationMs: to - from });
  let from = 0;
  let shift = 0;
  for (const fill of lossless?.fills ?? []) {
    // where the loss began, on the take's time line, and so in the camera's file
    const at = Math.round(lossless!.offsetMs + fill.atMs - camera.offsetMs - shift);
    if (at >= camera.durationMs) break;
    if (at <= 0) continue;
    if (at > from) pieces.push(piece(from, at, shift));
    from = Math.max(from, at);
    shift += fill.ms;
  }
  pieces.push(piece(from, camera.durationMs, shift));
  return pieces;
}

/** The part of a piece from the take's start on (a track that began before it is trimmed at its head); null if none. */
export function fromTakeStart(p: Piece): Piece | null {
  const head = Math.max(0, -p.offsetMs);
  if (head >= p.durationMs) return null;
  return { sourceMs: p.sourceMs + head, offsetMs: p.offsetMs + head, durationMs: p.durationMs - head };
}
