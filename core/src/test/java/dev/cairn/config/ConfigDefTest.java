package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a file against declared keys: nested sections, lists, maps, defaults, every problem at once. */
class ConfigDefTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  // A queue section, as a module would declare it next to its code.
  static final ConfigKey<URI> QUEUE_URL = ConfigKey.of("queueUrl", ConfigType.url()).doc("The queue.");
  static final ConfigKey<Duration> TIMEOUT = ConfigKey.of("visibilityTimeout", ConfigType.duration())
      .defaultValue(Duration.ofMinutes(2)).range(Duration.ofSeconds(1), Duration.ofHours(12));
  static final ConfigKey<Duration> EXTEND = ConfigKey.of("extendEvery", ConfigType.duration())
      .derivedDefault(c -> c.get(TIMEOUT).dividedBy(2), "half of visibilityTimeout");
  static final ConfigKey<Integer> MAX = ConfigKey.of("maxMessages", ConfigType.integer()).defaultValue(10).range(1, 10);
  static final ConfigKey<Secret> KEY_ID = ConfigKey.of("accessKeyId", ConfigType.secret()).optional("default chain");
  static final ConfigKey<Secret> SECRET = ConfigKey.of("secretAccessKey", ConfigType.secret()).optional("default chain");
  static final ConfigDef QUEUE = ConfigDef.builder()
      .define(QUEUE_URL).define(TIMEOUT).define(EXTEND).define(MAX).define(KEY_ID).define(SECRET)
      .check(EXTEND, "less than visibilityTimeout", c -> c.get(EXTEND).compareTo(c.get(TIMEOUT)) < 0)
      .check("give both accessKeyId and secretAccessKey, or neither", c -> c.isSet(KEY_ID) == c.isSet(SECRET))
      .build();

  // A folder section with a short form: "- /data/inbox" means "- path: /data/inbox".
  static final ConfigKey<Path> PATH = ConfigKey.of("path", ConfigType.folder());
  static final ConfigKey<Duration> SETTLE = ConfigKey.of("settle", ConfigType.duration()).defaultValue(Duration.ofSeconds(1));
  static final ConfigDef FOLDER = ConfigDef.builder().define(PATH).define(SETTLE).shortForm(PATH).build();

  // Channels, in a map whose names the user chooses; "type" chooses the keys of each.
  static final ConfigKey<Secret> TOKEN = ConfigKey.of("token", ConfigType.secret()).doc("Bot token.");
  static final ConfigDef SLACK = ConfigDef.builder().define(TOKEN).build();
  static final ConfigKey<URI> URL = ConfigKey.of("url", ConfigType.url());
  static final ConfigDef WEBHOOK = ConfigDef.builder().define(URL).build();

  static final ConfigKey<Integer> WORKERS = ConfigKey.of("workers", ConfigType.integer())
      .machineDefault(() -> Runtime.getRuntime().availableProcessors(), "number of cores").range(1, 256);
  static final ConfigKey<Long> BUFFER = ConfigKey.of("buffer", ConfigType.byteSize()).defaultValue(64L << 20);
  static final ConfigKey<List<Path>> RULES = ConfigKey.of("rules", ConfigType.listOf(ConfigType.path()))
      .optional("the bundled pack");
  static final ConfigKey<Integer> PORT = ConfigKey.of("port", ConfigType.integer()).defaultValue(9464).range(-1, 65_535);
  static final ConfigKey<Config> HTTP = ConfigKey.section("http", ConfigDef.builder().define(PORT).build());
  static final ConfigKey<List<Config>> FOLDERS = ConfigKey.of("folders", ConfigType.listOf(ConfigType.section(FOLDER)))
      .defaultValue(List.of());
  static final ConfigKey<List<Config>> QUEUES = ConfigKey.of("sqs", ConfigType.listOf(ConfigType.section(QUEUE)))
      .defaultValue(List.of());
  static final ConfigKey<Map<String, Config>> CHANNELS = ConfigKey.of("channels",
      ConfigType.mapOf("name", ConfigType.variants("type", Map.of("slack", SLACK, "webhook", WEBHOOK))))
      .defaultValue(Map.of());
  static final ConfigKey<Map<String, String>> ACCOUNTS = ConfigKey.of("accounts",
      ConfigType.mapOf("account id", ConfigType.text())).defaultValue(Map.of());
  static final ConfigDef FILE = ConfigDef.builder().define(WORKERS).define(BUFFER).define(RULES).define(HTTP)
      .define(FOLDERS).define(QUEUES).define(CHANNELS).define(ACCOUNTS).build();

  @TempDir Path dir;

  @Test
  void readsNestedSectionsListsAndMapsWithTheirTypes() throws IOException {
    Config config = load("""
        workers: 4
        buffer: 16MB
        rules: [rules/team.yaml, /etc/cairn/cis.yaml]
        http: {port: 9000}
        folders:
          - path: inbox
            settle: 500ms
          - /data/other
        sqs:
          - queueUrl: ${QUEUE}
            visibilityTimeout: 5m
        channels:
          secops: {type: slack, token: "${TOKEN}"}
          ops: {type: webhook, url: "https://hooks.example.com/x"}
        accounts:
          "111111111111": Corezoid Dev
        """, Map.of("QUEUE", "https://sqs.eu-west-1.amazonaws.com/111122223333/trail", "TOKEN", "xoxb-1"));

    assertThat(config.get(WORKERS)).isEqualTo(4);
    assertThat(config.get(BUFFER)).isEqualTo(16L << 20);
    assertThat(config.get(RULES)).as("relative to the config file's folder")
        .containsExactly(dir.resolve("rules/team.yaml"), Path.of("/etc/cairn/cis.yaml"));
    assertThat(config.get(HTTP).get(PORT)).isEqualTo(9000);
    Config inbox = config.get(FOLDERS).get(0);
    assertThat(inbox.get(PATH)).isEqualTo(dir.resolve("inbox"));
    assertThat(inbox.get(SETTLE)).isEqualTo(Duration.ofMillis(500));
    assertThat(config.get(FOLDERS).get(1).get(PATH)).isEqualTo(Path.of("/data/other"));
    assertThat(config.get(FOLDERS).get(1).get(SETTLE)).as("default").isEqualTo(Duration.ofSeconds(1));
    Config queue = config.get(QUEUES).get(0);
    assertThat(queue.path()).isEqualTo("sqs[0]");
    assertThat(queue.get(QUEUE_URL)).isEqualTo(URI.create("https://sqs.eu-west-1.amazonaws.com/111122223333/trail"));
    assertThat(queue.get(EXTEND)).as("derived from visibilityTimeout").isEqualTo(Duration.ofMinutes(2).plusSeconds(30));
    assertThat(queue.find(KEY_ID)).isEmpty();
    Config secops = config.get(CHANNELS).get("secops");
    assertThat(secops.def()).as("type: slack").isSameAs(SLACK);
    assertThat(secops.get(TOKEN).reveal()).isEqualTo("xoxb-1");
    assertThat(config.get(CHANNELS).get("ops").get(URL)).isEqualTo(URI.create("https://hooks.example.com/x"));
    assertThat(config.get(ACCOUNTS)).containsExactly(Map.entry("111111111111", "Corezoid Dev"));
    assertThat(config.get(FOLDERS)).hasToString("[folders[0] {path: %s, settle: 500ms}, folders[1] /data/other]"
        .formatted(dir.resolve("inbox")));
    assertThat(secops).as("from the environment, and a secret").hasToString("channels.secops {token: [not shown]}");
    assertThat(config.toString()).contains("workers: 4").doesNotContain("xoxb-1").doesNotContain("111122223333");
  }

  @Test
  void anEmptyFileMeansEveryDefault() throws IOException {
    Config config = load("", Map.of());

    assertThat(config.get(WORKERS)).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.get(HTTP).get(PORT)).isEqualTo(9464);
    assertThat(config.find(RULES)).isEmpty();
    assertThat(config.isSet(WORKERS)).isFalse();
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsKeyPath() throws IOException {
    assertThatThrownBy(() -> load("""
        workrs: 4
        colour: blue
        buffer: lots
        rules: rules/team.yaml
        http: {port: 70000}
        folders:
          - settle: 1s
          - [a, b]
        sqs:
          - queueUrl: ftp://example.com/q
            maxMessages: 11
            accessKeyId: AKID
          - queueUrl: https://sqs.eu-west-1.amazonaws.com/1/q
            visibilityTimeout: 10s
            extendEvery: 10s
        channels:
          secops: {type: email}
          ops: {type: webhook, token: x}
          other: {token: x}
        """, Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).map(ConfigProblem::toString)
            .containsExactly(
                "workrs: unknown setting; did you mean workers?",
                "colour: unknown setting (expected one of accounts, buffer, channels, folders, http, rules, sqs, workers)",
                "buffer: expected a size like 512KB, 64MB or 2GB, got 'lots'",
                "rules: expected a list, got 'rules/team.yaml'",
                "http.port: expected a whole number from -1 to 65535, got '70000'",
                "folders[0].path: required",
                "folders[1]: expected a mapping or a folder, got a list",
                "sqs[0].queueUrl: expected an http(s) URL like http://127.0.0.1:9324, got 'ftp://example.com/q'",
                "sqs[0].maxMessages: expected a whole number from 1 to 10, got '11'",
                "sqs[1].extendEvery: expected less than visibilityTimeout, got '10s'",
                "channels.secops.type: expected slack or webhook, got 'email'",
                "channels.ops.token: unknown setting (expected one of url)",
                "channels.ops.url: required",
                "channels.other.type: required (slack or webhook)"));
  }

  @Test
  void checksAcrossKeysRunOnceTheSectionsOwnKeysAreFine() throws IOException {
    assertThatThrownBy(() -> load("sqs: [{queueUrl: 'https://q.example/1/q', accessKeyId: AKID}]", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).map(ConfigProblem::toString)
            .containsExactly("sqs[0]: give both accessKeyId and secretAccessKey, or neither"));
  }

  @Test
  void aValueFromTheEnvironmentIsNeverQuoted() throws IOException {
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    assertThatThrownBy(() -> load("""
        workers: ${AWS_SECRET_ACCESS_KEY}
        buffer: x${AWS_SECRET_ACCESS_KEY}
        sqs:
          - queueUrl: ${AWS_SECRET_ACCESS_KEY}
            maxMessages: ${TWELVE}
            visibilityTimeout: ${UNSET}
        """, Map.of("AWS_SECRET_ACCESS_KEY", secret, "TWELVE", "12")))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("12'");
          assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
              "workers: expected a whole number from 1 to 256, got the value of ${AWS_SECRET_ACCESS_KEY} (not shown)",
              "buffer: expected a size like 512KB, 64MB or 2GB, got the value of ${AWS_SECRET_ACCESS_KEY} (not shown)",
              "sqs[0].queueUrl: expected an http(s) URL like http://127.0.0.1:9324, got the value of ${AWS_SECRET_ACCESS_KEY} (not shown)",
              "sqs[0].maxMessages: expected a whole number from 1 to 10, got the value of ${TWELVE} (not shown)",
              "sqs[0].visibilityTimeout: environment variable UNSET is not set");
        });
  }

  @Test
  void secretsComeFromTheEnvironmentOrAFileAndAreNeverShown() throws IOException {
    Files.writeString(dir.resolve("token"), "  xoxb-from-file\n");

    Config config = load("""
        channels:
          a: {type: slack, token: "file:token"}
          b: {type: slack, token: "${TOKEN}"}
          c: {type: slack, token: written-here}
        """, Map.of("TOKEN", "xoxb-from-env"));

    Map<String, Config> channels = config.get(CHANNELS);
    assertThat(channels.get("a").get(TOKEN).reveal()).as("read from a file next to the config, trimmed")
        .isEqualTo("xoxb-from-file");
    assertThat(channels.get("b").get(TOKEN).reveal()).isEqualTo("xoxb-from-env");
    assertThat(channels.get("c").get(TOKEN)).hasToString("[secret]");
    assertThat(config.toString()).doesNotContain("xoxb").doesNotContain("written-here");
    assertThatThrownBy(() -> load("channels: {a: {type: slack, token: 'file:/no/such/token'}, b: {type: slack, token: ''}}",
        Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).map(ConfigProblem::toString)
            .containsExactly("channels.a.token: cannot read file:/no/such/token: no such file",
                "channels.b.token: expected a secret, got an empty value"));
  }

  @Test
  void aFolderMustNotBeAFile() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "x");

    assertThatThrownBy(() -> load("folders: [notes.txt]", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).map(ConfigProblem::toString)
            .containsExactly("folders[0]: expected a folder, got a file"));
  }

  @Test
  void theWholeDocumentMustBeAMapping() {
    assertThatThrownBy(() -> load("- a\n- b\n", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).map(ConfigProblem::toString)
            .containsExactly("(top): expected a mapping of settings, got a list"));
  }

  @Test
  void defsRejectMistakesInTheDeclarations() {
    assertThatThrownBy(() -> ConfigDef.builder().define(WORKERS).define(WORKERS))
        .hasMessage("workers is defined twice");
    assertThatThrownBy(() -> ConfigDef.builder().define(RULES).shortForm(RULES))
        .hasMessage("rules: a short form must be a defined single-value key");
    assertThatThrownBy(() -> ConfigKey.of("region", ConfigType.text()).range("a", "b"))
        .hasMessage("region: a text has no order; use validate(...)");
  }

  private Config load(String yaml, Map<String, String> env) throws IOException {
    JsonNode root = YAML.readTree(yaml);
    return FILE.load(root, env::get, dir);
  }
}
