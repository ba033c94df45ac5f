package dev.cairn.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.alarm.evaluate.AlarmState;
import dev.cairn.alarm.evaluate.Comparison;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.MissingData;
import dev.cairn.alarm.evaluate.Statistic;
import dev.cairn.alarm.metric.MetricFilter;
import dev.cairn.alarm.metric.MetricValue;
import dev.cairn.match.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The CIS AWS Foundations Benchmark's monitoring controls (4.1–4.15) as metric filters and alarms,
 * from the bundled {@code cis-alarms.yaml}: one metric per control (value 1, default 0, namespace
 * {@code CISBenchmark}, unit Count) and one alarm named after the control ({@code cis-4.3}): Sum over
 * 300 s, 1 out of 1, {@code >= 1}, missing data not breaching.
 */
final class CisAlarms {
  private record Control(String id, String metric, String description, Severity severity, String filter) {}

  private static final List<Control> CONTROLS = load();

  private CisAlarms() {}

  static List<String> metricNames() {
    return CONTROLS.stream().map(Control::metric).toList();
  }

  static List<MetricFilter> metrics() {
    return CONTROLS.stream().map(c -> new MetricFilter(c.metric(), "CISBenchmark", Optional.of(c.filter()),
        Optional.empty(), MetricValue.parse("1"), OptionalDouble.of(0), Map.of(), "Count")).toList();
  }

  /** The alarms, each on the metric of that name in {@code metrics}, notifying {@code channels} of ALARM and OK. */
  static List<AlarmDefinition> alarms(Map<String, MetricFilter> metrics, List<String> channels) {
    List<AlarmDefinition> alarms = new ArrayList<>();
    for (Control c : CONTROLS) {
      Map<AlarmState, List<String>> actions = new EnumMap<>(AlarmState.class);
      actions.put(AlarmState.ALARM, channels);
      actions.put(AlarmState.OK, channels);
      alarms.add(new AlarmDefinition(c.id(), c.description(), metrics.get(c.metric()), Statistic.Sum,
          Duration.ofSeconds(300), Map.of(), Optional.of(new Condition(Comparison.GreaterThanOrEqualToThreshold, 1, 1, 1,
              MissingData.notBreaching)), Optional.empty(), actions, c.severity(), Optional.empty(), Optional.empty()));
    }
    return alarms;
  }

  private static List<Control> load() {
    try (InputStream in = CisAlarms.class.getResourceAsStream("cis-alarms.yaml")) {
      if (in == null) {
        throw new IllegalStateException("cis-alarms.yaml is missing from the jar");
      }
      List<Control> controls = new ArrayList<>();
      for (JsonNode a : new YAMLMapper().readTree(in).path("alarms")) {
        controls.add(new Control(a.path("id").asText(), a.path("metric").asText(), a.path("description").asText(),
            Severity.parse(a.path("severity").asText()), a.path("filter").asText()));
      }
      return List.copyOf(controls);
    } catch (IOException e) {
      throw new UncheckedIOException("cis-alarms.yaml cannot be read", e);
    }
  }
}
