package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.util.Optional;

/**
 * Prints alerts as lines ({@link LineFormat}), the header once before the first. A writer that
 * reports an error (a closed pipe) makes the attempt permanent: a {@link java.io.PrintWriter} that
 * failed stays failed.
 */
public final class ConsoleChannel implements Channel {
  /** The channel type, and the key of a rule's console template (unused by the built-in formats). */
  public static final String TYPE = "console";

  private final ConsoleSettings settings;
  private boolean headerPrinted;

  public ConsoleChannel(ConsoleSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String preview(Alert alert, String idempotencyKey) {
    return settings.format().header() + settings.format().line(alert);
  }

  @Override
  public Attempt send(Alert alert, String idempotencyKey) {
    if (!headerPrinted) {
      settings.out().print(settings.format().header());
      headerPrinted = true;
    }
    settings.out().print(settings.format().line(alert));
    settings.out().flush();
    // A writer that failed once stays failed (a closed pipe: `cairn run | head`): retrying cannot help.
    return settings.out().checkError()
        ? new Attempt.Permanent("could not write to " + settings.name() + " (closed)") : Attempt.DELIVERED;
  }
}
