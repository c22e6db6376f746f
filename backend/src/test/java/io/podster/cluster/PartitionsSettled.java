package io.podster.cluster;

import io.podster.TestNode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Waits until every partition of a test cluster has its owner and backups in place. Hazelcast's
 * locks (the CP subsystem off: "unsafe" mode) live in partitions, which move to a node as it
 * joins; while they move, one lock could be held on two nodes at once.
 */
public final class PartitionsSettled {
  private PartitionsSettled() {}

  public static void await(List<TestNode> nodes) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!nodes.stream().allMatch(n -> n.node().cluster().manager().getHazelcastInstance().getPartitionService().isClusterSafe())) {
      if (System.nanoTime() > until) {
        throw new AssertionError("the cluster's partitions never settled");
      }
      Thread.sleep(50);
    }
  }
}
