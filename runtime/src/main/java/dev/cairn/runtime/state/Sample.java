package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.Objects;

/**
 * An event behind a metric, kept to show people what a number stands for. The store keeps a few
 * per metric and minute ({@link MetricLog#SAMPLES_PER_MINUTE}) and drops the rest, so a metric
 * that matches a million events costs no more than one that matches ten.
 *
 * @param metric the metric's name
 * @param id the event's id: the same event recorded twice is kept once
 * @param minute the start of the event's minute of event time
 * @param arrived the minute boundary from which it is visible (see {@link Datapoint#arrived()})
 * @param body what the metric's owner wants to show (opaque to the store; bounded by the owner)
 */
public record Sample(String metric, String id, Instant minute, Instant arrived, String body) {
  public Sample {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(minute, "minute");
    Objects.requireNonNull(arrived, "arrived");
    Objects.requireNonNull(body, "body");
  }
}
