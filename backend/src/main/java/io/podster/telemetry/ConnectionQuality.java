package io.podster.telemetry;

/**
 * One peer connection's call quality over one reporting interval, as a browser measured it, in
 * base units. A null figure was not measured (no RTCP yet, no incoming video, a browser that does
 * not report freezes) and is left out of its histogram rather than counted as zero.
 *
 * @param candidate how media flows: {@code host}, {@code srflx} or {@code relay}
 * @param seconds the interval the figures cover
 */
public record ConnectionQuality(
    String candidate,
    double seconds,
    Double rttSeconds,
    Double jitterSeconds,
    Double lossRatio,
    double sendBitsPerSecond,
    double receiveBitsPerSecond,
    long framesDecoded,
    Double freezeSeconds) {}
