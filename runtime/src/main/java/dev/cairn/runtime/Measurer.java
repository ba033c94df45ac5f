package dev.cairn.runtime;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.state.Datapoint;
import dev.cairn.runtime.state.MetricBatch;
import dev.cairn.runtime.state.MetricLog;
import dev.cairn.runtime.state.Sample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns events into metric data (CloudWatch Logs metric filters), which the engine records in the
 * state store's {@link MetricLog} in the same transaction as the checkpoint that marks the events
 * handled. Its {@link #rules} are matched with the engine's own rules (one pass), and their matches
 * are deduplicated by the same (rule, eventID) keys: an event delivered twice, in a redelivered or
 * another object, or read again after a crash, is counted once (within the dedup window). Their
 * matches go only here, never to the match handler or the alerter. Set with {@link
 * CairnProcessor.Builder#measurer}.
 *
 * <p>Called on worker threads, concurrently for different inputs. A thrown exception fails the work
 * item, as a match handler's does.
 */
public interface Measurer {

  /** The rules whose matches are measured; their ids must differ from the engine's rules'. */
  RuleSet rules();

  /**
   * Measures matches of {@link #rules} not measured before, handled at {@code handled} (when they
   * arrived, for evaluations that ask what was known when).
   */
  void measure(List<Match> matches, Instant handled, Sink sink);

  /**
   * Every event read, before the filters and whether it matches or not, for metrics of all traffic
   * (is a trail still delivering?). Called for each event, so it must be cheap; the default does
   * nothing. Not deduplicated by key: an event repeated in another object is seen twice.
   */
  default void seen(CloudTrailEvent event, Instant handled, Sink sink) {}

  /** Where measurements go; datapoints under the same key add up. Not thread-safe. */
  interface Sink {
    void datapoint(Datapoint datapoint);

    void sample(Sample sample);
  }

  /** Gathers what a {@link Measurer} gives until a checkpoint records it, datapoints added up by key. */
  final class Buffer implements Sink {
    private record Key(String metric, String dimensions, Instant minute, Instant arrived) {}

    private final Map<Key, Datapoint> datapoints = new LinkedHashMap<>();
    private final Map<String, Sample> samples = new LinkedHashMap<>();

    @Override
    public void datapoint(Datapoint d) {
      datapoints.merge(new Key(d.metric(), d.dimensions(), d.minute(), d.arrived()), d, Datapoint::plus);
    }

    @Override
    public void sample(Sample s) {
      // Samples past a minute's room are dropped by the store; keeping many here would only cost memory.
      if (samples.size() < 10_000) {
        samples.putIfAbsent(s.metric() + '\n' + s.id(), s);
      }
    }

    /** Rows waiting. */
    public int size() {
      return datapoints.size() + samples.size();
    }

    public boolean isEmpty() {
      return datapoints.isEmpty() && samples.isEmpty();
    }

    /** What was gathered, then nothing. */
    public MetricBatch drain() {
      MetricBatch batch = new MetricBatch(
          List.copyOf(datapoints.values()), List.copyOf(samples.values()));
      datapoints.clear();
      samples.clear();
      return batch;
    }
  }
}
