package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is recorded about one input.
 *
 * @param key the input's stable key: {@code s3://bucket/key}, an absolute path
 * @param version what tells two contents under the key apart (an S3 ETag, a file's size and
 *     modification time); empty when the source did not know it
 * @param status where reading stands
 * @param position how many of the input's events (in decoding order, before any filter) are handled:
 *     reading resumes after them
 * @param interruptions how many times in a row reading began and never ended nor got past {@code
 *     position} (the process died while reading it)
 * @param reason why it failed; empty unless {@code status} is {@link Status#FAILED}
 * @param updated when the record was last written
 */
public record InputState(String key, Optional<String> version, Status status, long position, int interruptions,
    Optional<String> reason, Instant updated) {

  /** Where reading an input stands. */
  public enum Status {
    /** Being read, or the reader died while reading it. */
    STARTED,
    /** Reading stopped early for a reason that is not the input's; resumes at the position. */
    PAUSED,
    /** Every event was handled. */
    DONE,
    /** Cannot be handled as it is (poison, or given up on); not read again until its version changes. */
    FAILED
  }

  public InputState {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(updated, "updated");
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    if (interruptions < 0) {
      throw new IllegalArgumentException("interruptions must be >= 0, got " + interruptions);
    }
    if (status == Status.FAILED != reason.isPresent()) {
      throw new IllegalArgumentException("a reason is given exactly when the input FAILED; status " + status
          + ", reason " + reason);
    }
  }

  /** A record that says nothing was read yet. */
  public static InputState fresh(String key, Optional<String> version, Instant now) {
    return new InputState(key, version, Status.STARTED, 0, 0, Optional.empty(), now);
  }

  /** True when reading is over for this version: done, or failed. */
  public boolean finished() {
    return status == Status.DONE || status == Status.FAILED;
  }

  /**
   * True when {@code other} names the same content as this record's version. Versions compare only
   * when both are known: CloudTrail's own notice carries no ETag, and its object keys are unique, so
   * a key without a version is taken to be the same object.
   */
  public boolean sameVersion(Optional<String> other) {
    return version.isEmpty() || other.isEmpty() || version.equals(other);
  }
}
