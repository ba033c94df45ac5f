package dev.cairn.runtime;

import java.util.Objects;

/**
 * How the engine is doing, for a health endpoint.
 *
 * @param status the verdict
 * @param detail why, for people; empty when all is well
 */
public record Health(Status status, String detail) {

  /** The verdict. */
  public enum Status {
    /** Running normally. */
    OK,
    /**
     * Running, but something it depends on is failing and it is retrying (the state store cannot be
     * written): nothing is lost, work waits.
     */
    DEGRADED,
    /** Not running: stopped, or a worker died (the process should exit and be restarted). */
    FAILED
  }

  public static final Health OK = new Health(Status.OK, "");

  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }
}
