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
