// See index.html. Exposes window.floor for the benchmark to connect two pages and read figures.
const TAP = `registerProcessor('tap', class extends AudioWorkletProcessor {
  constructor() { super(); this.frames = 0; this.port.onmessage = () => this.port.postMessage(this.frames); }
  process(inputs) { const i = inputs[0]; if (i && i[0]) { this.frames += i[0].length; this.port.postMessage(i.map((c) => c.slice())); } return true; }
});`;

window.floor = {
  recorded: 0,
  frames: 0,
  async start() {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1920 }, height: { ideal: 1080 }, frameRate: { ideal: 30 } },
      audio: true,
    });
    const raw = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: false, autoGainControl: false } });
    const settings = raw.getAudioTracks()[0].getSettings();
    const ctx = new AudioContext({ sampleRate: settings.sampleRate ?? 48000 });
    await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([TAP], { type: 'text/javascript' })));
    const tap = new AudioWorkletNode(ctx, 'tap');
    tap.port.onmessage = (e) => { if (Array.isArray(e.data)) this.frames += e.data[0].length; };
    new MediaStreamAudioSourceNode(ctx, { mediaStream: raw }).connect(tap);
    tap.connect(ctx.destination);
    const rec = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp9,opus', videoBitsPerSecond: 8_000_000, audioBitsPerSecond: 128_000 });
    rec.ondataavailable = (e) => { this.recorded += e.data.size; };
    rec.start(1000);
    this.pc = new RTCPeerConnection();
    for (const t of stream.getTracks()) this.pc.addTrack(t, stream);
    this.pc.ontrack = (e) => { document.getElementById('remote').srcObject = e.streams[0]; };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState !== 'connected') return;
      for (const s of this.pc.getSenders()) {
        if (s.track?.kind !== 'video') continue;
        const p = s.getParameters();
        p.encodings = p.encodings.map((x) => ({ ...x, maxBitrate: 1_500_000, scaleResolutionDownBy: Math.max(1, (s.track.getSettings().height ?? 720) / 720) }));
        void s.setParameters(p);
      }
    };
  },
  async description(remote) {
    if (remote) await this.pc.setRemoteDescription(remote);
    if (!remote || remote.type === 'offer') await this.pc.setLocalDescription();
    if (this.pc.iceGatheringState !== 'complete') await new Promise((r) => this.pc.addEventListener('icegatheringstatechange', () => this.pc.iceGatheringState === 'complete' && r()));
    return this.pc.localDescription.toJSON();
  },
  playing() {
    return document.getElementById('remote').videoWidth > 0;
  },
};
