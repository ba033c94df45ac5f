package dev.cairn.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alarm.metric.FilterMeasurer;
import dev.cairn.alert.Alert;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.Measurer;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Silence detection: no events from an account and region (or at all) for a while is an alarm. */
class SilenceTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAccountAndRegionThatGoQuietAlarmAndRecover() throws Exception {
    Alarms alarms = AlarmServiceTest.alarms("""
        silence:
          - {name: trail-silent, by: [account, region], after: 30m, notify: [oncall]}
          - {name: all-silent, after: 60m, notify: [oncall]}
        """);
    FilterMeasurer measurer = alarms.measurer(Enricher.withAccounts(Map.of())::facts);
    List<Transition> transitions = new ArrayList<>();
    try (StateStore store = StateStore.inMemory()) {
      AlarmService service = new AlarmService(alarms, store.metrics(), () -> T0);
      for (int m = 0; m <= 80; m++) {
        Instant now = T0.plusSeconds(60L * m);
        transitions.addAll(service.evaluate(now));
        if (m == 0) {
          read(store, measurer, now, Records.call("RunInstances", now, "111111111111", "us-east-1"),
              Records.call("RunInstances", now, "222222222222", "eu-west-1"));
        } else if (m == 20 || m == 55) {
          read(store, measurer, now, Records.call("DescribeInstances", now, "111111111111", "us-east-1"));
        }
      }
      // account 2 last arrived 10:01: silent from 10:31; account 1 arrived 10:21: silent from 10:51, back at 10:56.
      assertThat(transitions).extracting(Transition::at, Transition::alarm, Transition::key, Transition::to)
          .containsExactly(
              tuple(T0.plusSeconds(31 * 60), "trail-silent", "account=222222222222,region=eu-west-1", "ALARM"),
              tuple(T0.plusSeconds(51 * 60), "trail-silent", "account=111111111111,region=us-east-1", "ALARM"),
              tuple(T0.plusSeconds(56 * 60), "trail-silent", "account=111111111111,region=us-east-1", "OK"));
      Transition silent = transitions.get(0);
      assertThat(silent.reason()).isEqualTo("Threshold Crossed: no datapoints were received for 30 periods and 30"
          + " missing datapoints were treated as [Breaching].");
      Alert alert = store.outbox().alerts(Instant.EPOCH, false, 10).stream().filter(a -> a.id().equals(silent.alertId()))
          .map(a -> dev.cairn.alert.AlertJson.read(a.body())).findFirst().orElseThrow();
      assertThat(alert.title()).isEqualTo("ALARM: \"trail-silent\" in EU (Ireland)");
      JsonNode message = alert.alarm().orElseThrow();
      assertThat(message.path("AWSAccountId").asText()).isEqualTo("222222222222");
      assertThat(message.path("Trigger").path("Dimensions").toString())
          .isEqualTo("[{\"value\":\"222222222222\",\"name\":\"account\"},{\"value\":\"eu-west-1\",\"name\":\"region\"}]");
      assertThat(message.path("Trigger").path("TreatMissingData").asText()).isEqualTo("breaching");
    }
  }

  @Test
  void noEventsAtAllSinceStartIsSilenceToo() throws Exception {
    Alarms alarms = AlarmServiceTest.alarms("silence: [{name: all-silent, after: 30m, notify: [oncall]}]");
    try (StateStore store = StateStore.inMemory()) {
      AlarmService service = new AlarmService(alarms, store.metrics(), () -> T0);
      List<Transition> transitions = new ArrayList<>();
      for (int m = 0; m <= 40; m++) {
        transitions.addAll(service.evaluate(T0.plusSeconds(60L * m)));
      }
      assertThat(transitions).extracting(Transition::at, Transition::to)
          .containsExactly(tuple(T0.plusSeconds(30 * 60), "ALARM"));
    }
  }

  private static void read(StateStore store, FilterMeasurer measurer, Instant now, String... records) throws Exception {
    Measurer.Buffer buffer = new Measurer.Buffer();
    for (String record : records) {
      measurer.seen(CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(record)), now, buffer);
    }
    store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of(), now, List.of(), now,
        buffer.drain()));
  }
}
