package dev.cairn.runtime.source;

import java.util.Objects;

/**
 * An input that cannot be handled as it is, however often it is retried: corrupt gzip, invalid
 * JSON, a missing object. Passed to {@link WorkItem#failed(Throwable)} (directly, or as the cause)
 * so a source can tell poison from a transient failure: a folder source records the file as failed
 * and does not retry it until it changes, while an SQS source leaves the message for its redrive
 * policy either way.
 */
public final class PoisonInputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final String reason;

  public PoisonInputException(String input, String reason, Throwable cause) {
    super(Objects.requireNonNull(input, "input") + ": " + Objects.requireNonNull(reason, "reason"), cause);
    this.input = input;
    this.reason = reason;
  }

  public PoisonInputException(String input, String reason) {
    this(input, reason, null);
  }

  /** The input's name. */
  public String input() {
    return input;
  }

  /** Why it cannot be handled, for people. */
  public String reason() {
    return reason;
  }

  /** The poison exception in {@code failure}'s cause chain, or null when the failure is not poison. */
  public static PoisonInputException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PoisonInputException poison) {
        return poison;
      }
    }
    return null;
  }
}
