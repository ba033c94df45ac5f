package dev.cairn.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.Datapoint;
import dev.cairn.runtime.state.MetricBatch;
import dev.cairn.runtime.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed's ladder: more than 50 tells the manager, more than 100 the head, and both hear when it falls back. */
class EscalationTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final String CONFIG = """
      metrics:
        - {name: Failures, filter: '{ $.errorCode = "AccessDenied" }'}
      alarms:
        - name: failures-escalation
          metric: Failures
          period: 5m
          delay: 0s
          escalation:
            - {above: 50, notify: [manager]}
            - {above: 100, notify: [head]}
      """;

  /** Evaluates at 10-minute steps, the window holding exactly {@code values[k]} at step k. */
  private static List<Transition> run(String config, double... values) throws Exception {
    List<Transition> transitions = new ArrayList<>();
    try (StateStore store = StateStore.inMemory()) {
      AlarmService service = new AlarmService(AlarmServiceTest.alarms(config), store.metrics(), () -> T0);
      for (int k = 0; k < values.length; k++) {
        Instant t = T0.plusSeconds(600L * k + 600);
        Instant minute = t.minusSeconds(60);
        store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of(), t, List.of(), t,
            new MetricBatch(List.of(new Datapoint("Failures", "", minute, minute, (long) values[k], values[k], 1, 1)),
                List.of())));
        transitions.addAll(service.evaluate(t));
      }
    }
    return transitions;
  }

  @Test
  void risesAndFallsBackWithHysteresis() throws Exception {
    // 47 and 95 hover just under an edge: the level holds until 45 (50 − 10 %) and 90 (100 − 10 %).
    List<Transition> transitions = run(CONFIG, 40, 55, 52, 47, 45, 120, 95, 90, 30);
    assertThat(transitions).extracting(Transition::from, Transition::to, Transition::channels).containsExactly(
        tuple("OK", "level 1 (> 50.0)", List.of("manager")),
        tuple("level 1 (> 50.0)", "OK", List.of("manager")),
        tuple("OK", "level 2 (> 100.0)", List.of("manager", "head")),
        tuple("level 2 (> 100.0)", "level 1 (> 50.0)", List.of("head")),
        tuple("level 1 (> 50.0)", "OK", List.of("manager")));
    assertThat(transitions.get(2).reason()).isEqualTo("Threshold Crossed: 1 out of the last 1 datapoints [120.0"
        + " (06/12/26 10:55:00)] was greater than the threshold (100.0) (escalation level 2 of 2)");
    assertThat(transitions.get(3).reason()).contains("was not greater than the threshold (90.0)");
  }

  @Test
  void aValueHoveringAtTheEdgeDoesNotFlap() throws Exception {
    assertThat(run(CONFIG, 51, 49, 51, 48, 50.5, 46, 51)).hasSize(1);
  }

  @Test
  void tellsTheLevelAgainWhileItHolds() throws Exception {
    List<Transition> transitions = run(CONFIG.replace("delay: 0s", "delay: 0s\n    renotify: 30m"), 60, 60, 60, 60, 60);
    assertThat(transitions).extracting(Transition::at, Transition::key, Transition::channels).containsExactly(
        tuple(T0.plusSeconds(600), "", List.of("manager")),
        tuple(T0.plusSeconds(600 + 1800), "renotify", List.of("manager")));
  }
}
