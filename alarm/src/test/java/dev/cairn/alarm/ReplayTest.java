package dev.cairn.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.testkit.SyntheticRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day of synthetic CloudTrail logs (one event every 4 s, a file per 15 minutes delivered 5 to 7
 * minutes after its last event, an hour of files missing), read live at the delivery times and
 * replayed by the backtest: the same transitions, in the same order, with the same alert ids.
 */
class ReplayTest {
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final long BASE = 1_689_800_000L; // SyntheticRecords' first event time
  static final String CONFIG = """
      metrics:
        - {name: Logins, filter: '{ $.eventName = ConsoleLogin }', dimensions: {Region: $.awsRegion}}
        - {name: Stops, filter: '{ $.eventName = StopLogging }', defaultValue: 0}
        - {name: Counts, filter: '{ $.eventName = RunInstances }', value: $.requestParameters.count}
      alarms:
        - {name: logins-high, metric: Logins, period: 15m, evaluationPeriods: 3, datapointsToAlarm: 2,
           comparison: GreaterThanThreshold, threshold: 24, alarmActions: [oncall], okActions: [oncall]}
        - {name: logins-us-east-1, metric: Logins, dimensions: {Region: us-east-1}, period: 15m,
           comparison: GreaterThanOrEqualToThreshold, threshold: 8, treatMissingData: ignore, alarmActions: [oncall]}
        - {name: stops, metric: Stops, period: 5m, comparison: GreaterThanOrEqualToThreshold, threshold: 9,
           treatMissingData: notBreaching, alarmActions: [oncall], okActions: [oncall]}
        - {name: run-count-max, metric: Counts, statistic: Maximum, period: 10m, evaluationPeriods: 2,
           comparison: LessThanThreshold, threshold: 8, treatMissingData: breaching, alarmActions: [oncall]}
        - name: logins-ladder
          metric: Logins
          period: 15m
          escalation:
            - {above: 24, notify: [manager]}
            - {above: 28, notify: [head]}
          renotify: 2h
      silence:
        - {name: trail-silent, after: 30m, notify: [oncall]}
        - {name: region-silent, by: [region], after: 45m, notify: [oncall]}
      heartbeat: {every: 6h, notify: [oncall]}
      """;

  @TempDir Path dir;

  @Test
  void aDayReplayedGivesTheTransitionsOfTheLiveRun() throws Exception {
    Alarms alarms = AlarmServiceTest.alarms(CONFIG);
    SyntheticRecords records = SyntheticRecords.withSeed(13);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    List<Instant> deliveries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < 96; k++) {
      if (k >= 50 && k < 54) {
        continue; // an hour of logs never delivered: the trail is silent
      }
      StringBuilder content = new StringBuilder("{\"Records\":[");
      for (long i = k * 225L; i < (k + 1) * 225L; i++) {
        content.append(i == k * 225L ? "" : ",").append(records.record(i * 4));
      }
      Instant last = Instant.ofEpochSecond(BASE + ((k + 1) * 225L - 1) * 4);
      Instant delivered = last.plusSeconds(300 + 60L * (k % 3)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      String name = "123456789012_CloudTrail_us-east-1_" + NAME.format(delivered) + "_" + k + ".json";
      Files.writeString(logs.resolve(name), content.append("]}"));
      deliveries.add(delivered);
      names.add(name);
    }

    List<Transition> live = new ArrayList<>();
    try (LiveRun run = new LiveRun(dir.resolve("live"), alarms, deliveries.get(0))) {
      for (int i = 0; i < names.size(); i++) {
        live.addAll(run.deliver(deliveries.get(i), names.get(i), Files.readString(logs.resolve(names.get(i)))));
      }
      Backtest backtest = new Backtest(alarms, Enricher.withAccounts(Map.of())::facts);
      live.addAll(run.until(deliveries.get(deliveries.size() - 1).plus(backtest.horizon())));
    }

    List<Path> files;
    try (Stream<Path> walk = Files.list(logs)) {
      files = walk.toList();
    }
    List<String> problems = new ArrayList<>();
    List<Transition> replayed = new Backtest(alarms, Enricher.withAccounts(Map.of("111111111111", "Prod"))::facts)
        .run(Backtest.deliveries(files), problems::add);

    assertThat(problems).isEmpty();
    assertThat(replayed).extracting(Transition::describe).containsExactlyElementsOf(
        live.stream().map(Transition::describe).toList());
    assertThat(replayed).extracting(Transition::alertId).containsExactlyElementsOf(
        live.stream().map(Transition::alertId).toList());
    // Every kind of alarm took part.
    assertThat(replayed).extracting(Transition::alarm).contains("logins-high", "logins-us-east-1", "stops",
        "run-count-max", "logins-ladder", "trail-silent", "region-silent", "heartbeat");
    // The missing hour, then the end of the logs (the replay goes on for the longest range after the last file).
    assertThat(replayed).filteredOn(t -> t.alarm().equals("trail-silent")).extracting(Transition::to)
        .containsExactly("ALARM", "OK", "ALARM");
    assertThat(replayed).filteredOn(t -> t.alarm().equals("logins-ladder")).extracting(Transition::to)
        .contains("level 1 (> 24.0)", "level 2 (> 28.0)", "OK");
  }
}
