package dev.cairn.app.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code cairn} command, documented here once: {@link Main} renders {@link
 * #DESCRIPTIONS} into every command's help, so a new command documents them too.
 */
public final class ExitCodes {
  /** Everything worked: every input read, a service stopped cleanly (a signal included), a file valid. */
  public static final int OK = 0;
  /** Some input could not be read or decoded, an alert could not be delivered, or a drain gave up (after all else was done). */
  public static final int FAILURE = 1;
  /** Bad usage, invalid rules or configuration, or the service cannot start (port in use, no AWS credentials, state in use). */
  public static final int USAGE = 2;
  /** {@code scan --fail-on-match}: something matched (takes precedence over 1: a finding is certain). */
  public static final int MATCHED = 3;

  /** Each code and what it means, as the help shows them. */
  public static final Map<String, String> DESCRIPTIONS = descriptions();

  private ExitCodes() {}

  private static Map<String, String> descriptions() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(" " + OK, "Success: every input was read, the service stopped cleanly (also on "
        + "SIGINT or SIGTERM) or drained, every file is valid.");
    codes.put(" " + FAILURE, "Some input could not be read or decoded, an alert could not be delivered, "
        + "or a drain gave up; everything else was still done.");
    codes.put(" " + USAGE, "Bad usage, invalid rules or config, or the service cannot start "
        + "(port in use, no AWS credentials, state in use).");
    codes.put(" " + MATCHED, "With scan --fail-on-match: something matched.");
    return Collections.unmodifiableMap(codes);
  }
}
