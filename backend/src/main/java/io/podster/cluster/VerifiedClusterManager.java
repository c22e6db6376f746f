package io.podster.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's Hazelcast cluster manager, except that this node sends event-bus messages only to nodes
 * that proved they hold the cluster secret. Hazelcast open source authenticates no member: a
 * process that joins can register consumers on any address (a point-to-point send would then go to
 * it every other time) and rewrite Vert.x's node table (so another node's messages would go to its
 * address). Each node signs its node id with its event-bus host and port into its node entry; here
 * registrations of a node without a valid proof are invisible, and a node is reached at the
 * address it signed, kept from the first time it checked out.
 */
final class VerifiedClusterManager extends HazelcastClusterManager {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VerifiedClusterManager.class);
  static final String PROOF = "podster-proof";
  private static final String PURPOSE = "event-bus node";
  /** Vert.x's node id, as {@link HazelcastClusterManager} stores it on each Hazelcast member. */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private final ClusterSecret secret;
  private final Map<String, NodeInfo> verified = new ConcurrentHashMap<>();
  /** Nodes already reported as unproven: a stranger's every registration would log again. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  VerifiedClusterManager(Config hazelcast, ClusterSecret secret) {
    super(hazelcast);
    this.secret = secret;
  }

  @Override
  public void setNodeInfo(NodeInfo info, Completable<Void> promise) {
    JsonObject metadata = info.metadata() == null ? new JsonObject() : info.metadata().copy();
    metadata.put(PROOF, secret.prove(PURPOSE, getNodeId(), info.host(), String.valueOf(info.port())));
    NodeInfo signed = new NodeInfo(info.host(), info.port(), metadata);
    verified.put(getNodeId(), signed);
    super.setNodeInfo(signed, promise);
  }

  @Override
  public void getNodeInfo(String nodeId, Completable<NodeInfo> promise) {
    verify(nodeId).onComplete(promise);
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    super.getRegistrations(
        address,
        (registrations, failure) -> {
          if (failure != null) {
            promise.fail(failure);
          } else {
            verifiedOnly(registrations).onComplete(promise);
          }
        });
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    super.registrationListener(
        new RegistrationListener() {
          @Override
          public void registrationsUpdated(RegistrationUpdateEvent event) {
            // Called on Hazelcast's one throttling thread, which Vert.x lets block (it reads the map
            // there itself); waiting for the check keeps one address's updates in their order.
            List<RegistrationInfo> kept;
            try {
              kept = verifiedOnly(event.registrations()).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              kept = alreadyVerified(event.registrations());
            }
            listener.registrationsUpdated(new RegistrationUpdateEvent(event.address(), kept));
          }

          @Override
          public void registrationsLost() {
            listener.registrationsLost();
          }

          @Override
          public boolean wantsUpdatesFor(String address) {
            return listener.wantsUpdatesFor(address);
          }
        });
  }

  @Override
  public synchronized void memberRemoved(MembershipEvent event) {
    super.memberRemoved(event);
    String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
    if (nodeId != null && !nodeId.equals(getNodeId())) {
      verified.remove(nodeId);
    }
  }

  /** The node's signed entry; fails for a node whose entry is missing or carries no valid proof. */
  private Future<NodeInfo> verify(String nodeId) {
    NodeInfo known = verified.get(nodeId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return Future.<NodeInfo>future(p -> VerifiedClusterManager.super.getNodeInfo(nodeId, p))
        .compose(
            info -> {
              String proof = info.metadata() == null ? null : info.metadata().getString(PROOF);
              if (!secret.verify(proof, PURPOSE, nodeId, info.host(), String.valueOf(info.port()))) {
                if (reported.add(nodeId)) {
                  log.warn("cluster node {} at {}:{} did not prove it holds the cluster secret; not sending to it", nodeId, info.host(), info.port());
                }
                return Future.failedFuture(
                    new VertxException("node " + nodeId + " did not prove it holds the cluster secret", true));
              }
              verified.putIfAbsent(nodeId, info);
              return Future.succeededFuture(verified.get(nodeId));
            });
  }

  private Future<List<RegistrationInfo>> verifiedOnly(List<RegistrationInfo> registrations) {
    Set<String> unknown = new LinkedHashSet<>();
    for (RegistrationInfo r : registrations) {
      if (!verified.containsKey(r.nodeId()) && !r.nodeId().equals(getNodeId())) {
        unknown.add(r.nodeId());
      }
    }
    if (unknown.isEmpty()) {
      return Future.succeededFuture(registrations);
    }
    List<Future<NodeInfo>> checks = new ArrayList<>();
    unknown.forEach(id -> checks.add(verify(id)));
    return Future.join(checks).transform(x -> Future.succeededFuture(alreadyVerified(registrations)));
  }

  private List<RegistrationInfo> alreadyVerified(List<RegistrationInfo> registrations) {
    return registrations.stream().filter(r -> r.nodeId().equals(getNodeId()) || verified.containsKey(r.nodeId())).toList();
  }
}
