import type { Kind, LocalRecording } from './db';

export interface TrackProgress {
  localId: string;
  takeId: string;
  kind: Kind;
  label: string;
  state: 'recording' | 'uploading' | 'complete' | 'failed';
  bytesRecorded: number;
  bytesUploaded: number;
  error?: string;
  /** Recorded bytes the browser would not store yet (kept in memory and tried again), and why. */
  held?: { bytes: number; reason: string };
}

/**
 * What the page shows of this browser's recordings, one entry each: the uploader's view of its
 * IndexedDB records plus what only the page knows (bytes IndexedDB refused), told to listeners on
 * every change.
 */
export class UploadProgress {
  private readonly byId = new Map<string, TrackProgress>();
  private readonly listeners = new Set<() => void>();

  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  snapshot(): TrackProgress[] {
    return [...this.byId.values()];
  }

  /** True while anything recorded is not yet complete on the server. */
  pending(): boolean {
    return this.snapshot().some((p) => p.state === 'recording' || p.state === 'uploading');
  }

  /** The recording as IndexedDB has it now; what IndexedDB refused stays as it was. */
  track(rec: LocalRecording): void {
    const held = this.byId.get(rec.localId)?.held;
    this.set({
      ...(held ? { held } : {}),
      localId: rec.localId, takeId: rec.takeId, kind: rec.kind, label: rec.displayLabel,
      state: rec.failed ? 'failed' : rec.stopped ? 'uploading' : 'recording',
      bytesRecorded: rec.bytesRecorded, bytesUploaded: rec.bytesUploaded,
      ...(rec.failed ? { error: rec.failed } : {}),
    });
  }

  /** Bytes a recorder holds because IndexedDB refused them (0, with no reason, once all are stored). */
  holding(localId: string, bytes: number, reason: string | null): void {
    const p = this.byId.get(localId);
    if (!p) return;
    const { held: _previous, ...rest } = p;
    this.set(bytes > 0 && reason ? { ...rest, held: { bytes, reason } } : rest);
  }

  completed(localId: string): void {
    const p = this.byId.get(localId);
    if (p) this.set({ ...p, state: 'complete', bytesUploaded: p.bytesRecorded });
  }

  failed(localId: string, message: string): void {
    const p = this.byId.get(localId);
    if (p) this.set({ ...p, state: 'failed', error: message });
  }

  forget(localId: string): void {
    this.byId.delete(localId);
    this.changed();
  }

  private set(p: TrackProgress): void {
    this.byId.set(p.localId, p);
    this.changed();
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
