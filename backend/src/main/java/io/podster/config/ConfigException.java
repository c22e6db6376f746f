package io.podster.config;

/** A configuration value that cannot be used; the message names the variable and says why. */
public class ConfigException extends RuntimeException {
  public ConfigException(String variable, String problem) {
    super(variable + ": " + problem);
  }
}
