package io.podster.signaling;

/**
 * One message for a room, encoded once by the node that sends it: every node in the room writes
 * {@code text} to its sockets as it is, without decoding or encoding JSON again.
 *
 * @param text the frame for everyone in the room but {@code except}
 * @param except a peer that gets no copy (the sender of a {@code peer-state}), or null
 * @param echoTo a peer whose copy is {@code echoText} instead (it carries the id of the message
 *     that caused it), or null
 * @param leftPeerId for {@code peer-left}: the peer that left, which nodes forget; else null
 */
record RoomBroadcast(String text, String except, String echoTo, String echoText, String leftPeerId) {}
