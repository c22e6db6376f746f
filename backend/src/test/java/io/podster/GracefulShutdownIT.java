package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM on the packaged jar, as systemd sends it. */
class GracefulShutdownIT {
  @Test
  @DisplayName("on SIGTERM the jar closes signaling sockets with 1012, answers the request in flight, and exits within 10 s")
  void sigterm(@TempDir Path dataDir) throws Exception {
    int port = TestNode.freePort();
    JarProcess jar = JarProcess.startReady(dataDir, port, Map.of());
    HttpResponse<String> signup =
        jar.post("/api/auth/signup", "{\"email\":\"term@example.com\",\"password\":\"password1\",\"displayName\":\"Term\"}");
    assertEquals(201, signup.statusCode(), signup.body());
    String session =
        signup.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("podster_session="))
            .map(c -> c.split(";", 2)[0])
            .findFirst()
            .orElseThrow();
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    HttpClient http = HttpClient.newHttpClient();
    http.newWebSocketBuilder()
        .header("Cookie", session)
        .buildAsync(
            URI.create("ws://127.0.0.1:" + port + "/ws"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
              }

              @Override
              public void onError(WebSocket ws, Throwable error) {
                closeCode.completeExceptionally(error);
              }
            })
        .get(10, TimeUnit.SECONDS);

    // A request in flight when the signal comes (its body half sent) must still get its answer.
    byte[] body = "{\"email\":\"term@example.com\",\"password\":\"password1\"}".getBytes(StandardCharsets.UTF_8);
    try (Socket inFlight = new Socket("127.0.0.1", port)) {
      inFlight.setSoTimeout(10_000);
      OutputStream out = inFlight.getOutputStream();
      out.write(
          ("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(300);
      long start = System.nanoTime();
      jar.terminate();
      Thread.sleep(500);
      out.write(body, 10, body.length - 10);
      out.flush();
      String status = new BufferedReader(new InputStreamReader(inFlight.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertEquals("HTTP/1.1 200 OK", status);
      assertTrue(jar.awaitExit(10, TimeUnit.SECONDS), "the node did not exit within 10 s of SIGTERM");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println("SIGTERM to exit: " + tookMs + " ms");
      assertTrue(tookMs < 10_000, tookMs + " ms");
    }
    assertEquals(1012, closeCode.get(5, TimeUnit.SECONDS));
  }
}
