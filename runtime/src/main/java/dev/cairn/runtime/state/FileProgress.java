package dev.cairn.runtime.state;

import java.util.Objects;
import java.util.Optional;

/**
 * What is known about one file a folder source has handled.
 *
 * @param path the file's absolute, normalised path
 * @param size its size in bytes when it was handled
 * @param modifiedMillis its last-modified time (epoch milliseconds) when it was handled
 * @param status how handling ended
 * @param reason why it failed; empty when {@code status} is {@link Status#DONE}
 */
public record FileProgress(String path, long size, long modifiedMillis, Status status, Optional<String> reason) {

  /** How handling of a file ended. */
  public enum Status {
    /** Every event was handled. */
    DONE,
    /** The file cannot be handled as it is (poison input); retried only once it changes. */
    FAILED
  }

  public FileProgress {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    if (status == Status.DONE && reason.isPresent()) {
      throw new IllegalArgumentException("a DONE file has no failure reason, got " + reason.get());
    }
  }

  public static FileProgress done(String path, long size, long modifiedMillis) {
    return new FileProgress(path, size, modifiedMillis, Status.DONE, Optional.empty());
  }

  public static FileProgress failed(String path, long size, long modifiedMillis, String reason) {
    return new FileProgress(path, size, modifiedMillis, Status.FAILED, Optional.of(reason));
  }

  /** True when this record describes the file as it is now (same size and modification time). */
  public boolean matches(long currentSize, long currentModifiedMillis) {
    return size == currentSize && modifiedMillis == currentModifiedMillis;
  }
}
