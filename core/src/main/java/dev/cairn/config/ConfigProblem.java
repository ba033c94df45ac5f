package dev.cairn.config;

/**
 * One thing wrong with a configuration: where ({@code sources.sqs[0].waitTime}, or empty for the
 * whole document) and what, worded for the person who wrote the file. The message never contains a
 * value that came from the environment or a file.
 */
public record ConfigProblem(String path, String message) {
  @Override
  public String toString() {
    return (path.isEmpty() ? "(top)" : path) + ": " + message;
  }
}
