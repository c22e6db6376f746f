/**
 * The call's own video is capped apart from the recording: the camera may deliver 1080p or 4K for
 * the local file, but each peer connection sends at most 720p at about 1.5 Mbit/s, so a studio
 * recording never pushes full resolution into everyone's uplink and downlink.
 */
export const CALL_MAX_HEIGHT = 720;
export const CALL_MAX_BITRATE = 1_500_000;
export const CALL_MAX_FRAMERATE = 30;

type SenderLike = Pick<RTCRtpSender, 'getParameters' | 'setParameters'> & { track: Pick<MediaStreamTrack, 'kind' | 'getSettings'> | null };

/** The encoding limits for a camera track of this height. */
export function callEncoding(height: number | undefined): RTCRtpEncodingParameters {
  return {
    maxBitrate: CALL_MAX_BITRATE,
    maxFramerate: CALL_MAX_FRAMERATE,
    scaleResolutionDownBy: Math.max(1, (height ?? CALL_MAX_HEIGHT) / CALL_MAX_HEIGHT),
  };
}

/**
 * Applies the cap to a camera's video sender. Before negotiation a sender may have no encodings
 * yet (Chromium): then it is a no-op that says so, and the caller applies it again once connected.
 */
export async function capCallVideo(sender: SenderLike): Promise<boolean> {
  if (sender.track?.kind !== 'video') return true;
  const params = sender.getParameters();
  if (!params.encodings || params.encodings.length === 0) return false;
  const cap = callEncoding(sender.track.getSettings().height);
  params.encodings = params.encodings.map((e) => ({ ...e, ...cap }));
  try {
    await sender.setParameters(params);
    return true;
  } catch (e) {
    console.warn('call: the camera send cap could not be applied', e);
    return false;
  }
}
