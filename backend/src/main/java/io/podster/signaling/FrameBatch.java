package io.podster.signaling;

import java.util.List;

/** Finished frames for peers on one node, in the order they were relayed: {@code peerIds[i]} gets {@code frames[i]}. */
record FrameBatch(List<String> peerIds, List<String> frames) {}
