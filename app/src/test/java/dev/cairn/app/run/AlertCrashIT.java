package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.channel.WebhookSettings;
import dev.cairn.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn run} killed with {@code kill -9} while its webhook receiver is failing and then
 * recovering, restarted with {@code --drain}: every alert arrives, and none is accepted twice (the
 * one repeat the guarantee allows, a delivery killed between the receiver's answer and its record,
 * would carry the same key and body); and killed while writing alerts to a file, which takes them in
 * runs: every alert is in the file after the restart, and at most one run is written twice.
 */
class AlertCrashIT {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final int FILES = 20;
  private static final int EVENTS_PER_FILE = 20;
  private static final int ALERTS = FILES * EVENTS_PER_FILE;
  /** The receiver answers 503 to this many requests first: the outbox holds what it refuses. */
  private static final int FAILURES = 40;

  @TempDir Path dir;
  private final MockWebServer receiver = new MockWebServer();
  /** Bodies accepted (2xx) per idempotency key. */
  private final Map<String, List<String>> accepted = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void killedWhileTheReceiverFailsThenRestartedEveryAlertArrivesOnce() throws Exception {
    receiver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (requests.incrementAndGet() <= FAILURES) {
          return new MockResponse.Builder().code(503).build();
        }
        accepted.computeIfAbsent(request.getHeaders().get("webhook-id"), k -> new ArrayList<>())
            .add(request.getBody().utf8());
        return new MockResponse.Builder().code(200).build();
      }
    });
    receiver.start();
    writeInbox();
    Path config = config("{type: webhook, url: \"" + receiver.url("/cairn") + "\"}",
        "delivery: {firstBackoff: 20ms, maxBackoff: 100ms, maxAttempts: 100, breakerAfter: 5, breakerCooldown: 100ms}");

    // Killed once the receiver has recovered and taken some, but not all, of the alerts.
    runAndKill(config, "an alert accepted", () -> accepted.size() >= ALERTS / 4);
    int beforeRestart = accepted.size();
    assertThat(beforeRestart).as("killed mid-way").isLessThan(ALERTS);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "run", "--drain", "--config", config.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(accepted).as("every alert arrived").hasSize(ALERTS);
    List<String> repeated = accepted.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    assertThat(repeated).as("at most the deliveries in flight at the kill (the webhook's inFlight) were repeated")
        .hasSizeLessThanOrEqualTo(WebhookSettings.DEFAULT_IN_FLIGHT);
    for (String key : repeated) {
      assertThat(accepted.get(key)).as("a repeat is the same message").containsOnly(accepted.get(key).get(0));
    }
    assertThat(requests.get()).as("the failures were waited out").isGreaterThan(FAILURES + ALERTS - 1);
  }

  @Test
  void killedWhileWritingAlertsToAFileThenRestartedEveryAlertIsThereAndAtMostOneRunRepeated() throws Exception {
    // A file channel takes a backlog in runs (one write, one recorded transaction each): a kill
    // between the two may repeat that run after the restart, never more, and loses nothing.
    int perFile = 200;
    writeInbox(perFile);
    Path lines = dir.resolve("alerts.jsonl");
    Path config = config("{type: file, path: alerts.jsonl}", "");
    runAndKill(config, "an eighth of the alerts written",
        () -> Files.exists(lines) && Files.readAllLines(lines).size() >= FILES * perFile / 8);
    assertThat(Files.readAllLines(lines)).as("killed mid-way").hasSizeLessThan(FILES * perFile);

    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", "--drain", "--config",
        config.toString());

    assertThat(code).as(err.toString()).isZero();
    Map<String, List<String>> byAlert = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(lines)) {
      String alertId = JSON.readTree(line).get("alertId").asText();
      byAlert.computeIfAbsent(alertId, k -> new ArrayList<>()).add(line);
    }
    assertThat(byAlert).as("every alert is in the file").hasSize(FILES * perFile);
    List<String> repeated = byAlert.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
        .toList();
    assertThat(repeated).as("at most the run written when the process was killed").hasSizeLessThanOrEqualTo(64);
    for (String alertId : repeated) {
      assertThat(byAlert.get(alertId)).as("a repeat is the same line").hasSize(2).containsOnly(byAlert.get(alertId).get(0));
    }
  }

  /** The config of both tests: the inbox's rules routed to one channel, {@code audit}; {@code more} at the top level. */
  private Path config(String audit, String more) throws Exception {
    return Files.writeString(dir.resolve("cairn.yaml"), """
        state: state.db
        output: none
        http: {port: -1}
        rules: [rules.yaml]
        channels:
          audit: %s
        routes:
          - notify: [audit]
        sources:
          folders: [{path: inbox, settle: 0ms}]
        %s
        """.formatted(audit, more));
  }

  /** A condition checked while the child runs. */
  private interface Reached {
    boolean now() throws Exception;
  }

  /** Runs {@code cairn run} in a child JVM and kills it with SIGKILL as soon as {@code reached}. */
  private void runAndKill(Path config, String what, Reached reached) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", config.toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!reached.now()) {
        assertThat(child.isAlive()).as("child exited early; see %s", dir.resolve("child.log")).isTrue();
        assertThat(System.nanoTime()).as("not %s in 60 s; see %s", what, dir.resolve("child.log"))
            .isLessThan(deadline);
        Thread.sleep(2);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void writeInbox() throws Exception {
    writeInbox(EVENTS_PER_FILE);
  }

  /** {@link #FILES} files of failed console sign-ins: one alert per event. */
  private void writeInbox(int eventsPerFile) throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: console-login-failed
            severity: high
            filter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
        """);
    for (int f = 0; f < FILES; f++) {
      StringBuilder records = new StringBuilder();
      for (int e = 0; e < eventsPerFile; e++) {
        records.append(e == 0 ? "" : ",").append("""
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"111111111111","userName":"user-%d"},
             "eventTime":"2024-01-01T%02d:%02d:%02dZ","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
             "awsRegion":"us-east-1","sourceIPAddress":"192.0.2.%d","userAgent":"Mozilla/5.0",
             "errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"},
             "additionalEventData":{"MFAUsed":"No"},"eventID":"f%03d-e%03d","eventType":"AwsConsoleSignIn",
             "recipientAccountId":"111111111111"}""".formatted(e, f, e / 60, e % 60, e % 250 + 1, f, e));
      }
      Path file = dir.resolve("inbox/2024/file-" + f + ".json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "{\"Records\":[" + records + "]}");
    }
  }
}
