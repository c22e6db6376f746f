import { useEffect, useState } from 'react';
import type { TrackProgress } from '../recording/uploader';
import { recordingService } from '../recording/service';

/** This browser's recordings and their upload progress (live). */
export function useUploads(): TrackProgress[] | null {
  const [uploads, setUploads] = useState<TrackProgress[] | null>(null);
  useEffect(() => {
    if (typeof indexedDB === 'undefined') return;
    let off = () => {};
    let cancelled = false;
    recordingService().then(
      (s) => {
        if (cancelled) return;
        setUploads(s.snapshot());
        off = s.uploader.onChange(() => setUploads(s.snapshot()));
      },
      () => {},
    );
    return () => {
      cancelled = true;
      off();
    };
  }, []);
  return uploads;
}

/** A failed recording, picked up again. */
export function retryUpload(localId: string): void {
  void recordingService().then((s) => s.uploader.retry(localId));
}

/** A failed recording, given up for good (the person confirmed). */
export function discardUpload(localId: string): void {
  void recordingService().then((s) => s.uploader.discard(localId));
}
