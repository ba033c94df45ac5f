package dev.cairn.app;

import dev.cairn.app.cli.ExitCodes;
import static dev.cairn.app.ScanCommandTest.json;
import static dev.cairn.app.ScanCommandTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn scan}'s options and paths as a script or a person uses them. */
class ScanUsageTest {
  private static final String CIS = "../rules/cis-aws-foundations.yaml";

  @TempDir Path dir;

  @Test
  void threadsBelowOneAreBadUsage() {
    for (String threads : new String[] {"0", "-1", "many"}) {
      CliRun run = CliRun.of("scan", "--threads", threads, "../examples/data");
      assertThat(run.exitCode()).as(threads).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).startsWith("Invalid value for option '--threads': expected a whole number of at least 1");
      assertThat(run.out()).isEmpty();
    }
  }

  @Test
  void failOnMatchExitsThreeWhenSomethingMatchedAndZeroOtherwise() throws IOException {
    Path quiet = Files.writeString(dir.resolve("quiet.json"), record("q", "GetUser"));
    Path loud = Files.writeString(dir.resolve("loud.json"), record("l", "StopLogging"));

    assertThat(CliRun.of("scan", "--fail-on-match", "-r", CIS, quiet.toString()).exitCode()).isZero();
    CliRun matched = CliRun.of("scan", "--fail-on-match", "-r", CIS, loud.toString());
    assertThat(matched.exitCode()).isEqualTo(ExitCodes.MATCHED);
    assertThat(matched.lines()).hasSize(1);
    assertThat(CliRun.of("scan", "-r", CIS, loud.toString()).exitCode()).as("without the flag").isZero();
  }

  @Test
  void outputTableTextAndTsv() throws IOException {
    Path file = Files.writeString(dir.resolve("tab\there.json"), record("t", "StopLogging")
        .replace("\"userAgent\":\"aws-cli\"", "\"userAgent\":\"a\\tb\\nc\""));

    CliRun table = CliRun.of("scan", "-o", "table", "-r", CIS, file.toString());
    CliRun text = CliRun.of("scan", "--output", "text", "--rules", CIS, file.toString());
    CliRun tsv = CliRun.of("scan", "-o", "tsv", "-r", CIS, file.toString());

    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).isEqualTo(text.out());
    assertThat(table.lines().get(0)).startsWith("SEVERITY RULE").endsWith("FILE");
    assertThat(table.lines().get(1)).startsWith("high     cis-4.5").endsWith("tab\\there.json");
    assertThat(tsv.lines()).hasSize(2);
    assertThat(tsv.lines().get(0).split("\t")).containsExactly("severity", "rule", "eventTime", "eventSource",
        "eventName", "account", "awsRegion", "principal", "sourceIPAddress", "userAgent", "errorCode", "eventID", "file");
    assertThat(tsv.lines().get(1).split("\t", -1)).containsExactly("high", "cis-4.5", "2023-07-10T12:05:01Z",
        "cloudtrail.amazonaws.com", "StopLogging", "111122223333", "us-east-1",
        "arn:aws:iam::111122223333:user/mallory", "203.0.113.7", "a\\tb\\nc", "-", "t", file.toString().replace("\t", "\\t"));
  }

  @Test
  void symlinkedDirectoriesAreFollowedOnceWithLoopsNoted() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real/sub"));
    Files.writeString(real.resolve("a.json"), record("a", "StopLogging"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
    Files.createSymbolicLink(real.resolve("loop"), dir.resolve("real")); // real/sub/loop -> real

    CliRun viaLink = CliRun.of("scan", "-r", CIS, link.toString());
    CliRun viaSlash = CliRun.of("scan", "-r", CIS, link + "/");

    assertThat(viaLink.lines()).hasSize(1);
    assertThat(json(viaLink.lines().get(0)).get("file").asText()).isEqualTo(link.resolve("sub/a.json").toString());
    assertThat(viaSlash.lines()).hasSize(1);
    assertThat(viaLink.err()).contains("cairn: note: " + link.resolve("sub/loop") + ": symbolic link loop");
    assertThat(viaLink.exitCode()).as("a loop loses nothing").isZero();
  }

  @Test
  void aPathThatCannotBeReadSaysWhyAndTheRestIsScanned() throws IOException {
    Path good = Files.writeString(dir.resolve("good.json"), record("g", "StopLogging"));
    Path notADirectory = good.resolve("inside.json");

    CliRun run = CliRun.of("scan", "-r", CIS, notADirectory.toString(), good.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).isEqualTo("cairn: error: " + notADirectory + ": cannot be read: not a directory\n");
    assertThat(run.lines()).hasSize(1);
  }

  @Test
  void anUnreadableSubdirectoryIsOneErrorAndTheRestIsScanned() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("a.json"), record("a", "StopLogging"));
    Path locked = Files.createDirectories(tree.resolve("locked"));
    Files.writeString(locked.resolve("b.json"), record("b", "StopLogging"));
    Files.writeString(tree.resolve("z.json"), record("z", "StopLogging"));
    locked.toFile().setReadable(false, false);
    locked.toFile().setExecutable(false, false);
    try {
      CliRun run;
      if (!Files.isReadable(locked)) {
        run = CliRun.of("scan", "--stats", "-r", CIS, tree.toString());
      } else {
        // Root reads anything: run cairn without the capabilities that let it (see CairnProcess).
        run = CairnProcess.withoutFilePermissionOverride("scan", "--stats", "-r", CIS, tree.toString());
      }
      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.err()).contains("cairn: error: " + locked + ": cannot be read: permission denied\n")
          .contains("files 2,").contains("errors 1,");
      assertThat(run.lines()).extracting(l -> json(l).get("eventID").asText()).containsExactly("a", "z");
    } finally {
      locked.toFile().setReadable(true, false);
      locked.toFile().setExecutable(true, false);
    }
  }

  @Test
  void aBadJsonLineIsReportedAndTheLinesAfterItAreScanned() throws IOException {
    Path lines = Files.writeString(dir.resolve("events.jsonl"), record("a", "StopLogging") + "\n"
        + "{\"eventVersion\": oops}\n" + record("b", "StopLogging") + "\n");

    CliRun run = CliRun.of("scan", "-r", CIS, lines.toString());

    assertThat(run.lines()).extracting(l -> json(l).get("eventID").asText()).containsExactly("a", "b");
    assertThat(run.exitCode()).as("bad input is an error, as an unreadable file is").isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).isEqualTo("cairn: error: " + lines + ": 1 line was skipped, the rest was read (first at line 2: "
        + "not valid JSON: line 2, column 18: invalid JSON: Unrecognized token 'oops': was expecting (JSON String, "
        + "Number, Array, Object or token 'null', 'true' or 'false') in an object (at /eventVersion))\n");
  }

  @Test
  void hostileFileNamesAndFieldsCannotForgeLinesOrRewriteTheTerminal() throws IOException {
    Path hostile = Files.writeString(dir.resolve("broken\u001b[31m\nFORGED\u009b2J.json"), "{\"Records\":[{");
    Path fields = Files.writeString(dir.resolve("fields.json"), record("f", "StopLogging")
        .replace("\"userAgent\":\"aws-cli\"", "\"userAgent\":\"x\u009b2J\u202e\u2028y\""));

    CliRun run = CliRun.of("scan", "-r", CIS, hostile.toString(), fields.toString());
    CliRun table = CliRun.of("scan", "-o", "table", "-r", CIS, fields.toString());
    CliRun records = CliRun.of("scan", fields.toString());

    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("cairn: error: " + dir + "/broken\\x1b[31m\\nFORGED\\u009b2J.json: ");
    assertThat(run.out()).contains("\"userAgent\":\"x\\u009b2J\\u202e\\u2028y\"").doesNotContain("\u009b", "\u2028");
    assertThat(json(run.out()).get("userAgent").asText()).isEqualTo("x\u009b2J\u202e\u2028y");
    assertThat(table.out()).doesNotContain("\u009b", "\u202e", "\u2028");
    assertThat(records.out()).contains("x\\u009b2J\\u202e\\u2028y").hasLineCount(1);
    assertThat(json(records.out()).get("userAgent").asText()).isEqualTo("x\u009b2J\u202e\u2028y");
  }
}
