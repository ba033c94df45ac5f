package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn run --drain} alerting a real local webhook receiver through the outbox, and the
 * operator commands on what it recorded: the Corezoid message byte for byte, dead deliveries sent
 * again, Retry-After and server errors waited out, a preview that sends nothing.
 */
class AlertingEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The message issue 12 requires, reproduced from the record, a template and the account map. */
  private static final String COREZOID = "User: JohnDoe\nAccount: 111111111111\nMFA: False\nType: IAMUser\n\n"
      + "Failed to login in account \"Corezoid Dev\" from ip 159.224.244.142";

  @TempDir Path dir;
  private final MockWebServer receiver = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    receiver.start();
    Files.createDirectories(dir.resolve("inbox"));
    Files.copy(Path.of("../alert/src/test/resources/records/reconstructed/corezoid-failed-console-login.json"),
        dir.resolve("inbox/failed-login.json"));
    Files.writeString(dir.resolve("webhook.secret"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
    Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: console-login-failed
            description: Failed console sign-in
            severity: high
            filter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
            template:
              inputPathsMap:
                user: $.detail.userIdentity.userName
                account: $.detail.recipientAccountId
                type: $.detail.userIdentity.type
                ip: $.detail.sourceIPAddress
              valueMaps:
                cairn.mfa: {"yes": "True", "no": "False"}
              inputTemplate: '"User: <user>\\nAccount: <account>\\nMFA: <cairn.mfa>\\nType: <type>\\n\\nFailed to login in account \\"<cairn.accountAlias>\\" from ip <ip>"'
        """);
    Files.writeString(dir.resolve("cairn.yaml"), """
        state: state.db
        output: none
        http: {port: -1}
        rules: [rules.yaml]
        accounts: {"111111111111": "Corezoid Dev"}
        channels:
          audit: {type: webhook, url: "%s", secret: "file:webhook.secret"}
          secops: {type: slack, webhookUrl: "%s"}
        routes:
          - match: {rule: [console-*]}
            notify: [audit]
        delivery: {firstBackoff: 50ms, maxBackoff: 200ms, maxAttempts: 3}
        sources:
          folders: [{path: inbox, settle: 10ms}]
        """.formatted(receiver.url("/cairn"), receiver.url("/services/T1/B2/slacktoken")));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private record Run(int exitCode, String out, String err) {}

  private Run cairn(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private String config() {
    return dir.resolve("cairn.yaml").toString();
  }

  @Test
  void theCorezoidMessageReachesTheWebhookByteForByteSignedAndOnce() throws Exception {
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    Run run = cairn("run", "--drain", "--config", config());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.err).contains("1 alert delivery made, 0 dead");

    RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
    JsonNode body = JSON.readTree(request.getBody().utf8());
    assertThat(body.path("text").asText()).isEqualTo(COREZOID);
    assertThat(body.path("rule").asText()).isEqualTo("console-login-failed");
    assertThat(body.path("accountAlias").asText()).isEqualTo("Corezoid Dev");
    assertThat(body.path("mfa").asText()).isEqualTo("no");
    assertThat(request.getHeaders().get("webhook-id")).startsWith("cairn-");
    assertThat(request.getHeaders().get("webhook-signature")).startsWith("v1,");
    assertThat(receiver.getRequestCount()).isEqualTo(1);

    Run again = cairn("run", "--drain", "--config", config());
    assertThat(again.exitCode).isZero();
    assertThat(receiver.getRequestCount()).as("handled once: not sent again").isEqualTo(1);

    Run list = cairn("alerts", "list", "--config", config());
    assertThat(list.out).contains("console-login-failed").contains("audit: delivered after 1 attempt(s)");
  }

  @Test
  void aRefusedAlertIsDeadUntilRetrySendsItAgainWithTheSameKey() throws Exception {
    receiver.enqueue(new MockResponse.Builder().code(410).body("gone").build());
    Run first = cairn("run", "--drain", "--config", config());
    assertThat(first.exitCode).isEqualTo(1);
    assertThat(first.err).contains("1 alert delivery is dead: cairn alerts list --dead shows them");
    String id = receiver.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("webhook-id");

    Run dead = cairn("alerts", "list", "--dead", "--config", config());
    assertThat(dead.out).contains("audit: dead after 1 attempt(s)").contains("410");

    Run retry = cairn("alerts", "retry", "--dead", "--config", config());
    assertThat(retry.err).contains("1 dead delivery queued again");
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    Run second = cairn("run", "--drain", "--config", config());
    assertThat(second.exitCode).as(second.err).isZero();
    RecordedRequest resent = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(resent.getHeaders().get("webhook-id")).isEqualTo(id);
    assertThat(cairn("alerts", "list", "--dead", "--config", config()).out).isEmpty();
  }

  @Test
  void serverErrorsAndRetryAfterAreWaitedOutUntilDelivered() throws Exception {
    receiver.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
    receiver.enqueue(new MockResponse.Builder().code(500).build());
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    long start = System.nanoTime();
    Run run = cairn("run", "--drain", "--config", config());
    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(receiver.getRequestCount()).isEqualTo(3);
    assertThat(System.nanoTime() - start).as("the receiver's Retry-After: 1 was honoured")
        .isGreaterThan(TimeUnit.SECONDS.toNanos(1));
    String key = receiver.takeRequest().getHeaders().get("webhook-id");
    assertThat(receiver.takeRequest().getHeaders().get("webhook-id")).isEqualTo(key);
    assertThat(receiver.takeRequest().getHeaders().get("webhook-id")).isEqualTo(key);
  }

  @Test
  void previewShowsWhatWouldBeSentAndSendsNothing() {
    Run preview = cairn("alerts", "preview", "--config", config(), "--rule", "console-login-failed", "--channel",
        "secops", dir.resolve("inbox/failed-login.json").toString());
    assertThat(preview.exitCode).as(preview.err).isZero();
    assertThat(preview.out).startsWith("== secops (slack) ==").contains("\"blocks\"").contains("Corezoid Dev")
        .doesNotContain("slacktoken");
    assertThat(receiver.getRequestCount()).isZero();

    Run routed = cairn("alerts", "preview", "--config", config(), "--rule", "console-login-failed",
        dir.resolve("inbox/failed-login.json").toString());
    assertThat(routed.out).startsWith("== audit (webhook) ==").contains("MFA: False");
  }

  @Test
  void aRouteToAChannelThatDoesNotExistIsAConfigProblem() throws Exception {
    Files.writeString(dir.resolve("cairn.yaml"), Files.readString(dir.resolve("cairn.yaml"))
        .replace("notify: [audit]", "notify: [audit, pager]"));
    Run run = cairn("run", "--drain", "--config", config());
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("routes[0].notify: no channel named 'pager' (configured: audit, secops)");
  }
}
