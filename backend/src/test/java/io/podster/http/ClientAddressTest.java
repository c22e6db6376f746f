package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.net.AddressRange;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private final ClientAddress behindProxies = new ClientAddress(List.of("127.0.0.1", "10.0.0.0/8"));

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' → {2}")
  @DisplayName("X-Forwarded-For is believed only from a trusted proxy, and only up to the first untrusted hop")
  @CsvSource(
      delimiter = '|',
      value = {
        "203.0.113.9 | 198.51.100.1              | 203.0.113.9",
        "127.0.0.1   |                           | 127.0.0.1",
        "127.0.0.1   | 198.51.100.1              | 198.51.100.1",
        "127.0.0.1   | 6.6.6.6, 198.51.100.1     | 198.51.100.1",
        "127.0.0.1   | 198.51.100.1, 10.1.2.3    | 198.51.100.1",
        "10.9.9.9    | 10.1.1.1, 10.2.2.2        | 10.1.1.1",
        "127.0.0.1   | not-an-address            | 127.0.0.1",
        "127.0.0.1   | 2001:db8::1               | 2001:db8::1",
      })
  void resolves(String peer, String header, String expected) {
    List<String> headers = header == null ? List.of() : List.of(header);
    assertEquals(expected, behindProxies.resolve(peer, headers));
  }

  @Test
  @DisplayName("with no trusted proxies (the default) the header is ignored")
  void defaultIgnoresHeader() {
    assertEquals("127.0.0.1", new ClientAddress(List.of()).resolve("127.0.0.1", List.of("198.51.100.1")));
  }

  @Test
  @DisplayName("ranges match IPv4 and IPv6 by prefix and never resolve names")
  void ranges() {
    assertTrue(AddressRange.parse("10.0.0.0/8").contains("10.255.0.1"));
    assertFalse(AddressRange.parse("10.0.0.0/8").contains("11.0.0.1"));
    assertTrue(AddressRange.parse("fd00::/8").contains("fd12::1"));
    assertFalse(AddressRange.parse("fd00::/8").contains("10.0.0.1"));
    assertFalse(AddressRange.valid("example.com"));
    assertFalse(AddressRange.valid("10.0.0.0/33"));
    assertFalse(AddressRange.parse("127.0.0.1").contains("localhost"));
  }
}
