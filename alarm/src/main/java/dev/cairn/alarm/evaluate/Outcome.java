package dev.cairn.alarm.evaluate;

import java.util.List;
import java.util.Objects;

/**
 * What one evaluation decided, and why, in the terms CloudWatch's state reasons use.
 *
 * @param state the state the alarm is in after the evaluation (the prior one when {@code kept})
 * @param kept true when the rules say to keep the state ({@code ignore} with too little data)
 * @param how which rule decided
 * @param evaluated the real points the decision rests on, newest first: the newest N for a normal
 *     evaluation, every real point of the range for the others
 * @param filled how many missing points were filled in as {@code treatMissingData} says
 * @param breaching how many points (real and filled) breach
 */
public record Outcome(AlarmState state, boolean kept, How how, List<Point> evaluated, int filled, int breaching) {

  public Outcome {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(how, "how");
    evaluated = List.copyOf(evaluated);
  }

  /** Which rule of the evaluation decided. */
  public enum How {
    /** Every point of the range is missing: the treatment alone decides. */
    ALL_MISSING,
    /** N real points, or fewer filled up: M breaching or not. */
    THRESHOLD,
    /**
     * "Avoiding premature transitions": fewer than N real points, all breaching, the oldest at least M
     * periods old: ALARM however few they are ({@code missing}), or keep ({@code ignore}).
     */
    PREMATURE,
    /**
     * Fewer than N real points, all breaching, fewer than M and too recent for the premature rule:
     * the next point may not breach, so no transition to ALARM yet — INSUFFICIENT_DATA ({@code
     * missing}) or keep ({@code ignore}), as AWS's earlier tables show for {@code - - - - X}.
     */
    TOO_RECENT
  }
}
