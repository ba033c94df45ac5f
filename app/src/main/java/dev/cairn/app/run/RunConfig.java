package dev.cairn.app.run;

import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.json;
import static dev.cairn.config.ConfigType.mapOf;
import static dev.cairn.config.ConfigType.text;
import static dev.cairn.config.ConfigType.variants;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.oneOf;
import static dev.cairn.config.ConfigType.path;
import static dev.cairn.config.ConfigType.pathOr;
import static dev.cairn.config.ConfigType.section;

import dev.cairn.alert.route.RouteConfig;
import dev.cairn.alert.deliver.DeliveryConfig;
import dev.cairn.alert.enrich.EnrichConfig;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.alarm.AlarmConfig;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.alert.channel.ChannelConfig;
import dev.cairn.archive.ArchiveConfig;
import dev.cairn.aws.SnsChannelConfig;
import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.config.ConfigProblem;
import dev.cairn.runtime.EngineConfig;
import dev.cairn.runtime.source.FolderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of {@code cairn.yaml}: the top-level, output and HTTP keys are declared here; the
 * engine's ({@link EngineConfig}), a folder's ({@link FolderConfig}) and an SQS queue's ({@link
 * SqsSourceConfig}) come from the modules that use them. {@link ConfigLoader} loads a file against
 * {@link #FILE}; {@code docs/configuration.md} is generated from it ({@link ConfigurationDocs}).
 */
public final class RunConfig {
  public static final ConfigKey<List<Path>> RULES = ConfigKey.of("rules", listOf(path()))
      .optional("the bundled CIS pack")
      .doc("Rule files (YAML).");

  public static final ConfigKey<Optional<Path>> STATE = ConfigKey.of("state", pathOr("memory"))
      .defaultValue(Optional.of(Path.of(".cairn", "state.db")))
      .doc("The SQLite (WAL) file that keeps each input's progress and the matches acted on, created on "
          + "first run; `memory` keeps them in memory only (forgotten at exit).");

  public static final ConfigKey<ConsoleOutput> OUTPUT = ConfigKey.of("output", oneOf(ConsoleOutput.class))
      .defaultValue(ConsoleOutput.text)
      .doc("How matches are printed on standard output: an aligned table, JSON lines, or not at all.");

  public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("port", integer())
      .defaultValue(9464)
      .range(-1, 65_535)
      .doc("Port of `/healthz` and `/metrics` (Prometheus); 0 picks a free port, -1 turns them off.");

  public static final ConfigKey<String> HTTP_ADDRESS = ConfigKey.of("address", text())
      .defaultValue("127.0.0.1")
      .doc("Address `/healthz` and `/metrics` listen on: this machine only by default; `0.0.0.0` (or `::`) "
          + "for every interface, e.g. for a Prometheus server or a probe on another host.");

  public static final ConfigKey<Config> HTTP = ConfigKey.section("http",
          ConfigDef.builder().define(HTTP_PORT).define(HTTP_ADDRESS).build())
      .doc("Health and metrics endpoints. A `--drain` run serves them only when `http.port` (or `--http-port`) "
          + "is given.");

  public static final ConfigKey<List<Config>> FOLDERS = ConfigKey.of("folders", listOf(section(FolderConfig.DEF)))
      .defaultValue(List.of())
      .doc("Local folders to watch.");

  public static final ConfigKey<List<Config>> QUEUES = ConfigKey.of("sqs", listOf(section(SqsSourceConfig.DEF)))
      .defaultValue(List.of())
      .doc("SQS queues fed by S3 notifications of the trail bucket.");

  private static final ConfigDef SOURCES_DEF = ConfigDef.builder()
      .define(FOLDERS)
      .define(QUEUES)
      .check("expected at least one folder or sqs queue", c -> !c.get(FOLDERS).isEmpty() || !c.get(QUEUES).isEmpty())
      .build();

  public static final ConfigKey<Config> SOURCES = ConfigKey.of("sources", section(SOURCES_DEF))
      .defaultValue(Config.builder(SOURCES_DEF)
          .set(FOLDERS, List.of(Config.builder(FolderConfig.DEF).set(FolderConfig.PATH, Path.of("inbox")).build()))
          .build())
      .doc("Where events come from.");

  public static final ConfigKey<String> EXCLUDE_FILTER = ConfigKey.of("filter", text())
      .optional("no filter pattern").doc("A CloudWatch Logs filter pattern.");
  public static final ConfigKey<JsonNode> EXCLUDE_PATTERN = ConfigKey.of("pattern", json("event pattern"))
      .optional("no event pattern").doc("An EventBridge event pattern, as YAML or pasted JSON.");
  private static final ConfigDef EXCLUDE_DEF = ConfigDef.builder().define(EXCLUDE_FILTER).define(EXCLUDE_PATTERN)
      .check("expected a filter or a pattern (or both: both must match)",
          c -> c.find(EXCLUDE_FILTER).isPresent() || c.find(EXCLUDE_PATTERN).isPresent())
      .build();
  public static final ConfigKey<List<Config>> EXCLUDE = ConfigKey.of("exclude", listOf(section(EXCLUDE_DEF)))
      .defaultValue(List.of())
      .doc("Events dropped before any rule sees them (e.g. `filter: '{ $.eventName = \"Describe*\" || "
          + "$.eventName = \"Get*\" }'`): the classic noise filter, in either rule language.");

  /** Channel types and their keys: the alert module's, and SNS from the aws module. */
  private static Map<String, ConfigDef> channelTypes() {
    Map<String, ConfigDef> types = new LinkedHashMap<>(ChannelConfig.types());
    types.put("sns", SnsChannelConfig.DEF);
    return types;
  }

  public static final ConfigKey<Map<String, Config>> CHANNELS = ConfigKey.of("channels",
      mapOf("name", variants("type", channelTypes()))).defaultValue(Map.of())
      .doc("Where alerts can go, by a name routes and rules use; `type` is one of "
          + String.join(", ", channelTypes().keySet()) + ". A `console` channel (the `output` setting) exists "
          + "unless `output: none` or a channel of that name is configured.");

  /** The channel names a loaded file provides, the implicit console included. */
  static Set<String> channelNames(Config file) {
    Set<String> names = new LinkedHashSet<>(file.get(CHANNELS).keySet());
    if (file.get(OUTPUT) != ConsoleOutput.none) {
      names.add(Alerting.CONSOLE);
    }
    return names;
  }

  /** Routes must name channels that exist. */
  private static List<ConfigProblem> unknownChannels(Config file) {
    Set<String> names = channelNames(file);
    List<ConfigProblem> problems = new ArrayList<>();
    List<Config> routes = file.get(RouteConfig.ROUTES);
    for (int i = 0; i < routes.size(); i++) {
      for (String channel : routes.get(i).get(RouteConfig.NOTIFY)) {
        if (!names.contains(channel)) {
          problems.add(new ConfigProblem("routes[" + i + "].notify", "no channel named '" + channel
              + "' (configured: " + String.join(", ", names) + ")"));
        }
      }
    }
    return problems;
  }

  /** Alarms, silences and the heartbeat must name channels that exist. */
  private static List<ConfigProblem> unknownAlarmChannels(Config file) {
    Set<String> names = channelNames(file);
    List<ConfigProblem> problems = new ArrayList<>();
    AlarmConfig.channels(file).forEach((path, channels) -> {
      for (String channel : channels) {
        if (!names.contains(channel)) {
          problems.add(new ConfigProblem(path, "no channel named '" + channel + "' (configured: " + String.join(", ", names)
              + ")"));
        }
      }
    });
    return problems;
  }

  /** The whole file. */
  public static final ConfigDef FILE = ConfigDef.builder()
      .define(RULES)
      .define(STATE)
      .include(EngineConfig.DEF)
      .define(OUTPUT)
      .define(HTTP)
      .define(SOURCES)
      .define(EnrichConfig.ACCOUNTS)
      .define(EXCLUDE)
      .define(CHANNELS)
      .define(RouteConfig.ROUTES)
      .define(DeliveryConfig.DELIVERY)
      .define(ArchiveConfig.ARCHIVE)
      .check(RunConfig::unknownChannels)
      .include(AlarmConfig.DEF)
      .check(RunConfig::unknownAlarmChannels)
      .build();

  private RunConfig() {}

  /** The folders to watch in a loaded file. */
  static List<Config> folders(Config file) {
    return file.get(SOURCES).get(FOLDERS);
  }

  /** The queues to poll in a loaded file. */
  static List<Config> queues(Config file) {
    return file.get(SOURCES).get(QUEUES);
  }

  /** How matches are printed. */
  public enum ConsoleOutput {
    text,
    jsonl,
    none
  }
}
