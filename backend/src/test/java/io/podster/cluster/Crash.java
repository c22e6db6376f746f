package io.podster.cluster;

import io.podster.TestNode;

/** Kills a test node's cluster membership as a crash would: no goodbye, its peers left behind. */
public final class Crash {
  private Crash() {}

  public static void crash(TestNode n) {
    n.node().cluster().manager().getHazelcastInstance().getLifecycleService().terminate();
  }
}
