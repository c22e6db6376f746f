import type { UploadPacer } from '../recording/upload-pacing';
import { UplinkReader } from '../rtc/uplink';

/** How often the call's uplink is read while a take records (getStats on every connection). */
export const UPLINK_READ_MS = 1000;

/**
 * While this browser records a take, reads the call's uplink every second and tells the pacer
 * (recording/upload-pacing), so the take's uploads yield to the call; with no take running the
 * stats are not read and the pacer lets uploads go at full speed. Returns the stop.
 */
export function yieldUploadsToCall(
  connections: () => RTCPeerConnection[],
  pacer: Promise<Pick<UploadPacer, 'setRecording' | 'observe'> | undefined>,
  recording: () => boolean,
  every = UPLINK_READ_MS,
): () => void {
  const reader = new UplinkReader();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  void pacer.then((p) => {
    if (!p) return;
    const round = async () => {
      if (stopped) return;
      const on = recording();
      p.setRecording(on);
      if (on) {
        const r = await reader.read(connections());
        if (!stopped) p.observe(r);
      } else p.observe(null);
      if (!stopped) timer = setTimeout(() => void round(), every);
    };
    void round();
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    void pacer.then((p) => {
      p?.setRecording(false);
      p?.observe(null);
    });
  };
}
