package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.util.Collections;
import java.util.List;

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

  /** Lines are printed a run at a time, flushed once, and recorded together (see {@link Channel#maxBatch}). */
  @Override
  public int maxBatch() {
    return 64;
  }

  @Override
  public Attempt send(Alert alert, String idempotencyKey) {
    return sendAll(List.of(alert), List.of(idempotencyKey)).get(0);
  }

  @Override
  public List<Attempt> sendAll(List<Alert> alerts, List<String> idempotencyKeys) {
    if (!headerPrinted) {
      settings.out().print(settings.format().header());
      headerPrinted = true;
    }
    StringBuilder lines = new StringBuilder(alerts.size() * 512);
    for (Alert alert : alerts) {
      lines.append(settings.format().line(alert));
    }
    settings.out().print(lines);
    settings.out().flush();
    // A writer that failed once stays failed (a closed pipe: `cairn run | head`): retrying cannot help.
    // Which lines got out before it failed cannot be told: the first is reported, the rest are tried again.
    return settings.out().checkError()
        ? List.of(new Attempt.Permanent("could not write to " + settings.name() + " (closed)"))
        : Collections.nCopies(alerts.size(), Attempt.DELIVERED);
  }
}
