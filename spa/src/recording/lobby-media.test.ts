import { describe, expect, it, vi } from 'vitest';
import { openLobbyMedia } from './lobby-media';

const stream = (kinds: string[]) => ({ kinds }) as unknown as MediaStream;
const notFound = () => Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' });

describe('openLobbyMedia', () => {
  it('opens camera and microphone together where it can', async () => {
    const gum = vi.fn(async (_c: MediaStreamConstraints) => stream(['video', 'audio']));
    const media = await openLobbyMedia(gum, 'cam1', '', '720p');
    expect(media).toEqual({ stream: stream(['video', 'audio']), cameraError: null });
    expect(gum).toHaveBeenCalledTimes(1);
    expect(gum.mock.calls[0]![0]).toMatchObject({ video: { deviceId: { exact: 'cam1' }, width: { ideal: 1280 } }, audio: true });
  });

  it('without a camera, opens the same microphone alone and says why', async () => {
    const gum = vi.fn(async (c: MediaStreamConstraints) => {
      if (c.video) throw notFound();
      return stream(['audio']);
    });
    const media = await openLobbyMedia(gum, '', 'mic7', '1080p');
    expect(media).toEqual({ stream: stream(['audio']), cameraError: 'Requested device not found' });
    expect(gum.mock.calls[1]![0]).toEqual({ video: false, audio: { deviceId: { exact: 'mic7' } } });
  });

  it('names the error where the browser gives no message', async () => {
    const gum = vi.fn(async (c: MediaStreamConstraints) => {
      if (c.video) throw Object.assign(new Error(''), { name: 'NotReadableError' });
      return stream(['audio']);
    });
    expect((await openLobbyMedia(gum, '', '', '1080p')).cameraError).toBe('NotReadableError');
  });

  it('rejects with the first error when the microphone cannot be opened either', async () => {
    const first = notFound();
    const gum = vi.fn(async (c: MediaStreamConstraints) => {
      throw c.video ? first : new Error('mic refused');
    });
    await expect(openLobbyMedia(gum, '', '', '1080p')).rejects.toBe(first);
    expect(gum).toHaveBeenCalledTimes(2);
  });
});
