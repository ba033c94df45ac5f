package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.alert.Alert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleAndFileTest {
  @Test
  void theTablePrintsItsHeaderOnceThenOneRowAnAlertAsCairnRunDoes() {
    StringWriter out = new StringWriter();
    ConsoleChannel console = new ConsoleChannel(new ConsoleSettings("console", new PrintWriter(out),
        LineFormat.table("console-login-failed".length())));

    console.send(Alerts.consoleLogin(), Alerts.KEY);
    console.send(Alerts.consoleLogin(), Alerts.KEY);

    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("SEVERITY RULE                 TIME                 EVENT").endsWith("FILE");
    assertThat(lines.get(1)).isEqualTo(
        "high     console-login-failed 2023-07-19T21:20:03Z signin:ConsoleLogin" + " ".repeat(22) + "111111111111 "
            + "us-east-1      arn:aws:iam::111111111111:user/JohnDoe           159.224.244.142 -");
    assertThat(lines.get(2)).isEqualTo(lines.get(1));
  }

  @Test
  void jsonLinesCarryTheFieldsCairnRunDocuments() {
    StringWriter out = new StringWriter();
    new ConsoleChannel(new ConsoleSettings("console", new PrintWriter(out), LineFormat.jsonLines()))
        .send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(out.toString()).isEqualTo("{\"rule\":\"console-login-failed\",\"severity\":\"high\","
        + "\"eventID\":\"3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345\",\"eventTime\":\"2023-07-19T21:20:03Z\","
        + "\"eventName\":\"ConsoleLogin\",\"eventSource\":\"signin.amazonaws.com\",\"awsRegion\":\"us-east-1\","
        + "\"account\":\"111111111111\",\"principal\":\"arn:aws:iam::111111111111:user/JohnDoe\","
        + "\"sourceIPAddress\":\"159.224.244.142\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64)\","
        + "\"errorCode\":null,\"file\":null}\n");
  }

  @Test
  void aConsoleThatCannotBeWrittenIsPermanent() {
    PrintWriter broken = new PrintWriter(new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) throws java.io.IOException {
        throw new java.io.IOException("broken pipe");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    Attempt a = new ConsoleChannel(new ConsoleSettings("console", broken, LineFormat.jsonLines()))
        .send(Alerts.consoleLogin(), Alerts.KEY);
    assertThat(a).as("a PrintWriter that failed stays failed").isInstanceOf(Attempt.Permanent.class);
  }

  @Test
  void theFileAppendsTheWebhookBodyOneLineAnAlertAndPreviewsTheSameLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("alerts.jsonl");
    Files.writeString(file, "{\"earlier\":true}\n");
    FileChannel channel = new FileChannel(new FileSettings("archive", file, true));

    assertThat(channel.send(Alerts.consoleLogin(), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);
    assertThat(channel.send(Alerts.digest(), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    JsonNode first = Alerts.json(lines.get(1));
    assertThat(first.get("id").asText()).as("the idempotency key").isEqualTo(Alerts.KEY);
    assertThat(first.get("alertId").asText()).isEqualTo(Alerts.consoleLogin().id());
    assertThat(first.get("text").asText()).isEqualTo(Alerts.COREZOID_TEXT);
    assertThat(Alerts.json(lines.get(2)).get("count").asInt()).isEqualTo(41);
    assertThat(channel.preview(Alerts.consoleLogin(), Alerts.KEY)).isEqualTo(lines.get(1) + "\n");
  }

  @Test
  void aFileInADirectoryThatDoesNotExistIsPermanent(@TempDir Path dir) {
    Attempt a = new FileChannel(new FileSettings("archive", dir.resolve("missing/alerts.jsonl"), false))
        .send(Alerts.consoleLogin(), Alerts.KEY);
    assertThat(a).isEqualTo(new Attempt.Permanent("cannot write " + dir.resolve("missing/alerts.jsonl")
        + ": its directory does not exist"));
  }
  @Test
  void aRunOfAlertsGoesOutInOrderInOneWriteWithTheLinesOneAlertEachWouldGive(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    ConsoleChannel console = new ConsoleChannel(new ConsoleSettings("console", new PrintWriter(out), LineFormat.jsonLines()));
    StringWriter one = new StringWriter();
    ConsoleChannel single = new ConsoleChannel(new ConsoleSettings("console", new PrintWriter(one), LineFormat.jsonLines()));
    Path file = dir.resolve("alerts.jsonl");
    FileChannel channel = new FileChannel(new FileSettings("archive", file, true));
    List<Alert> alerts = List.of(Alerts.consoleLogin(), Alerts.digest(), Alerts.consoleLogin());
    List<String> keys = List.of("k1", "k2", "k3");

    assertThat(console.maxBatch()).isGreaterThan(1);
    assertThat(console.sendAll(alerts, keys)).containsExactly(Attempt.DELIVERED, Attempt.DELIVERED, Attempt.DELIVERED);
    for (int i = 0; i < alerts.size(); i++) {
      single.send(alerts.get(i), keys.get(i));
    }
    assertThat(out.toString()).isEqualTo(one.toString());

    assertThat(channel.sendAll(alerts, keys)).hasSize(3).containsOnly(Attempt.DELIVERED);
    assertThat(Files.readAllLines(file)).extracting(line -> Alerts.json(line).get("id").asText())
        .containsExactly("k1", "k2", "k3");
    assertThat(new FileChannel(new FileSettings("archive", dir.resolve("missing/a.jsonl"), false)).sendAll(alerts, keys))
        .as("the first fails; the others are not tried").hasSize(1).first().isInstanceOf(Attempt.Permanent.class);
  }
}
