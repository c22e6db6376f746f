package io.podster.signaling;

import io.podster.auth.AuthGuard;
import io.podster.auth.SessionRevocations;
import io.podster.auth.UserRepository;
import io.podster.config.PodsterConfig;
import io.podster.metrics.PodsterMetrics;
import io.podster.recording.Takes;
import io.podster.rooms.RoomAccess;
import io.podster.rooms.RoomRepository;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What every event loop of a node shares: configuration, and collaborators that hold no state of
 * their own or only thread-safe state (the database, the cluster maps, counters). Anything a loop
 * keeps about its sockets and rooms lives in its {@link SignalingLoop}.
 */
record SignalingDeps(
    Vertx vertx,
    PodsterConfig config,
    AuthGuard guard,
    SessionRevocations revocations,
    RoomAccess access,
    RoomRepository rooms,
    UserRepository users,
    Takes takes,
    Clock clock,
    PodsterMetrics metrics,
    PeerDirectory directory,
    ResumeTokens resume,
    IceServers ice,
    NodeTally tally) {}
