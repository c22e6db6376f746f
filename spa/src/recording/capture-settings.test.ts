import { describe, expect, it } from 'vitest';
import { bytesPerHour, cameraConstraints, describeRecording, processingMismatch, studioMicConstraints, videoBitrate } from './capture-settings';

describe('capture settings', () => {
  it('asks the camera for 1080p30 by default, other qualities on request', () => {
    expect(cameraConstraints('')).toEqual({ width: { ideal: 1920 }, height: { ideal: 1080 }, frameRate: { ideal: 30 } });
    expect(cameraConstraints('cam1', '2160p')).toMatchObject({ deviceId: { exact: 'cam1' }, width: { ideal: 3840 }, height: { ideal: 2160 } });
  });

  it('records the microphone without suppression or gain, and without echo cancellation on headphones', () => {
    expect(studioMicConstraints('', false)).toMatchObject({ echoCancellation: true, noiseSuppression: false, autoGainControl: false });
    expect(studioMicConstraints('m', true)).toMatchObject({ deviceId: { exact: 'm' }, echoCancellation: false, noiseSuppression: false, autoGainControl: false });
  });

  it('names the processing the browser kept although it was asked not to', () => {
    const asked = studioMicConstraints('', true);
    expect(processingMismatch(asked, { echoCancellation: false, noiseSuppression: false, autoGainControl: false })).toEqual([]);
    expect(processingMismatch(asked, { echoCancellation: true, noiseSuppression: true, autoGainControl: false })).toEqual(['echo cancellation on', 'noise suppression on']);
    expect(processingMismatch(asked, {})).toEqual([]); // a browser that does not report it
  });

  it('scales the bitrate: VP9 8 Mbit/s at 1080p30, about 20 at 4K, more for VP8', () => {
    expect(videoBitrate({ width: 1920, height: 1080, frameRate: 30 }, 'video/webm;codecs=vp9,opus')).toBe(8_000_000);
    const uhd = videoBitrate({ width: 3840, height: 2160, frameRate: 30 }, 'video/webm;codecs=vp9,opus');
    expect(uhd).toBeGreaterThan(19_000_000);
    expect(uhd).toBeLessThan(21_000_000);
    expect(videoBitrate({ width: 1920, height: 1080, frameRate: 30 }, 'video/webm;codecs=vp8,opus')).toBe(12_000_000);
    expect(videoBitrate({ width: 1920, height: 1080, frameRate: 15 }, 'video/webm;codecs=vp9')).toBe(4_000_000);
    expect(videoBitrate({ width: 320, height: 240 }, 'video/webm;codecs=vp9')).toBe(1_000_000);
  });

  it('says what will be recorded', () => {
    expect(describeRecording({ width: 1920, height: 1080, frameRate: 30 }, { sampleRate: 48_000 })).toBe('1920×1080 · 30 fps · lossless 48 kHz audio');
    expect(describeRecording(undefined, { sampleRate: 44_100 })).toBe('lossless 44.1 kHz audio');
    expect(describeRecording(undefined, undefined)).toBe('Nothing to record yet');
  });

  it('knows what an hour takes: about 4.1 GB at 1080p30 with 48 kHz mono', () => {
    const gb = bytesPerHour({ width: 1920, height: 1080, frameRate: 30 }, { sampleRate: 48_000, channelCount: 1 }) / 1e9;
    expect(gb).toBeGreaterThan(4.0);
    expect(gb).toBeLessThan(4.2);
  });
});
