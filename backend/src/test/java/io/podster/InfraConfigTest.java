package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.config.XmlConfigBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The files in {@code infra/} are accepted by the programs that read them. */
class InfraConfigTest {
  @Test
  @DisplayName("nginx -t accepts the shipped load-balancer config (rendered with test ports)")
  void nginxAcceptsConfig() throws Exception {
    Path conf = Nginx.prepare(TestNode.freePort(), List.of(TestNode.freePort(), TestNode.freePort(), TestNode.freePort()));
    Tools.Result r = Nginx.test(conf);
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("syntax is ok"), r.output());
    String site = Files.readString(Nginx.SHIPPED).replaceAll("(?m)#.*$", "");
    assertFalse(site.contains("ip_hash") || site.contains("sticky") || site.contains("hash "), "no sticky sessions");
  }

  @Test
  @DisplayName("Debian's coturn accepts the shipped turnserver.conf (scripts/check-coturn-config)")
  void coturnAcceptsConfig() throws Exception {
    Tools.require("turnserver", "coturn");
    Tools.Result r = Tools.run(30, "bash", "../scripts/check-coturn-config");
    assertEquals(0, r.exit(), r.output());
    String conf = Files.readString(Path.of("..", "infra", "coturn", "turnserver.conf"));
    assertTrue(conf.contains("\nuse-auth-secret\n"));
    assertTrue(conf.contains("denied-peer-ip=10.0.0.0-10.255.255.255"));
    assertTrue(conf.contains("denied-peer-ip=192.168.0.0-192.168.255.255"));
    assertFalse(conf.contains("\nallow-loopback-peers"), "loopback relaying is for tests only");
  }

  @Test
  @DisplayName("the Hazelcast member XML parses and joins by TCP/IP only")
  void hazelcastXml() throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("..", "infra", "hazelcast", "cluster.xml"))) {
      Config c = new XmlConfigBuilder(in).build();
      TcpIpConfig tcp = c.getNetworkConfig().getJoin().getTcpIpConfig();
      assertTrue(tcp.isEnabled());
      assertEquals(3, tcp.getMembers().size());
      assertFalse(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
      assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
      assertTrue(c.getMultiMapConfigs().containsKey("__vertx.subs"));
    }
  }

  @Test
  @DisplayName("the systemd unit verifies, is hardened (systemd-analyze security under 4.0) and gives the node its data dir only")
  void systemdUnit() throws Exception {
    String unit = Files.readString(Path.of("..", "infra", "systemd", "podster.service"));
    for (String line : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/podster", "PrivateTmp=yes", "User=podster", "UMask=0077", "StateDirectoryMode=0700")) {
      assertTrue(unit.contains("\n" + line + "\n"), line);
    }
    String analyze = Tools.require("systemd-analyze", "systemd");
    Path dir = Files.createTempDirectory("podster-unit");
    Path copy = Files.writeString(dir.resolve("podster.service"), unit);
    Tools.Result verify = Tools.run(60, analyze, "verify", copy.toString());
    assertEquals(0, verify.exit(), verify.output());
    Tools.Result security = Tools.run(60, analyze, "security", "--offline=true", copy.toString());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Overall exposure level for podster.service: ([0-9.]+)").matcher(security.output());
    assertTrue(m.find(), security.output());
    assertTrue(Double.parseDouble(m.group(1)) < 4.0, "systemd rates the unit's exposure " + m.group(1));
  }
}
