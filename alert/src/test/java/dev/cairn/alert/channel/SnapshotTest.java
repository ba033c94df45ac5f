package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * One fixture alert (the seed's failed console login in "Corezoid Dev") and exactly what each
 * receiver gets, as recorded by a local server, against the expected payloads committed under
 * {@code src/test/resources/channels/snapshots}. The payloads are compared as Jackson writes them
 * pretty (same fields, same order, same values); that they are sent compact is checked apart. A
 * mismatch writes the actual payload to {@code target/snapshots} for review.
 */
class SnapshotTest {
  static final java.util.List<String> TYPES = Receivers.TYPES;

  private final FakeClock clock = new FakeClock(Instant.parse("2023-07-19T21:20:07Z"));
  private final HttpTransport http = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(5), clock);
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void theFixtureAlertAsEachReceiverGetsIt(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());

    assertThat(Receivers.channel(type, server, http).send(Alerts.consoleLogin(), Alerts.KEY))
        .isEqualTo(Attempt.DELIVERED);

    String body = server.takeRequest(1, TimeUnit.SECONDS).getBody().utf8();
    JsonNode tree = Alerts.json(body);
    assertThat(body).as("sent compact").isEqualTo(Alerts.JSON.writeValueAsString(tree));
    assertSnapshot(type + ".json", Alerts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
  }

  @Test
  void theWebhookIsSignedAsTheStandardWebhooksSpecSays() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());

    Receivers.channel("webhook", server, http).send(Alerts.consoleLogin(), Alerts.KEY);

    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    // The key has a '/' but no '.', so it is the id as is; the timestamp is the clock's.
    assertThat(r.getHeaders().get("webhook-id")).isEqualTo(Alerts.KEY);
    assertThat(r.getHeaders().get("webhook-timestamp")).isEqualTo("1689801607");
    assertThat(r.getHeaders().get("webhook-signature"))
        .isEqualTo(StandardWebhooks.sign(Receivers.WEBHOOK_SECRET, Alerts.KEY, 1689801607L, r.getBody().toByteArray()));
    assertThat(r.getHeaders().get("Authorization")).isEqualTo(Receivers.WEBHOOK_BEARER);
    assertThat(r.getHeaders().get("X-Team")).isEqualTo("secops");
    assertThat(r.getHeaders().get("User-Agent")).isEqualTo("cairn");
  }

  static void assertSnapshot(String name, String actual) throws IOException {
    String expected;
    try (InputStream in = SnapshotTest.class.getResourceAsStream("/channels/snapshots/" + name)) {
      expected = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!actual.equals(expected)) {
      Path out = Path.of("target", "snapshots", name);
      Files.createDirectories(out.getParent());
      Files.writeString(out, actual);
    }
    assertThat(actual).as("snapshot %s (actual written to target/snapshots)", name).isEqualTo(expected);
  }
}
