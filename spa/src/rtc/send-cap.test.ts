import { describe, expect, it, vi } from 'vitest';
import { callEncoding, capCallVideo } from './send-cap';

const sender = (kind: string, height: number, encodings: RTCRtpEncodingParameters[] | undefined) => {
  const params = { encodings } as RTCRtpSendParameters;
  return {
    track: { kind, getSettings: () => ({ height }) },
    getParameters: vi.fn(() => params),
    setParameters: vi.fn(async (_p: RTCRtpSendParameters) => {}),
  };
};

describe('the call video cap', () => {
  it('sends 1080p and 4K cameras at 720p and 1.5 Mbit/s, smaller ones as they are', () => {
    expect(callEncoding(1080)).toEqual({ maxBitrate: 1_500_000, maxFramerate: 30, scaleResolutionDownBy: 1.5 });
    expect(callEncoding(2160).scaleResolutionDownBy).toBe(3);
    expect(callEncoding(480).scaleResolutionDownBy).toBe(1);
  });

  it('sets the encodings of a negotiated video sender', async () => {
    const s = sender('video', 1080, [{ active: true }]);
    expect(await capCallVideo(s as never)).toBe(true);
    expect(s.setParameters).toHaveBeenCalledWith({ encodings: [{ active: true, maxBitrate: 1_500_000, maxFramerate: 30, scaleResolutionDownBy: 1.5 }] });
  });

  it('leaves audio alone, and says when a sender is not negotiated yet', async () => {
    const a = sender('audio', 0, [{}]);
    expect(await capCallVideo(a as never)).toBe(true);
    expect(a.setParameters).not.toHaveBeenCalled();
    const early = sender('video', 1080, []);
    expect(await capCallVideo(early as never)).toBe(false);
    expect(early.setParameters).not.toHaveBeenCalled();
  });
});
