import { launchBrowserAt, newProfile } from './browser.mjs';
const extra = process.argv[2] ? [`--use-file-for-fake-video-capture=${process.argv[2]}`] : [];
const ctx = await launchBrowserAt(newProfile(), extra);
const page = await ctx.newPage();
await page.goto('http://127.0.0.1:18999/');
const t0 = process.cpuUsage();
const r = await page.evaluate(async () => {
  const s = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 }, frameRate: { ideal: 30 } }, audio: true });
  const rec = new MediaRecorder(s, { mimeType: 'video/webm;codecs=vp9,opus', videoBitsPerSecond: 8_000_000 });
  let bytes = 0;
  rec.ondataavailable = (e) => { bytes += e.data.size; };
  rec.start(1000);
  await new Promise((r) => setTimeout(r, 10000));
  rec.stop();
  await new Promise((r) => setTimeout(r, 500));
  return { bytes, settings: s.getVideoTracks()[0].getSettings() };
});
console.log(JSON.stringify({ mbit: r.bytes * 8 / 10 / 1e6, w: r.settings.width, h: r.settings.height, fps: r.settings.frameRate }));
await ctx.close();
