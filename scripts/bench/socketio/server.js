// Reference Socket.IO server doing Podster's signaling job, for scripts/bench/signaling:
// "join" a room, "signal" relayed to one peer ({to, data} -> {from, data}), "state" fanned out to
// the room's other peers as "peer-state". WebSocket transport only, like Podster's /ws.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 0);
const server = http.createServer();
// perMessageDeflate: false is Socket.IO 4's default, spelled out: the generator offers deflate as
// browsers do, and this server, like Podster's, declines it.
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });

io.on('connection', (socket) => {
  socket.on('join', (roomId, ack) => {
    socket.join(roomId);
    socket.data.roomId = roomId;
    if (typeof ack === 'function') ack({ peerId: socket.id });
  });
  socket.on('signal', (m) => {
    io.to(m.to).emit('signal', { from: socket.id, data: m.data });
  });
  socket.on('state', (m) => {
    socket.to(socket.data.roomId).emit('peer-state', {
      peerId: socket.id,
      state: { audio: !!m.audio, video: !!m.video, screen: !!m.screen },
    });
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log('LISTENING ' + server.address().port);
});
