package dev.cairn.app.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.alarm.AlarmConfig;
import dev.cairn.alarm.Alarms;
import dev.cairn.alarm.Backtest;
import dev.cairn.alarm.Transition;
import dev.cairn.alert.enrich.EnrichConfig;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.output.OutputFormat;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigKey;
import dev.cairn.match.InvalidRulesException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code cairn scan --alarms FILE PATH...}: a backtest. The file's metric filters and alarms (the
 * {@code metrics}, {@code alarms}, {@code silence}, {@code heartbeat}, {@code cisAlarms} and {@code
 * accounts} keys of a {@code cairn.yaml}; its other keys are ignored) replayed over the files as a
 * live {@code cairn run} would have read them when each was delivered (the time in a CloudTrail log
 * file's name, else the file's modification time), printing every transition it would have made.
 */
final class AlarmBacktest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConfigDef DEF = ConfigDef.builder().include(AlarmConfig.DEF).define(EnrichConfig.ACCOUNTS).build();

  private AlarmBacktest() {}

  static int run(Path file, List<Path> files, OutputFormat format, PrintWriter out, PrintWriter err) {
    Config config;
    try {
      JsonNode root = new YAMLMapper().readTree(file.toFile());
      config = DEF.load(alarmKeys(root), System::getenv, file.toAbsolutePath().getParent());
    } catch (IOException e) {
      err.println("cairn: invalid config: " + file + ": cannot be read: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("cairn: invalid config: " + file + ": " + p));
      return ExitCodes.USAGE;
    }
    Alarms alarms = AlarmConfig.alarms(config);
    Backtest backtest = new Backtest(alarms, Enricher.withAccounts(config.get(EnrichConfig.ACCOUNTS))::facts);
    List<String> problems = new ArrayList<>();
    List<Transition> transitions;
    try {
      transitions = backtest.run(Backtest.deliveries(files), problems::add);
    } catch (InvalidRulesException e) {
      e.problems().forEach(p -> err.println("cairn: invalid metric filter: " + p.describe()));
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("cairn: invalid metric filter: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (IOException e) {
      err.println("cairn: error: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    for (Transition t : transitions) {
      out.println(format == OutputFormat.text ? t.describe() : json(t));
    }
    problems.forEach(p -> err.println("cairn: error: " + p));
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** The root with only the keys a backtest reads. */
  private static JsonNode alarmKeys(JsonNode root) {
    if (root == null || !root.isObject()) {
      return root;
    }
    Set<String> wanted = DEF.keys().stream().map(ConfigKey::name).collect(Collectors.toSet());
    ObjectNode kept = JSON.createObjectNode();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (wanted.contains(name)) {
        kept.set(name, root.get(name));
      }
    }
    return kept;
  }

  private static String json(Transition t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("time", t.at().toString());
    o.put("alarm", t.alarm());
    if (!t.key().isEmpty()) {
      o.put("key", t.key());
    }
    o.put("from", t.from());
    o.put("to", t.to());
    o.put("reason", t.reason());
    t.channels().forEach(o.putArray("channels")::add);
    if (!t.channels().isEmpty()) {
      o.put("alertId", t.alertId());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }
}
