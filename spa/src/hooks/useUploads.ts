import { useEffect, useMemo, useState } from 'react';
import { useRecordingService } from '../recording/RecordingContext';
import type { TrackProgress } from '../recording/uploader';

/** This browser's recordings and their upload progress (live); null until the recording service is open. */
export function useUploads(): TrackProgress[] | null {
  const recording = useRecordingService();
  const [uploads, setUploads] = useState<TrackProgress[] | null>(null);
  useEffect(() => {
    let off = () => {};
    let cancelled = false;
    recording.then(
      (s) => {
        if (cancelled) return;
        setUploads(s.snapshot());
        off = s.uploader.onChange(() => setUploads(s.snapshot()));
      },
      // a browser that cannot record shows no uploads (the app root logged why)
      () => {},
    );
    return () => {
      cancelled = true;
      off();
    };
  }, [recording]);
  return uploads;
}

/** What the person may do with a failed recording. */
export interface UploadActions {
  /** Picks it up again. */
  retry(localId: string): void;
  /** Gives it up for good (the person confirmed). */
  discard(localId: string): void;
}

export function useUploadActions(): UploadActions {
  const recording = useRecordingService();
  return useMemo(
    () => ({
      retry: (localId) => void recording.then((s) => s.uploader.retry(localId)),
      discard: (localId) => void recording.then((s) => s.uploader.discard(localId)),
    }),
    [recording],
  );
}
