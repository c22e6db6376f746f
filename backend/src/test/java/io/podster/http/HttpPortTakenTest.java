package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HttpPortTakenTest {
  @Test
  @DisplayName("a taken HTTP port stops start-up with a message naming PODSTER_HTTP_PORT")
  void portTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> TestNode.start(Map.of("PODSTER_HTTP_PORT", String.valueOf(taken.getLocalPort()))));
      Throwable cause = e.getCause();
      while (cause.getCause() != null && !(cause instanceof io.podster.config.ConfigException)) {
        cause = cause.getCause();
      }
      assertTrue(cause.getMessage().startsWith("PODSTER_HTTP_PORT: port " + taken.getLocalPort()), cause.getMessage());
    }
  }
}
