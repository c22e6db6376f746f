package io.podster.signaling;

import java.util.List;

/** One node's broadcasts to one room in one event-loop turn, in the order they were made. */
record RoomBroadcasts(List<RoomBroadcast> items) {}
