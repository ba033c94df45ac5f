package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.config.Config;
import dev.cairn.runtime.EngineConfig;
import dev.cairn.runtime.source.FolderConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Map<String, String> ENV = Map.of("QUEUE", "https://sqs.eu-west-1.amazonaws.com/111122223333/trail",
      "KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET);

  @Test
  void readsEverySettingAndSubstitutesEnvironmentVariables() throws Exception {
    Config config = load("""
        rules: [/etc/cairn/a.yaml, /etc/cairn/b.yaml]
        state: /var/lib/cairn/state.db
        dedupWindow: 12h
        workers: 4
        queueCapacity: 32
        batchSize: 50
        downloadBuffer: 16MB
        output: jsonl
        http: {port: 9000}
        sources:
          folders:
            - path: /data/inbox
              settle: 500ms
            - /data/other
          sqs:
            - queueUrl: ${QUEUE}
              region: eu-west-1
              sqsEndpoint: http://127.0.0.1:9324
              pollers: 3
              waitTime: 10s
              visibilityTimeout: 5m
              accessKeyId: ${KEY_ID}
              secretAccessKey: ${AWS_SECRET_ACCESS_KEY}
        """);

    assertThat(config.get(RunConfig.RULES)).containsExactly(Path.of("/etc/cairn/a.yaml"), Path.of("/etc/cairn/b.yaml"));
    assertThat(config.get(RunConfig.STATE)).contains(Path.of("/var/lib/cairn/state.db"));
    assertThat(config.get(EngineConfig.DEDUP_WINDOW)).isEqualTo(Duration.ofHours(12));
    assertThat(config.get(EngineConfig.DOWNLOAD_BUFFER)).isEqualTo(16L << 20);
    assertThat(config.get(RunConfig.OUTPUT)).isEqualTo(RunConfig.ConsoleOutput.jsonl);
    assertThat(config.get(RunConfig.HTTP).get(RunConfig.HTTP_PORT)).isEqualTo(9000);
    List<Config> folders = RunConfig.folders(config);
    assertThat(folders).extracting(f -> f.get(FolderConfig.PATH)).containsExactly(Path.of("/data/inbox"), Path.of("/data/other"));
    assertThat(folders).extracting(f -> f.get(FolderConfig.SETTLE)).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    Config queue = RunConfig.queues(config).get(0);
    assertThat(queue.get(SqsSourceConfig.QUEUE_URL)).hasToString(ENV.get("QUEUE"));
    assertThat(queue.get(SqsSourceConfig.SQS_ENDPOINT)).isEqualTo(URI.create("http://127.0.0.1:9324"));
    assertThat(queue.get(SqsSourceConfig.POLLERS)).isEqualTo(3);
    assertThat(queue.get(SqsSourceConfig.SECRET_ACCESS_KEY).reveal()).isEqualTo(SECRET);
    assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("AKIDEXAMPLE");
  }

  @Test
  void withoutAFileEveryDefaultApplies() {
    Config config = RunConfig.FILE.defaults();

    assertThat(config.find(RunConfig.RULES)).as("the bundled pack").isEmpty();
    assertThat(config.get(RunConfig.STATE)).contains(Path.of(".cairn/state.db"));
    assertThat(RunConfig.folders(config)).extracting(f -> f.get(FolderConfig.PATH)).containsExactly(Path.of("inbox"));
    assertThat(config.get(RunConfig.HTTP).get(RunConfig.HTTP_PORT)).isEqualTo(9464);
    assertThat(config.get(EngineConfig.QUEUE_CAPACITY))
        .isEqualTo(2 * config.get(EngineConfig.WORKERS) + config.get(EngineConfig.DOWNLOADS));
  }

  @Test
  void stateInMemory() throws Exception {
    assertThat(load("state: memory\n").get(RunConfig.STATE)).isEqualTo(Optional.empty());
  }

  @Test
  void relativePathsAreRelativeToTheConfigFilesFolder() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("etc/cairn"));
    Path file = Files.writeString(conf.resolve("cairn.yaml"), """
        rules: [rules/team.yaml, ../shared.yaml]
        state: state.db
        sources: {folders: [inbox]}
        """);

    Config config = ConfigLoader.load(file, ENV::get);

    assertThat(config.get(RunConfig.RULES)).containsExactly(conf.resolve("rules/team.yaml"), dir.resolve("etc/shared.yaml"));
    assertThat(config.get(RunConfig.STATE)).contains(conf.resolve("state.db"));
    assertThat(RunConfig.folders(config).get(0).get(FolderConfig.PATH)).isEqualTo(conf.resolve("inbox"));
  }

  @Test
  void missingFileMeansNothingIsGuessed() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), ENV::get))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly("no such file"));
  }

  @Test
  void everyProblemIsReportedWithItsKeyPath() throws IOException {
    Path file = Files.writeString(dir.resolve("cairn.yaml"), """
        dedupWindow: soon
        workers: 0
        output: html
        colour: blue
        workrs: 2
        sources:
          folders:
            - settle: 1s
          sqs:
            - queueUrl: ${UNSET_QUEUE}
              waitTime: 20
              sqsEndpoint: not a url
              accessKeyId: x
            - queueUrl: ${QUEUE}
              waitTime: 30s
              visibilityTimeout: 1500ms
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV::get))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "dedupWindow: expected a duration like 500ms, 20s, 5m, 24h or 7d, got 'soon'",
            "workers: expected a whole number from 1 to 256, got '0'",
            "output: expected text, jsonl or none, got 'html'",
            "colour: unknown setting (expected one of " + String.join(", ", RunConfig.FILE.keys().stream()
                .map(dev.cairn.config.ConfigKey::name).sorted().toList()) + ")",
            "workrs: unknown setting; did you mean workers?",
            "sources.folders[0].path: required",
            "sources.sqs[0].queueUrl: environment variable UNSET_QUEUE is not set",
            "sources.sqs[0].waitTime: expected a duration like 500ms, 20s, 5m, 24h or 7d, got '20'",
            "sources.sqs[0].sqsEndpoint: expected an http(s) URL like http://127.0.0.1:9324, got 'not a url'",
            "sources.sqs[1].waitTime: expected a duration from 0s to 20s, got '30s'",
            "sources.sqs[1].visibilityTimeout: expected whole seconds, got '1500ms'"));
  }

  @Test
  void checksAcrossKeysOnceEachKeyIsFine() throws IOException {
    Path file = Files.writeString(dir.resolve("cairn.yaml"), """
        sources:
          sqs:
            - queueUrl: ${QUEUE}
              accessKeyId: ${KEY_ID}
            - queueUrl: ${QUEUE}
              visibilityTimeout: 10s
              visibilityExtensionInterval: 10s
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV::get))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "sources.sqs[0]: give both accessKeyId and secretAccessKey, or neither (default credential chain)",
            "sources.sqs[1].visibilityExtensionInterval: expected less than visibilityTimeout, got '10s'"));
  }

  @Test
  void aValueFromTheEnvironmentIsNeverEchoed() throws IOException {
    // A secret put in the wrong key by mistake: the error says where, never what.
    Path file = Files.writeString(dir.resolve("cairn.yaml"), """
        sources:
          sqs:
            - queueUrl: ${AWS_SECRET_ACCESS_KEY}
              waitTime: ${AWS_SECRET_ACCESS_KEY}
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV::get))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("wJalr");
          assertThat(e.problems()).containsExactly(
              "sources.sqs[0].queueUrl: expected an http(s) URL like http://127.0.0.1:9324, got the value of "
                  + "${AWS_SECRET_ACCESS_KEY} (not shown)",
              "sources.sqs[0].waitTime: expected a duration like 500ms, 20s, 5m, 24h or 7d, got the value of "
                  + "${AWS_SECRET_ACCESS_KEY} (not shown)");
        });
  }

  @Test
  void secretsFromAFileNextToTheConfig() throws Exception {
    Files.writeString(dir.resolve("aws-secret"), SECRET + "\n");

    Config config = load("""
        sources:
          sqs:
            - queueUrl: ${QUEUE}
              accessKeyId: ${KEY_ID}
              secretAccessKey: file:aws-secret
        """);

    assertThat(RunConfig.queues(config).get(0).get(SqsSourceConfig.SECRET_ACCESS_KEY).reveal()).isEqualTo(SECRET);
  }

  private Config load(String yaml) throws Exception {
    return ConfigLoader.load(Files.writeString(dir.resolve("cairn.yaml"), yaml), ENV::get);
  }
}
