import { describe, expect, it, vi } from 'vitest';
import { refitCamera } from './camera-refit';

/** A camera track whose frame size changes only if `rescales` (Chromium) on applyConstraints. */
function camera(size: { width: number; height: number }, rescales: boolean, heights = { min: 1, max: 4096 }) {
  const track = {
    getCapabilities: () => ({ height: heights }),
    kind: 'video',
    enabled: true,
    size,
    stop: vi.fn(),
    getSettings: () => ({ ...track.size, deviceId: 'cam1' }),
    applyConstraints: vi.fn(async (c: { width: { ideal: number }; height: { ideal: number } }) => {
      if (rescales) track.size = { width: c.width.ideal, height: c.height.ideal };
    }),
  };
  return track;
}

function streamOf(...tracks: ReturnType<typeof camera>[]) {
  const list = [...tracks];
  return {
    getVideoTracks: () => list.filter((t) => t.kind === 'video'),
    getTracks: () => list,
    removeTrack: (t: (typeof list)[number]) => list.splice(list.indexOf(t), 1),
    addTrack: (t: (typeof list)[number]) => list.push(t),
  };
}

const asStream = (s: ReturnType<typeof streamOf>) => s as unknown as MediaStream;

describe('refitCamera', () => {
  it('leaves a camera that is already at the room quality alone', async () => {
    const open = vi.fn();
    const cam = camera({ width: 1920, height: 1080 }, true);
    expect(await refitCamera(asStream(streamOf(cam)), '1080p', open)).toBe('fits');
    expect(cam.applyConstraints).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });

  it('rescales a camera that takes new constraints (Chromium), without opening it again', async () => {
    const open = vi.fn();
    const cam = camera({ width: 1920, height: 1080 }, true);
    expect(await refitCamera(asStream(streamOf(cam)), '720p', open)).toBe('applied');
    expect(cam.getSettings()).toMatchObject({ width: 1280, height: 720 });
    expect(open).not.toHaveBeenCalled();
  });

  it('opens the same camera again where the constraints changed nothing (Firefox), and swaps the tracks', async () => {
    const old = camera({ width: 1920, height: 1080 }, false);
    old.enabled = false; // the guest turned the camera off in the lobby
    const stream = streamOf(old);
    const fresh = camera({ width: 1280, height: 720 }, false);
    const open = vi.fn(async () => asStream(streamOf(fresh)));
    expect(await refitCamera(asStream(stream), '720p', open)).toBe('reopened');
    expect(open).toHaveBeenCalledWith({ video: expect.objectContaining({ deviceId: { exact: 'cam1' }, width: { ideal: 1280 }, height: { ideal: 720 } }) });
    expect(stream.getVideoTracks()).toEqual([fresh]);
    expect(fresh.enabled).toBe(false);
    expect(old.stop).toHaveBeenCalled();
  });

  it('keeps the camera it has when opening it again fails or comes no closer', async () => {
    const old = camera({ width: 1920, height: 1080 }, false);
    const stream = streamOf(old);
    expect(await refitCamera(asStream(stream), '720p', async () => Promise.reject(new DOMException('busy', 'NotReadableError')))).toBe('kept');
    const same = camera({ width: 1920, height: 1080 }, false);
    expect(await refitCamera(asStream(stream), '720p', async () => asStream(streamOf(same)))).toBe('kept');
    expect(same.stop).toHaveBeenCalled();
    expect(stream.getVideoTracks()).toEqual([old]);
    expect(old.stop).not.toHaveBeenCalled();
  });

  it('does not open again a camera that has no size closer to the room quality', async () => {
    const open = vi.fn();
    const webcam720 = camera({ width: 1280, height: 720 }, false, { min: 120, max: 720 });
    expect(await refitCamera(asStream(streamOf(webcam720)), '1080p', open)).toBe('kept');
    const webcam1080 = camera({ width: 1920, height: 1080 }, false, { min: 1080, max: 2160 });
    expect(await refitCamera(asStream(streamOf(webcam1080)), '720p', open)).toBe('kept');
    expect(open).not.toHaveBeenCalled();
  });

  it('has nothing to do without a camera', async () => {
    expect(await refitCamera(asStream(streamOf()), '720p', vi.fn())).toBe('no camera');
  });
});
