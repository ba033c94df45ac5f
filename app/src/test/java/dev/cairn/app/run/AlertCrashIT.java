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
 * would carry the same key and body).
 */
class AlertCrashIT {
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
    Path config = dir.resolve("cairn.yaml");
    Files.writeString(config, """
        state: state.db
        output: none
        http: {port: -1}
        rules: [rules.yaml]
        channels:
          audit: {type: webhook, url: "%s"}
        routes:
          - notify: [audit]
        delivery: {firstBackoff: 20ms, maxBackoff: 100ms, maxAttempts: 100, breakerAfter: 5, breakerCooldown: 100ms}
        sources:
          folders: [{path: inbox, settle: 0ms}]
        """.formatted(receiver.url("/cairn")));

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", config.toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // Kill once the receiver has recovered and taken some, but not all, of the alerts.
      while (accepted.size() < ALERTS / 4) {
        assertThat(child.isAlive()).as("child exited early; see %s", dir.resolve("child.log")).isTrue();
        assertThat(System.nanoTime()).as("no alert accepted in 60 s; see %s", dir.resolve("child.log"))
            .isLessThan(deadline);
        Thread.sleep(5);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
      child.waitFor(10, TimeUnit.SECONDS);
    }
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

  /** 20 files of 20 failed console sign-ins each: one alert per event. */
  private void writeInbox() throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: console-login-failed
            severity: high
            filter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
        """);
    for (int f = 0; f < FILES; f++) {
      StringBuilder records = new StringBuilder();
      for (int e = 0; e < EVENTS_PER_FILE; e++) {
        records.append(e == 0 ? "" : ",").append("""
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"111111111111","userName":"user-%d"},
             "eventTime":"2024-01-01T00:%02d:%02dZ","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
             "awsRegion":"us-east-1","sourceIPAddress":"192.0.2.%d","userAgent":"Mozilla/5.0",
             "errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"},
             "additionalEventData":{"MFAUsed":"No"},"eventID":"f%03d-e%03d","eventType":"AwsConsoleSignIn",
             "recipientAccountId":"111111111111"}""".formatted(e, f, e, e + 1, f, e));
      }
      Path file = dir.resolve("inbox/2024/file-" + f + ".json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "{\"Records\":[" + records + "]}");
    }
  }
}
