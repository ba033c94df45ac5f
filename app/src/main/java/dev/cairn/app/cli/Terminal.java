package dev.cairn.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard output and standard error are terminals, for what is drawn only for a person
 * watching: a progress line redrawn with carriage returns. {@code bin/cairn} tells with {@code
 * -Dcairn.tty} (standard error) and {@code -Dcairn.stdout.tty}; without them, on Linux, where
 * {@code /proc/self/fd} points says (a {@code /dev/pts/N} or {@code /dev/ttyN} device).
 */
public final class Terminal {
  private Terminal() {}

  /**
   * True when a progress line may be drawn: standard error is a terminal and standard output is
   * not. When both are the same terminal, the line would be drawn over rows of output.
   */
  public static boolean progressWanted() {
    return isTerminal("cairn.tty", 2) && !isTerminal("cairn.stdout.tty", 1);
  }

  private static boolean isTerminal(String property, int fd) {
    String told = System.getProperty(property);
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    try {
      String device = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false; // not Linux, or not allowed to look: no terminal drawing
    }
  }
}
