package dev.cairn.runtime.state;

import java.util.List;

/**
 * The metric data a checkpoint records: datapoints and sample events.
 *
 * @param datapoints added to what is recorded under the same key
 * @param samples kept while their minute has room
 */
public record MetricBatch(List<Datapoint> datapoints, List<Sample> samples) {
  /** Nothing. */
  public static final MetricBatch EMPTY = new MetricBatch(List.of(), List.of());

  public MetricBatch {
    datapoints = List.copyOf(datapoints);
    samples = List.copyOf(samples);
  }

  public boolean isEmpty() {
    return datapoints.isEmpty() && samples.isEmpty();
  }
}
