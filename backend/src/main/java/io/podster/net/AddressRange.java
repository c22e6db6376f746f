package io.podster.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One IP address or CIDR range ({@code 10.0.0.0/8}, {@code ::1}, {@code 127.0.0.1}), IPv4 or IPv6.
 * Its own package because both the config (which validates trusted proxies) and the HTTP layer
 * (which matches the client's hops against them) use it, and config must not depend on http.
 */
public final class AddressRange {
  private final byte[] network;
  private final int prefix;

  private AddressRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** @throws IllegalArgumentException when {@code spec} is not an address or range */
  public static AddressRange parse(String spec) {
    String[] parts = spec.trim().split("/", 2);
    byte[] address = literal(parts[0]);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address: " + parts[0]);
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length: " + parts[1]);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("bad prefix length: " + parts[1]);
      }
    }
    return new AddressRange(address, prefix);
  }

  public static boolean valid(String spec) {
    try {
      parse(spec);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public boolean contains(String address) {
    byte[] a = literal(address);
    if (a == null || a.length != network.length) {
      return false;
    }
    int bits = a.length * 8;
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
  }

  /** Parses an IP literal only: never a DNS lookup (a header value must not trigger one). */
  public static byte[] literal(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return null;
    }
    if (v4) {
      for (String octet : t.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return null;
        }
      }
    }
    try {
      byte[] bytes = InetAddress.getByName(t).getAddress();
      // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) comes back as 4 bytes already.
      return bytes;
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
