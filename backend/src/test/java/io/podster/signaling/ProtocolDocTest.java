package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/signaling-protocol.md and the server's message types, versions and error codes say the same. */
class ProtocolDocTest {
  private static final Path DOC = Path.of("..", "docs", "signaling-protocol.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| ([a-z, ]+) \\|\\s*(yes|no)?\\s*\\|$");
  /** A message's own type where an example starts one (not a description's {@code "type":"offer"} inside data). */
  private static final Pattern EXAMPLE = Pattern.compile("(?<![:,\\[])\\{\"type\":\"([a-z-]+)\"");
  private static final Pattern ERROR_ROW = Pattern.compile("^\\| `([a-z_]+)`(?: / `([a-z_]+)`)? \\|");

  private record Row(boolean client, boolean server, String beforeJoin) {}

  private static String doc() throws IOException {
    return Files.readString(DOC);
  }

  private static Map<String, Row> table(String doc) {
    String section = doc.substring(doc.indexOf("## Message types"), doc.indexOf("## Messages\n"));
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : section.split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.put(m.group(1), new Row(m.group(2).contains("client"), m.group(2).contains("server"), String.valueOf(m.group(3))));
      }
    }
    assertTrue(rows.size() > 20, "the table was read: " + rows.keySet());
    return rows;
  }

  private static Set<String> messageTypeConstants() throws IllegalAccessException {
    Set<String> all = new TreeSet<>();
    for (Field f : MessageTypes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        all.add((String) f.get(null));
      }
    }
    return all;
  }

  @Test
  @DisplayName("the document's client types are ClientMessageType's, with the same before-join rule")
  void clientTypes() throws IOException {
    Map<String, Row> rows = table(doc());
    Set<String> documented = new TreeSet<>();
    rows.forEach((type, row) -> {
      if (row.client()) {
        documented.add(type);
        assertEquals(row.beforeJoin().equals("yes"), !ClientMessageType.of(type).needsRoom(), type);
      }
    });
    assertEquals(new TreeSet<>(ClientMessageType.wireNames()), documented);
  }

  @Test
  @DisplayName("every type string the server knows is in the document's table, and every one there is known (takeover is internal)")
  void serverTypes() throws Exception {
    Set<String> constants = messageTypeConstants();
    constants.remove(MessageTypes.TAKEOVER);
    assertEquals(constants, new TreeSet<>(table(doc()).keySet()));
  }

  @Test
  @DisplayName("every example names a type in the table, and every type in the table has an example")
  void examples() throws IOException {
    String doc = doc();
    Set<String> table = table(doc).keySet();
    String body = doc.substring(doc.indexOf("## Messages\n"));
    Set<String> exemplified = new HashSet<>();
    Matcher m = EXAMPLE.matcher(body);
    while (m.find()) {
      assertTrue(table.contains(m.group(1)), "an example of '" + m.group(1) + "', which the table lacks");
      exemplified.add(m.group(1));
    }
    Set<String> missing = new TreeSet<>(table);
    missing.removeAll(exemplified);
    assertEquals(Set.of(), missing, "types without an example");
  }

  @Test
  @DisplayName("the document's version is the server's, and every error code the signaling code raises is in its table")
  void versionAndErrors() throws IOException {
    String doc = doc();
    assertTrue(doc.contains("This is protocol **" + ProtocolVersion.CURRENT + "**."), "the version");
    String errors = doc.substring(doc.indexOf("## Errors"), doc.indexOf("## Close codes"));
    Set<String> documented = new HashSet<>();
    for (String line : errors.split("\n")) {
      Matcher row = ERROR_ROW.matcher(line);
      if (row.find()) {
        documented.add(row.group(1));
        if (row.group(2) != null) {
          documented.add(row.group(2));
        }
      }
    }
    Set<String> raised = new TreeSet<>();
    Pattern raise = Pattern.compile("new SignalError\\(\\s*\"([a-z_]+)\"");
    try (Stream<Path> sources = Files.list(Path.of("src", "main", "java", "io", "podster", "signaling"))) {
      for (Path source : sources.toList()) {
        Matcher m = raise.matcher(Files.readString(source));
        while (m.find()) {
          raised.add(m.group(1));
        }
      }
    }
    assertTrue(raised.contains("unsupported_protocol"), "the sources were read: " + raised);
    raised.removeAll(documented);
    assertEquals(Set.of(), raised, "error codes the document does not list");
  }
}
