package io.podster.signaling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * A WebSocket client over a plain TCP socket, for frames a well-behaved client library would not
 * send (a compressed frame on a connection that never negotiated compression).
 */
final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** The upgrade answer's status line and headers (names lower-cased). */
  final String status;
  final Map<String, String> headers;

  private RawWebSocket(Socket socket, String status, Map<String, String> headers) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.status = status;
    this.headers = headers;
  }

  /** Sends the upgrade request with {@code extraHeaders} (e.g. an offered extension) and reads the answer. */
  static RawWebSocket upgrade(int port, String cookie, Map<String, String> extraHeaders) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    StringBuilder req =
        new StringBuilder()
            .append("GET /ws HTTP/1.1\r\n")
            .append("Host: 127.0.0.1:").append(port).append("\r\n")
            .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
            .append("Sec-WebSocket-Version: 13\r\n")
            .append("Cookie: podster_session=").append(cookie).append("\r\n");
    extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    req.append("\r\n");
    s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    String[] lines = readHead(s.getInputStream()).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new RawWebSocket(s, lines[0], headers);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during the upgrade: " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /**
   * The payload of a permessage-deflate text message (RFC 7692: raw DEFLATE, sync-flushed, the
   * trailing 00 00 FF FF removed) that inflates to {@code inflatedBytes} of 'a'.
   */
  static byte[] deflateBomb(long inflatedBytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'a');
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    for (long fed = 0; fed < inflatedBytes; fed += chunk.length) {
      deflater.setInput(chunk, 0, (int) Math.min(chunk.length, inflatedBytes - fed));
      while (!deflater.needsInput()) {
        compressed.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
      }
    }
    int n;
    while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
      compressed.write(buf, 0, n);
      if (n < buf.length) {
        break;
      }
    }
    deflater.end();
    byte[] all = compressed.toByteArray();
    return java.util.Arrays.copyOf(all, all.length - 4);
  }

  /** Writes one masked final text frame with the RSV1 ("compressed") bit set. */
  void sendCompressedText(byte[] payload) throws IOException {
    out.write(frame(0x80 | 0x40 | 0x1, payload));
    out.flush();
  }

  static byte[] frame(int firstByte, byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
    f.write(firstByte);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length);
    } else {
      f.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        f.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    new SecureRandom().nextBytes(mask);
    f.write(mask, 0, 4);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    f.write(masked, 0, masked.length);
    return f.toByteArray();
  }

  /** Reads (and drops) whatever the server sends until it closes the connection; false on timeout. */
  boolean awaitClosed(long waitMs) throws IOException {
    socket.setSoTimeout((int) waitMs);
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // A close frame, then the end of the stream.
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset by the server: closed too
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
