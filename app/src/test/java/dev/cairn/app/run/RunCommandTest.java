package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alarm.Transition;
import dev.cairn.app.Main;
import dev.cairn.runtime.Health;
import dev.cairn.runtime.PipelineListener;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn run --drain} over a folder, as a cron job or backfill would use it. */
class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void drainsAFolderOnceAndRemembersItAcrossRuns() throws IOException {
    Path inbox = dir.resolve("inbox");
    copyExamples(inbox);
    Path config = config(inbox);

    Run first = run("run", "--drain", "--config", config.toString());
    // 61 (event, rule) matches in the examples, one of them a repeated eventID that dedup drops.
    assertThat(first.exitCode).isEqualTo(0);
    assertThat(first.matches()).hasSize(60);
    assertThat(first.err).contains("cairn: drained: 11 item(s) done, 0 failed");

    Run second = run("run", "--drain", "--config", config.toString());
    assertThat(second.exitCode).isEqualTo(0);
    assertThat(second.matches()).isEmpty();

    // The same events in another file: read again, but every match was acted on before.
    Path again = inbox.resolve("redelivered.json");
    Files.copy(inbox.resolve("console-sign-in/console-sign-in-events.json"), again);
    Run third = run("run", "--drain", "--config", config.toString());
    assertThat(third.matches()).isEmpty();
    assertThat(third.err).contains("1 item(s) done, 0 failed, 10 event(s) read, 8 handled,"
        + " 2 repeat(s) dropped, 7 match(es) already acted on");
  }

  @Test
  void poisonFilesAreReportedAndTheRestIsHandled() throws IOException {
    Path inbox = dir.resolve("inbox");
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve("broken.json"), "{\"Records\":[{\"eventVersion\":");
    Files.copy(Path.of("../examples/data/console-sign-in/console-sign-in-events.json"), inbox.resolve("good.json"));

    Run run = run("run", "--drain", "--config", config(inbox).toString());

    assertThat(run.exitCode).isEqualTo(1);
    // 8 matches in the file; two of its records share an eventID (as in the AWS docs), so 7 are printed.
    assertThat(run.matches()).hasSize(7);
    assertThat(run.err).contains("1 item(s) done, 1 failed");
  }

  @Test
  @SuppressWarnings("try") // the first store is only held open, as a running cairn holds it
  void aSecondRunOnTheSameStateIsRefusedNamingTheFirst() throws IOException {
    Path inbox = dir.resolve("inbox");
    Files.createDirectories(inbox);
    Path config = config(inbox);
    try (StateStore held = StateStore.open(dir.resolve("state.db"))) {
      Run second = run("run", "--drain", "--config", config.toString());
      assertThat(second.exitCode).isEqualTo(2);
      assertThat(second.err).startsWith("cairn: state store " + dir.resolve("state.db") + " is in use by pid "
          + ProcessHandle.current().pid() + " on host ");
      assertThat(second.out).as("nothing printed").isEmpty();
    }
  }

  @Test
  void skippedAndEmptyInputsAreCountedInTheMetrics() {
    Metrics metrics = new Metrics();
    PipelineListener listener = metrics.listener("sqs:q");
    listener.inputSkipped("s3://b/AWSLogs/1/CloudTrail-Digest/d.json.gz", "digest file");
    listener.inputSkipped("sqs message 1", "SNS SubscriptionConfirmation <attacker-chosen text>");
    listener.inputEmpty("s3://b/utf16.json", "UTF-16 text");
    listener.inputResumed("s3://b/big.json.gz", 5_000);
    listener.matchesSuppressed(3);
    assertThat(metrics.scrape())
        .contains("cairn_inputs_skipped_total{reason=\"digest file\",source=\"sqs:q\"} 1.0")
        .as("free text never becomes a label value").contains("cairn_inputs_skipped_total{reason=\"other\",source=\"sqs:q\"} 1.0")
        .contains("cairn_inputs_empty_total{source=\"sqs:q\"} 1.0")
        .contains("cairn_inputs_resumed_total{source=\"sqs:q\"} 1.0")
        .contains("cairn_matches_suppressed_total{source=\"sqs:q\"} 3.0");
  }

  @Test
  void alarmStatesAndTransitionsAreInTheMetrics() {
    Metrics metrics = new Metrics();
    Instant at = Instant.parse("2026-12-06T10:06:00Z");
    metrics.alarmTransitions().accept(new Transition(at, "console-login-failures", "", "OK", "ALARM", "Threshold Crossed",
        List.of("oncall"), "alarm-1"));
    metrics.alarmTransitions().accept(new Transition(at, "failures-escalation", "", "OK", "level 2 (> 100)", "above",
        List.of("head"), "alarm-2"));
    metrics.alarmTransitions().accept(new Transition(at.plusSeconds(60), "console-login-failures", "", "ALARM", "OK",
        "Threshold Crossed", List.of(), ""));

    assertThat(metrics.scrape())
        .contains("cairn_alarm_state{alarm=\"console-login-failures\",key=\"\"} 0.0")
        .contains("cairn_alarm_state{alarm=\"failures-escalation\",key=\"\"} 2.0")
        .contains("cairn_alarm_transitions_total{alarm=\"console-login-failures\",key=\"\",to=\"ALARM\"} 1.0")
        .contains("cairn_alarm_transitions_total{alarm=\"console-login-failures\",key=\"\",to=\"OK\"} 1.0")
        .as("the level's threshold stays out of the label").contains("to=\"level 2\"");
  }

  @Test
  void invalidConfigIsExitCodeTwoWithKeyPaths() throws IOException {
    Path config = Files.writeString(dir.resolve("cairn.yaml"), "workers: many\n");

    Run run = run("run", "--config", config.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).isEqualTo("cairn: invalid config: " + config + ": workers: expected a whole number from 1 to 256, got 'many'\n");
  }

  @Test
  void whatTheEngineWouldRejectIsAConfigErrorBeforeAnythingStarts() throws IOException {
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        http: {port: -1}
        sources:
          sqs:
            - queueUrl: http://127.0.0.1:9/000000000000/trail
              waitTime: 30s
        """);

    Run run = run("run", "--drain", "--config", config.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).isEqualTo("cairn: invalid config: " + config
        + ": sources.sqs[0].waitTime: expected a duration from 0s to 20s, got '30s'\n");
  }

  @Test
  void stateInMemoryForgetsEverythingAtExit() throws IOException {
    Path inbox = dir.resolve("inbox");
    Files.createDirectories(inbox);
    Files.copy(Path.of("../examples/data/console-sign-in/console-sign-in-events.json"), inbox.resolve("good.json"));
    Path config = Files.writeString(dir.resolve("cairn.yaml"), Files.readString(config(inbox))
        .replace("state: " + dir.resolve("state.db"), "state: memory"));

    assertThat(run("run", "--drain", "--config", config.toString()).matches()).hasSize(7);
    assertThat(run("run", "--drain", "--config", config.toString()).matches()).as("nothing remembered").hasSize(7);
    assertThat(dir.resolve("state.db")).doesNotExist();
  }

  @Test
  void metricsAndHealthAreServedOverHttp() throws Exception {
    Metrics metrics = new Metrics();
    metrics.listener("folder:inbox").bytesRead("x", 1234);
    try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0, () -> Health.OK, metrics::scrape)) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"ok\"");
      assertThat(scrape.body()).contains("cairn_bytes_read_total{source=\"folder:inbox\"} 1234.0")
          .contains("cairn_items_in_flight");
    }
  }

  /** A config next to its rules, which it names by a path relative to itself. */
  private Path config(Path inbox) throws IOException {
    Files.createDirectories(dir.resolve("rules"));
    Files.copy(Path.of("../rules/cis-aws-foundations.yaml"), dir.resolve("rules/cis.yaml"),
        StandardCopyOption.REPLACE_EXISTING);
    return Files.writeString(dir.resolve("cairn.yaml"), """
        state: %s
        output: jsonl
        http: {port: -1}
        rules: [rules/cis.yaml]
        sources:
          folders:
            - path: %s
              settle: 10ms
        """.formatted(dir.resolve("state.db"), inbox));
  }

  private static void copyExamples(Path to) throws IOException {
    Path from = Path.of("../examples/data");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {
    List<String> matches() {
      return out.lines().peek(RunCommandTest::parses).toList();
    }
  }

  private static void parses(String line) {
    try {
      JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
