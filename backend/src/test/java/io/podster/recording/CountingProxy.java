package io.podster.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TCP proxy in front of the Podster server that counts every byte in each direction. */
final class CountingProxy implements AutoCloseable {
  final AtomicLong toServer = new AtomicLong();
  final AtomicLong fromServer = new AtomicLong();
  private final ServerSocket listener;
  private final int upstreamPort;

  CountingProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "counting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  long total() {
    return toServer.get() + fromServer.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        pump(client.getInputStream(), upstream.getOutputStream(), toServer, client, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), fromServer, client, upstream);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, AtomicLong counter, Socket a, Socket b) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          counter.addAndGet(n);
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // One side closed.
      } finally {
        try {
          a.close();
          b.close();
        } catch (IOException ignored) {
          // Already closed.
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
