/** @vitest-environment jsdom */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lobby } from './Lobby';

/** A browser's media devices as far as the lobby uses them: tracks report what they were asked. */
function fakeDevices(free = 100e9, { camera = true } = {}) {
  const asked: MediaStreamConstraints[] = [];
  const track = (kind: string, settings: MediaTrackSettings) => ({ kind, enabled: true, stop: vi.fn(), getSettings: () => settings, clone: () => track(kind, settings) });
  const getUserMedia = vi.fn(async (c: MediaStreamConstraints) => {
    asked.push(c);
    if (c.video && !camera) throw Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' });
    const audio = typeof c.audio === 'object' ? c.audio : {};
    const a = track('audio', { sampleRate: 48_000, channelCount: 1, echoCancellation: audio.echoCancellation as boolean ?? true, noiseSuppression: false, autoGainControl: false });
    const v = track('video', { width: 1920, height: 1080, frameRate: 30 });
    const tracks = c.video ? [v, a] : [a];
    return { getTracks: () => tracks, getAudioTracks: () => [a], getVideoTracks: () => (c.video ? [v] : []) } as unknown as MediaStream;
  });
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia, enumerateDevices: async () => [] } });
  Object.defineProperty(navigator, 'storage', { configurable: true, value: { estimate: async () => ({ quota: free, usage: 0 }) } });
  return { asked };
}

beforeEach(() => {
  // jsdom has no media elements' srcObject, nor Web Audio for the meter
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', { configurable: true, set() {}, get: () => null });
  HTMLMediaElement.prototype.play = async () => {};
});
afterEach(cleanup);

describe('Lobby', () => {
  it('says what will be recorded and opens the recorded microphone without processing', async () => {
    const { asked } = fakeDevices();
    render(<Lobby onJoin={() => {}} />);
    expect(await screen.findByText('1920×1080 · 30 fps · lossless 48 kHz audio')).toBeTruthy();
    expect(asked[0]!.video).toMatchObject({ width: { ideal: 1920 }, height: { ideal: 1080 }, frameRate: { ideal: 30 } });
    expect(asked[1]).toEqual({ video: false, audio: expect.objectContaining({ echoCancellation: true, noiseSuppression: false, autoGainControl: false }) });
    expect(screen.getByText(/Room on this device for about/)).toBeTruthy();
  });

  it('with headphones on, the recorded microphone has no echo cancellation either', async () => {
    const { asked } = fakeDevices();
    const user = userEvent.setup();
    const onJoin = vi.fn();
    render(<Lobby onJoin={onJoin} />);
    await screen.findByText(/lossless 48 kHz audio/);
    await user.click(screen.getByLabelText("I'm wearing headphones"));
    await waitFor(() => expect(asked.at(-1)).toEqual({ video: false, audio: expect.objectContaining({ echoCancellation: false }) }));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    const [, studioMic] = onJoin.mock.calls[0]!;
    expect(studioMic.getSettings()).toMatchObject({ echoCancellation: false, noiseSuppression: false, autoGainControl: false });
  });

  it('Join pressed at once after ticking headphones waits for the reopened microphone, then joins with it', async () => {
    fakeDevices();
    const user = userEvent.setup();
    const onJoin = vi.fn();
    render(<Lobby onJoin={onJoin} />);
    await screen.findByText(/lossless 48 kHz audio/);
    // no wait between the two: the old (speakers) microphone must not be the one joined with
    await user.click(screen.getByLabelText("I'm wearing headphones"));
    await user.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(onJoin).toHaveBeenCalledTimes(1));
    const [, studioMic] = onJoin.mock.calls[0]!;
    expect(studioMic.getSettings()).toMatchObject({ echoCancellation: false });
  });

  it('without a camera, says so and joins with the microphone alone and its lossless track', async () => {
    const { asked } = fakeDevices(100e9, { camera: false });
    const user = userEvent.setup();
    const onJoin = vi.fn();
    render(<Lobby onJoin={onJoin} />);
    expect(await screen.findByText('lossless 48 kHz audio')).toBeTruthy();
    expect(screen.getByText(/No camera could be opened \(Requested device not found\): you join with your microphone only/)).toBeTruthy();
    expect(asked.map((c) => !!c.video)).toEqual([true, false, false]);
    await user.click(screen.getByRole('button', { name: 'Join' }));
    const [stream, studioMic] = onJoin.mock.calls[0]!;
    expect(stream.getVideoTracks()).toEqual([]);
    expect(stream.getAudioTracks()).toHaveLength(1);
    expect(studioMic.getSettings()).toMatchObject({ noiseSuppression: false, autoGainControl: false });
  });

  it('warns when the free space holds less than about two hours', async () => {
    fakeDevices(3e9);
    render(<Lobby onJoin={() => {}} />);
    expect(await screen.findByText(/Only about 43 min of recording fits on this device/)).toBeTruthy();
  });

  it("opens the camera at the room's quality, and lets the host choose another", async () => {
    const { asked } = fakeDevices();
    const user = userEvent.setup();
    const onQualityChange = vi.fn();
    const { rerender } = render(<Lobby onJoin={() => {}} quality="720p" onQualityChange={onQualityChange} />);
    await screen.findByText(/lossless 48 kHz audio/);
    expect(asked[0]!.video).toMatchObject({ width: { ideal: 1280 }, height: { ideal: 720 } });
    await user.selectOptions(screen.getByLabelText('Recording quality'), '2160p');
    expect(onQualityChange).toHaveBeenCalledWith('2160p');
    rerender(<Lobby onJoin={() => {}} quality="2160p" onQualityChange={onQualityChange} />);
    await waitFor(() => expect(asked.filter((c) => c.video).at(-1)!.video).toMatchObject({ width: { ideal: 3840 }, height: { ideal: 2160 } }));
  });

  it('shows a guest no quality choice', async () => {
    fakeDevices();
    render(<Lobby onJoin={() => {}} quality="720p" />);
    await screen.findByText(/lossless 48 kHz audio/);
    expect(screen.queryByLabelText('Recording quality')).toBeNull();
  });
});
