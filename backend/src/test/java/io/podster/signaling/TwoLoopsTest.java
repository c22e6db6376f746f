package io.podster.signaling;

/** Signaling on two event loops of one node. */
class TwoLoopsTest extends SignalingLoopsTest {
  @Override
  int loops() {
    return 2;
  }
}
