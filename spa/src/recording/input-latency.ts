/**
 * How long after capture the browser delivers an audio track's samples, as it reports it
 * (`MediaTrackSettings.latency`, seconds; ms here). A recorder's first sample reaches it that long
 * after it was captured, so a track placed by when its recorder started lies that much late: Chromium
 * reported 21.3 ms for a PulseAudio microphone whose beeps its PCM recorder, placed by start(), put
 * 28 ms after PulseAudio's own recorder heard them (10 ms for its fake microphone). Firefox reports
 * nothing (0: its delay, about 0.2 s here, is invisible to a page; docs/signaling-protocol.md).
 */
export function inputLatencyMs(settings: MediaTrackSettings): number {
  const seconds = (settings as { latency?: unknown }).latency;
  // A figure of a second or more is not an input buffer's: not trusted.
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds < 1 ? seconds * 1000 : 0;
}
