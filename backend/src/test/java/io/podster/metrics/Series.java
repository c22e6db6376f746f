package io.podster.metrics;

/** Reading series out of a Prometheus text scrape, for tests. */
public final class Series {
  private Series() {}

  /** The value of one series ({@code name{labels}} exactly as exposed), 0 when absent. */
  public static double value(String text, String series) {
    return text.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]))
        .findFirst()
        .orElse(0);
  }

  public static double delta(String before, String after, String series) {
    return value(after, series) - value(before, series);
  }
}
