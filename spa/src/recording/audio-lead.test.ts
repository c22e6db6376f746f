import { describe, expect, it, vi } from 'vitest';
import { AudioLead } from './audio-lead';
import { cut, testWebm } from './webm-test-support';

// Chrome's camera file: the video frame at 0, the audio from 17 ms (tracks: 1 audio, 2 video).
const camera = testWebm({
  clusters: [
    { timecode: 0, blocks: [{ track: 2, time: 0, key: true, bytes: 400 }, { track: 1, time: 17, key: true, bytes: 80 }, { track: 2, time: 50, key: false, bytes: 200 }] },
    { timecode: 1000, blocks: [{ track: 1, time: 0, key: true, bytes: 80 }] },
  ],
});

describe('AudioLead', () => {
  it('tells where the audio begins in the file, however the chunks cut it', async () => {
    for (const at of [[], [30], [60, 61, 200], [500]]) {
      const lead = new AudioLead();
      const got = lead.lead();
      for (const c of cut(camera, at)) lead.see(c.slice().buffer);
      expect(await got).toBe(17);
    }
  });

  it('gives up (null: the recorder keeps start()’s instant) for a file with no audio block in time, or not WebM', async () => {
    vi.useFakeTimers();
    try {
      const silent = new AudioLead();
      const got = silent.lead();
      silent.see(testWebm({ clusters: [{ timecode: 0, blocks: [{ track: 2, time: 0, key: true, bytes: 100 }] }] }).slice().buffer);
      await vi.advanceTimersByTimeAsync(5000);
      expect(await got).toBeNull();
      const mp4 = new AudioLead();
      const gotMp4 = mp4.lead();
      mp4.see(new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]).buffer);
      await vi.advanceTimersByTimeAsync(5000);
      expect(await gotMp4).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
