package dev.cairn.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Metric data recorded with checkpoints: added up by key, seen by arrival, samples bounded, alarm states with alerts. */
class MetricLogTest {
  private static final Instant M = Instant.parse("2026-12-06T10:05:00Z");
  private static final Instant ARRIVED = M.plusSeconds(300);

  private static void commit(StateStore store, List<Datapoint> datapoints, List<Sample> samples) {
    store.commit(new Checkpoint(Optional.of("in"), Optional.empty(), 1, false, List.of(), ARRIVED, List.of(), ARRIVED,
        new MetricBatch(datapoints, samples)));
  }

  @Test
  void datapointsAddUpByKeyAndAreSeenFromTheirArrival() {
    try (StateStore store = StateStore.inMemory()) {
      commit(store, List.of(Datapoint.of("m", "", M, ARRIVED, 2), Datapoint.of("m", "", M, ARRIVED.plusSeconds(60), 9)),
          List.of());
      commit(store, List.of(Datapoint.of("m", "", M, ARRIVED, 5)), List.of());
      MetricLog log = store.metrics();
      assertThat(log.datapoints("m", M, M.plusSeconds(60), ARRIVED))
          .containsExactly(new Datapoint("m", "", M, ARRIVED, 2, 7, 2, 5));
      assertThat(log.datapoints("m", M, M.plusSeconds(60), ARRIVED.plusSeconds(60))).hasSize(2);
      assertThat(log.datapoints("m", M, M.plusSeconds(60), ARRIVED.minusSeconds(60))).isEmpty();
      assertThat(log.lastArrivals("m", Instant.EPOCH, ARRIVED.plusSeconds(60))).containsEntry("", ARRIVED.plusSeconds(60));
      assertThat(log.purge(M.plusSeconds(60))).isEqualTo(2);
      assertThat(log.datapoints("m", M, M.plusSeconds(60), ARRIVED.plusSeconds(60))).isEmpty();
    }
  }

  @Test
  void keepsAFewSamplesPerMinuteEachOnce() {
    try (StateStore store = StateStore.inMemory()) {
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        samples.add(new Sample("m", "e" + i, M, ARRIVED, "{}"));
      }
      commit(store, List.of(), samples);
      commit(store, List.of(), samples.subList(0, 2));
      assertThat(store.metrics().samples("m", M, M.plusSeconds(60), ARRIVED, 100)).extracting(Sample::id)
          .containsExactly("e0", "e1", "e2", "e3", "e4");
    }
  }

  @Test
  void alarmStatesAndTheirAlertsInOneTransaction() {
    try (StateStore store = StateStore.inMemory()) {
      Outbox.NewAlert alert = new Outbox.NewAlert("alarm-1", "a", ARRIVED, "{}", List.of("oncall"), Optional.empty());
      store.metrics().recordAlarms(Map.of("alarm:a", "{\"state\":\"ALARM\"}"), List.of(alert), ARRIVED);
      store.metrics().recordAlarms(Map.of("alarm:a", "{\"state\":\"ALARM\"}"), List.of(alert), ARRIVED);
      assertThat(store.metrics().alarmStates()).containsExactly(Map.entry("alarm:a", "{\"state\":\"ALARM\"}"));
      assertThat(store.outbox().alerts(Instant.EPOCH, false, 10)).hasSize(1);
    }
  }
}
