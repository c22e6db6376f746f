// Checks the reference server with the real socket.io-client: two peers join a room, one relays a
// signal to the other, one state reaches the other. Usage: node check.js PORT
'use strict';
const { io } = require('socket.io-client');

const url = 'http://127.0.0.1:' + process.argv[2];
const opts = { transports: ['websocket'], forceNew: true };
const a = io(url, opts);
const b = io(url, opts);
const fail = setTimeout(() => { console.error('socket.io check: timed out'); process.exit(1); }, 5000);
const join = (s) => new Promise((r) => s.emit('join', 'room-1', r));
Promise.all([join(a), join(b)]).then(([, jb]) => {
  let got = 0;
  const done = () => { if (++got === 2) { clearTimeout(fail); console.log('socket.io check: ok'); a.close(); b.close(); } };
  b.on('signal', (m) => { if (m.from === a.id && m.data.x === 1) done(); });
  b.on('peer-state', (m) => { if (m.peerId === a.id && m.state.audio) done(); });
  a.emit('signal', { to: jb.peerId, data: { x: 1 } });
  a.emit('state', { audio: true, video: false, screen: false });
});
