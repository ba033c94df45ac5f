package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static final Map<String, String> ENV = Map.of("QUEUE", "https://sqs.eu-west-1.amazonaws.com/111122223333/trail",
      "KEY_ID", "AKIDEXAMPLE", "SECRET", "s3cr3t");

  @Test
  void readsEverySettingAndSubstitutesEnvironmentVariables() throws Exception {
    RunConfig config = load("""
        rules: [rules/a.yaml, rules/b.yaml]
        state: /var/lib/cairn/state.db
        dedupWindow: 12h
        workers: 4
        queueCapacity: 32
        batchSize: 50
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
              secretAccessKey: ${SECRET}
        """);

    assertThat(config.rules()).containsExactly(Path.of("rules/a.yaml"), Path.of("rules/b.yaml"));
    assertThat(config.dedupWindow()).isEqualTo(Duration.ofHours(12));
    assertThat(config.output()).isEqualTo(RunConfig.ConsoleOutput.jsonl);
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.folders()).containsExactly(new RunConfig.Folder(Path.of("/data/inbox"), Duration.ofMillis(500)),
        new RunConfig.Folder(Path.of("/data/other"), Duration.ofSeconds(1)));
    RunConfig.Queue queue = config.queues().get(0);
    assertThat(queue.queueUrl()).isEqualTo(ENV.get("QUEUE"));
    assertThat(queue.sqsEndpoint()).contains(URI.create("http://127.0.0.1:9324"));
    assertThat(queue.pollers()).isEqualTo(3);
    assertThat(queue.secretAccessKey()).contains("s3cr3t");
    assertThat(queue.toString()).doesNotContain("s3cr3t").doesNotContain("AKIDEXAMPLE");
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
        sources:
          folders:
            - settle: 1s
          sqs:
            - queueUrl: ${UNSET_QUEUE}
              waitTime: 20
              sqsEndpoint: not a url
              accessKeyId: x
        """);

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV::get))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "colour: unknown setting (expected one of batchSize, dedupWindow, http, output, queueCapacity, rules, sources, state, workers)",
            "output: expected text, jsonl or none, got 'html'",
            "sources.folders[0].path: required",
            "sources.sqs[0].queueUrl: environment variable UNSET_QUEUE is not set",
            "sources.sqs[0]: give both accessKeyId and secretAccessKey, or neither (default credential chain)",
            "sources.sqs[0].sqsEndpoint: expected a URL like http://127.0.0.1:9324, got 'not a url'",
            "sources.sqs[0].waitTime: expected a duration like 500ms, 20s, 5m, 24h or 7d, got '20'",
            "dedupWindow: expected a duration like 500ms, 20s, 5m, 24h or 7d, got 'soon'",
            "workers: expected a whole number from 1 to 256, got '0'"));
  }

  @Test
  void durationsAcceptShortFormsAndIso8601() {
    assertThat(ConfigLoader.parseDuration("250ms")).contains(Duration.ofMillis(250));
    assertThat(ConfigLoader.parseDuration("7d")).contains(Duration.ofDays(7));
    assertThat(ConfigLoader.parseDuration("PT5M")).contains(Duration.ofMinutes(5));
    assertThat(ConfigLoader.parseDuration("5 minutes")).isEqualTo(Optional.empty());
  }

  private RunConfig load(String yaml) throws Exception {
    return ConfigLoader.load(Files.writeString(dir.resolve("cairn.yaml"), yaml), ENV::get);
  }
}
