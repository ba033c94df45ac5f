package dev.cairn.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.alarm.evaluate.Comparison;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.MissingData;
import dev.cairn.alarm.evaluate.Statistic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One line of config turns on the CIS pack's metric filters and alarms, with the benchmark's parameters. */
class CisAlarmsTest {

  @Test
  void theFiltersAreTheRulePacksCharacterForCharacter() throws Exception {
    Map<String, String> pack = new LinkedHashMap<>();
    for (JsonNode rule : new YAMLMapper().readTree(Path.of("../rules/cis-aws-foundations.yaml").toFile()).path("rules")) {
      pack.put(rule.path("id").asText(), rule.path("filter").asText());
    }
    Alarms alarms = AlarmServiceTest.alarms("cisAlarms: [oncall]");
    assertThat(alarms.alarms()).hasSize(15);
    assertThat(alarms.metrics()).hasSize(15);
    for (AlarmDefinition a : alarms.alarms()) {
      assertThat(a.metric().filter()).as(a.name()).contains(pack.get(a.name()));
      assertThat(a.statistic()).isEqualTo(Statistic.Sum);
      assertThat(a.period()).isEqualTo(Duration.ofSeconds(300));
      assertThat(a.condition()).contains(new Condition(Comparison.GreaterThanOrEqualToThreshold, 1, 1, 1,
          MissingData.notBreaching));
      assertThat(a.metric().defaultValue().getAsDouble()).isZero();
      assertThat(a.actions(dev.cairn.alarm.evaluate.AlarmState.ALARM)).containsExactly("oncall");
    }
    assertThat(alarms.alarms()).extracting(AlarmDefinition::name).containsExactlyElementsOf(pack.keySet());
  }

  @Test
  void rootUsageAlarmsTheMinuteAfterItArrivesAndRecoversWhenThePeriodPasses() throws Exception {
    String root = """
        {"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111111111111",
         "arn":"arn:aws:iam::111111111111:root","accountId":"111111111111"},"eventTime":"2026-12-06T10:02:30Z",
         "eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1",
         "sourceIPAddress":"203.0.113.50","eventID":"root-1","eventType":"AwsApiCall","recipientAccountId":"111111111111"}
        """.replace("\n", "");
    try (LiveRun live = new LiveRun(Path.of(System.getProperty("java.io.tmpdir")).resolve("cis-" + System.nanoTime()),
        AlarmServiceTest.alarms("cisAlarms: [oncall]"), AlarmServiceTest.T0)) {
      live.deliver(AlarmServiceTest.T0.plusSeconds(240), root);
      List<Transition> transitions = live.until(AlarmServiceTest.T0.plusSeconds(900));
      assertThat(transitions).filteredOn(t -> t.alarm().equals("cis-4.3")).extracting(Transition::at, Transition::to)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmServiceTest.T0.plusSeconds(300), "ALARM"),
              org.assertj.core.groups.Tuple.tuple(AlarmServiceTest.T0.plusSeconds(360), "OK"));
    }
  }
}
