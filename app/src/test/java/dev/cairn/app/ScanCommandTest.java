package dev.cairn.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn scan} as a user runs it, over the bundled examples and awkward inputs. */
class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CIS = "../rules/cis-aws-foundations.yaml";
  private static final String EXAMPLES = "../examples/data";

  @TempDir Path dir;

  @Test
  void cisPackOverTheExamplesFindsTheAttackSimulation() throws IOException {
    CliRun run = CliRun.of("scan", "--rules", CIS, EXAMPLES);

    assertThat(run.exitCode()).isEqualTo(0);
    Map<String, Integer> perRule = new TreeMap<>();
    for (String line : run.lines()) {
      JsonNode match = JSON.readTree(line);
      perRule.merge(match.get("rule").asText(), 1, Integer::sum);
      assertThat(match.fieldNames()).toIterable().contains("rule", "severity", "eventID", "eventTime",
          "eventName", "eventSource", "awsRegion", "account", "principal", "sourceIPAddress", "file");
    }
    // The same counts as benchmarks/scripts/cis.jq, the pack written in jq, over the same files.
    assertThat(perRule).isEqualTo(Map.ofEntries(Map.entry("cis-4.1", 19), Map.entry("cis-4.2", 2),
        Map.entry("cis-4.3", 5), Map.entry("cis-4.4", 7), Map.entry("cis-4.5", 8), Map.entry("cis-4.6", 2),
        Map.entry("cis-4.8", 3), Map.entry("cis-4.10", 6), Map.entry("cis-4.12", 3), Map.entry("cis-4.13", 4),
        Map.entry("cis-4.14", 2)));
  }

  @Test
  void aMatchLineNamesTheEventAndWhereItCameFrom() throws IOException {
    CliRun run = CliRun.of("scan", "--rules", CIS, EXAMPLES + "/console-sign-in");

    JsonNode failedRoot = run.lines().stream().map(ScanCommandTest::json)
        .filter(m -> m.get("rule").asText().equals("cis-4.6") && m.get("principal").asText().endsWith(":root"))
        .findFirst().orElseThrow();
    assertThat(failedRoot.get("eventName").asText()).isEqualTo("ConsoleLogin");
    assertThat(failedRoot.get("eventSource").asText()).isEqualTo("signin.amazonaws.com");
    assertThat(failedRoot.get("account").asText()).isEqualTo("111122223333");
    assertThat(failedRoot.get("severity").asText()).isEqualTo("medium");
    assertThat(failedRoot.get("file").asText()).endsWith("console-sign-in-events.json");
  }

  @Test
  void withoutRulesEveryEventBecomesOneJsonLine() throws IOException {
    Path gz = dir.resolve("trail.json.gz");
    Files.write(gz, gzip("{\"Records\":[" + record("a", "GetUser") + "," + record("b", "ListUsers") + "]}"));
    Path lines = Files.writeString(dir.resolve("events.jsonl"), record("c", "PutObject") + "\r\n" + record("d", "GetObject") + "\n");

    CliRun run = CliRun.of("scan", gz.toString(), lines.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.lines()).extracting(l -> json(l).get("eventID").asText()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void outputOrderDoesNotDependOnThreads() {
    CliRun one = CliRun.of("scan", "--threads", "1", "--rules", CIS, EXAMPLES);
    CliRun two = CliRun.of("scan", "--threads", "2", "--rules", CIS, EXAMPLES);

    assertThat(two.out()).isEqualTo(one.out()).isNotEmpty();
  }

  @Test
  void aBrokenFileIsReportedTheRestIsScannedAndTheExitCodeIsOne() throws IOException {
    Path broken = Files.writeString(dir.resolve("a-broken.json"),
        "{\"Records\":[" + record("x1", "StopLogging") + ",\n{\"eventVersion\":\"1.08\",");
    Path good = Files.writeString(dir.resolve("b-good.json"), "{\"Records\":[" + record("x2", "StopLogging") + "]}");

    CliRun run = CliRun.of("scan", "--rules", CIS, dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lines()).extracting(l -> json(l).get("eventID").asText()).containsExactly("x1", "x2");
    assertThat(run.err()).contains("cairn: error: " + broken + ": line 2");
    assertThat(good).exists();
  }

  @Test
  void invalidRulesStopBeforeScanningWithExitCodeTwo() throws IOException {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: x\n    filter: '{ $.eventName = }'\n");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), EXAMPLES);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("cairn: invalid rule: " + rules + ":3:30: rule 'x': filter: expected a value");
  }

  @Test
  void badUsageIsExitCodeTwo() {
    assertThat(CliRun.of("scan", "--no-such-option", EXAMPLES).exitCode()).isEqualTo(2);
    assertThat(CliRun.of("scan").exitCode()).isEqualTo(2);
  }

  @Test
  void missingPathIsAnErrorButOtherPathsAreScanned() throws IOException {
    Path good = Files.writeString(dir.resolve("good.json"), record("g", "GetUser"));

    CliRun run = CliRun.of("scan", dir.resolve("nope").toString(), good.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(dir.resolve("nope") + ": no such file or directory");
    assertThat(run.lines()).hasSize(1);
  }

  @Test
  void statsGoToStandardError() {
    CliRun run = CliRun.of("scan", "--stats", "--rules", CIS, EXAMPLES + "/trail");

    assertThat(run.err()).containsPattern("cairn: files 9, events \\d+, matches \\d+, skipped 0, errors 0, .* events/s");
  }

  @Test
  void textOutputIsATableWithHostileCharactersNeutralised() throws IOException {
    String hostile = record("h", "StopLogging").replace("\"userAgent\":\"aws-cli\"",
        "\"userAgent\":\"x\\u001b[2J\\n\\u202eevil\\\",\\\"rule\\\":\\\\\"").replace("\"sourceIPAddress\":\"203.0.113.7\"",
        "\"sourceIPAddress\":\"1.2.3.4\\u001b]0;pwned\\u0007\"");
    Path file = Files.writeString(dir.resolve("hostile.json"), hostile);

    CliRun text = CliRun.of("scan", "--output", "text", "--rules", CIS, file.toString());
    CliRun jsonl = CliRun.of("scan", "--rules", CIS, file.toString());

    assertThat(text.lines()).hasSize(2);
    assertThat(text.lines().get(0)).startsWith("SEVERITY RULE").contains("PRINCIPAL");
    assertThat(text.lines().get(1)).startsWith("high     cis-4.5").contains("cloudtrail:StopLogging")
        .doesNotContain("\u001b").doesNotContain("\u0007");
    JsonNode match = json(jsonl.out());
    assertThat(match.get("sourceIPAddress").asText()).isEqualTo("1.2.3.4\u001b]0;pwned\u0007");
    assertThat(match.get("userAgent").asText()).isEqualTo("x\u001b[2J\n\u202eevil\",\"rule\":\\");
    assertThat(match.get("rule").asText()).isEqualTo("cis-4.5");
    assertThat(jsonl.out()).doesNotContain("\u001b").hasLineCount(1);
  }

  @Test
  void standardInputIsADash() throws IOException {
    var previous = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(record("s", "StopLogging").getBytes(UTF_8)));
      CliRun run = CliRun.of("scan", "--rules", CIS, "-");
      assertThat(run.lines()).extracting(l -> json(l).get("file").asText()).containsExactly("<stdin>");
    } finally {
      System.setIn(previous);
    }
  }

  static String record(String id, String eventName) {
    return "{\"eventVersion\":\"1.08\",\"eventID\":\"" + id + "\",\"eventTime\":\"2023-07-10T12:05:01Z\","
        + "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"" + eventName + "\",\"awsRegion\":\"us-east-1\","
        + "\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli\",\"eventType\":\"AwsApiCall\","
        + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/mallory\",\"accountId\":\"111122223333\"},"
        + "\"recipientAccountId\":\"111122223333\"}";
  }

  static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

}
