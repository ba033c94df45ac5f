package dev.cairn.app.run;

import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.oneOf;
import static dev.cairn.config.ConfigType.path;
import static dev.cairn.config.ConfigType.pathOr;
import static dev.cairn.config.ConfigType.section;

import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.runtime.EngineConfig;
import dev.cairn.runtime.source.FolderConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

  public static final ConfigKey<Config> HTTP = ConfigKey.section("http", ConfigDef.builder().define(HTTP_PORT).build())
      .doc("Health and metrics endpoints.");

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

  /** The whole file. */
  public static final ConfigDef FILE = ConfigDef.builder()
      .define(RULES)
      .define(STATE)
      .include(EngineConfig.DEF)
      .define(OUTPUT)
      .define(HTTP)
      .define(SOURCES)
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
