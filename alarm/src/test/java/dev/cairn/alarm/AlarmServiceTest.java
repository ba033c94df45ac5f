package dev.cairn.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.config.Config;
import dev.cairn.runtime.state.Datapoint;
import dev.cairn.runtime.state.Outbox;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm service on a live engine: files read at instants of a fake clock into a real SQLite
 * store, evaluated every minute, with the configuration.
 */
class AlarmServiceTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  static final String CONFIG = """
      metrics:
        - name: ConsoleLoginFailures
          filter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
          value: 1
          dimensions: {Actor: $.userIdentity.arn}
      alarms:
        - name: console-login-failures
          description: Someone keeps failing to sign in
          metric: ConsoleLoginFailures
          statistic: Sum
          period: 5m
          evaluationPeriods: 3
          datapointsToAlarm: 2
          comparison: GreaterThanOrEqualToThreshold
          threshold: 3
          treatMissingData: notBreaching
          alarmActions: [oncall]
          okActions: [secops]
      """;

  @TempDir Path dir;

  static Alarms alarms(String yaml) throws Exception {
    JsonNode root = new YAMLMapper().readTree(yaml);
    Config config = AlarmConfig.DEF.load(root, name -> null, null);
    return AlarmConfig.alarms(config);
  }

  /** The alarm over 26 minutes: OK at once, ALARM on 2 of 3 breaching periods, OK when they age out. */
  private List<Transition> scenario(LiveRun live, boolean restart) throws Exception {
    List<Transition> all = new ArrayList<>();
    all.addAll(live.deliver(T0.plusSeconds(180), failures("alice", T0.plusSeconds(10), 3)));
    if (restart) {
      all.addAll(live.until(T0.plusSeconds(420)));
      live.restart(); // mid-window: 10:00's datapoint is recorded, 10:05's is not there yet
    }
    List<String> second = new ArrayList<>(List.of(failures("alice", T0.plusSeconds(360), 3)));
    second.add(Records.failedLogin("bob", T0.plusSeconds(370), "198.51.100.20"));
    all.addAll(live.deliver(T0.plusSeconds(480), second.toArray(String[]::new)));
    all.addAll(live.until(T0.plusSeconds(30 * 60)));
    return all;
  }

  static String[] failures(String user, Instant from, int count) {
    String[] records = new String[count];
    for (int i = 0; i < count; i++) {
      records[i] = Records.failedLogin(user, from.plusSeconds(10L * i), "203.0.113." + (i + 1));
    }
    return records;
  }

  @Test
  void alarmsOnTwoOfThreeBreachingPeriodsAndRecoversWhenTheyAgeOut() throws Exception {
    try (LiveRun live = new LiveRun(dir, alarms(CONFIG), T0)) {
      List<Transition> transitions = scenario(live, false);
      assertThat(transitions).extracting(Transition::describe).containsExactly(
          "2026-12-06T10:00:00Z  console-login-failures  INSUFFICIENT_DATA -> OK  [secops]  Threshold Crossed: no"
              + " datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].",
          "2026-12-06T10:09:00Z  console-login-failures  OK -> ALARM  [oncall]  Threshold Crossed: 2 out of the last 3"
              + " datapoints [4.0 (06/12/26 10:05:00), 3.0 (06/12/26 10:00:00)] was greater than or equal to the"
              + " threshold (3.0) and 1 missing datapoint was treated as [NonBreaching] (minimum 2 datapoints for"
              + " OK -> ALARM transition).",
          "2026-12-06T10:26:00Z  console-login-failures  ALARM -> OK  [secops]  Threshold Crossed: 1 datapoint was"
              + " received for 3 periods and 2 missing datapoints were treated as [NonBreaching] (minimum 2 datapoints"
              + " for ALARM -> OK transition).");

      Alert alarm = alert(live, transitions.get(1).alertId());
      assertThat(alarm.title()).isEqualTo("ALARM: \"console-login-failures\" in US East (N. Virginia)");
      assertThat(alarm.digest().orElseThrow().topActors()).extracting(Alert.Count::value, Alert.Count::count)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 6), org.assertj.core.groups.Tuple.tuple("bob", 1));
      assertThat(alarm.digest().orElseThrow().topAccounts()).extracting(Alert.Count::value).containsExactly("Prod");
      assertThat(alarm.events()).hasSize(5).allSatisfy(e -> assertThat(e.summary()).contains("ConsoleLogin in Prod us-east-1"));
      JsonNode message = alarm.alarm().orElseThrow();
      assertThat(message.path("AWSAccountId").asText()).isEqualTo("111111111111");
      assertThat(message.path("Cairn").path("matchingEvents").asLong()).isEqualTo(7);
    }
  }

  @Test
  void aRestartInTheMiddleOfAWindowNeitherForgetsNorResends() throws Exception {
    List<String> uninterrupted;
    try (LiveRun live = new LiveRun(dir.resolve("a"), alarms(CONFIG), T0)) {
      uninterrupted = scenario(live, false).stream().map(Transition::describe).toList();
    }
    try (LiveRun live = new LiveRun(dir.resolve("b"), alarms(CONFIG), T0)) {
      assertThat(scenario(live, true)).extracting(Transition::describe).containsExactlyElementsOf(uninterrupted);
      List<Outbox.AlertRecord> recorded = live.store.outbox().alerts(Instant.EPOCH, false, 100);
      assertThat(recorded).hasSize(3);
      // Evaluating a minute again after a restart (a supervisor restarting at once) sends nothing again.
      live.restart();
      assertThat(live.service.evaluate(T0.plusSeconds(26 * 60))).isEmpty();
      assertThat(live.store.outbox().alerts(Instant.EPOCH, false, 100)).hasSize(3);
    }
  }

  @Test
  void anEventDeliveredAgainIsCountedOnce() throws Exception {
    try (LiveRun live = new LiveRun(dir, alarms(CONFIG), T0)) {
      String[] events = failures("alice", T0.plusSeconds(10), 3);
      live.deliver(T0.plusSeconds(120), events);
      live.deliver(T0.plusSeconds(180), events); // the same events in another object (a duplicate delivery)
      List<Datapoint> data = live.store.metrics().datapoints("ConsoleLoginFailures", T0, T0.plusSeconds(600), T0.plusSeconds(600));
      assertThat(data.stream().mapToDouble(Datapoint::sum).sum()).isEqualTo(3);
    }
  }

  @Test
  void lateAndOutOfOrderEventsCountInTheirEventTimeFromTheMinuteAfterTheyArrive() throws Exception {
    String config = CONFIG.replace("evaluationPeriods: 3", "evaluationPeriods: 1").replace("datapointsToAlarm: 2",
        "datapointsToAlarm: 1");
    try (LiveRun live = new LiveRun(dir, alarms(config), T0)) {
      live.deliver(T0.plusSeconds(60), failures("alice", T0.plusSeconds(5), 1));
      live.deliver(T0.plusSeconds(420), failures("carol", T0.plusSeconds(360), 1));
      // Two of 10:02's failures arrive at 10:09, after 10:06's: 10:00's period now holds 3, but it is no
      // longer the newest period with data, so it does not decide (as in CloudWatch).
      List<Transition> transitions = live.deliver(T0.plusSeconds(540), failures("bob", T0.plusSeconds(120), 2));
      transitions.addAll(live.until(T0.plusSeconds(1260)));
      assertThat(transitions).isEmpty();
      List<Datapoint> data = live.store.metrics().datapoints("ConsoleLoginFailures", T0, T0.plusSeconds(300),
          T0.plusSeconds(600));
      assertThat(data.stream().mapToDouble(Datapoint::sum).sum()).isEqualTo(3);
      // 10:17's failures arrive at 10:21: they count in 10:15's period, seen from 10:22 on, not at 10:21.
      assertThat(live.deliver(T0.plusSeconds(1260), failures("dave", T0.plusSeconds(1020), 3))).isEmpty();
      assertThat(live.until(T0.plusSeconds(1320))).extracting(Transition::at, Transition::to)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(1320), "ALARM"));
    }
  }

  static Alert alert(LiveRun live, String id) {
    return live.store.outbox().alerts(Instant.EPOCH, false, 100).stream().filter(a -> a.id().equals(id))
        .map(a -> AlertJson.read(a.body())).findFirst().orElseThrow();
  }
}
