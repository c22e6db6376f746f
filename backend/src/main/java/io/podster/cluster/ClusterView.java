package io.podster.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * This node's place in the cluster: its id, the members it sees, and a hook for when another
 * member leaves. A single node is a cluster of one.
 */
public final class ClusterView {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterView.class);
  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final String standaloneId = UUID.randomUUID().toString();

  ClusterView(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  public Vertx vertx() {
    return vertx;
  }

  public boolean clustered() {
    return manager != null;
  }

  /** The Hazelcast member id (what {@link #onNodeLeft} reports), or a random id when standalone. */
  public String nodeId() {
    return manager == null
        ? standaloneId
        : manager.getHazelcastInstance().getCluster().getLocalMember().getUuid().toString();
  }

  public List<String> members() {
    return manager == null
        ? List.of(standaloneId)
        : manager.getHazelcastInstance().getCluster().getMembers().stream()
            .map(m -> m.getUuid().toString())
            .toList();
  }

  /** Each member's id and cluster address ({@code host:port}), this node first. */
  public List<Member> memberDetails() {
    if (manager == null) {
      return List.of(new Member(standaloneId, "standalone", true));
    }
    return manager.getHazelcastInstance().getCluster().getMembers().stream()
        .map(m -> new Member(m.getUuid().toString(), m.getAddress().getHost() + ":" + m.getAddress().getPort(), m.localMember()))
        .sorted((a, b) -> Boolean.compare(b.self(), a.self()))
        .toList();
  }

  public record Member(String nodeId, String address, boolean self) {}

  /**
   * Whether this node is a running member of its cluster (always, standalone). Not whether a
   * majority is there: signaling keeps working without one, so a survivor must stay in service.
   */
  public boolean isMember() {
    if (manager == null) {
      return true;
    }
    try {
      var hz = manager.getHazelcastInstance();
      return hz.getLifecycleService().isRunning() && hz.getCluster().getMembers().contains(hz.getCluster().getLocalMember());
    } catch (RuntimeException stopped) {
      return false; // Hazelcast throws once the instance is shut down
    }
  }

  /**
   * Calls {@code onLeft} with the id of every member that leaves or dies, on a Vert.x context.
   * Vert.x keeps the cluster manager's own node listener, so this listens to Hazelcast directly.
   */
  public void onNodeLeft(Consumer<String> onLeft) {
    if (manager == null) {
      return;
    }
    manager
        .getHazelcastInstance()
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {}

              @Override
              public void memberRemoved(MembershipEvent event) {
                String id = event.getMember().getUuid().toString();
                log.info("cluster member left: {}", id);
                vertx.runOnContext(v -> onLeft.accept(id));
              }
            });
  }

  /** Tests only: the Hazelcast member, to simulate a crash. */
  HazelcastClusterManager manager() {
    return manager;
  }
}
