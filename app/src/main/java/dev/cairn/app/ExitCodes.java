package dev.cairn.app;

/** The documented exit codes of every {@code cairn} command. */
public final class ExitCodes {
  /** Everything worked. */
  public static final int OK = 0;
  /** Some input could not be read or decoded (after all other inputs were processed). */
  public static final int FAILURE = 1;
  /** Bad usage, or invalid rules or configuration. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
