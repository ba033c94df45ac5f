package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  @Test
  void theCisPackIsValid() {
    CliRun run = CliRun.of("validate", "../rules/cis-aws-foundations.yaml");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("ok: ../rules/cis-aws-foundations.yaml\n");
  }

  @Test
  void everyProblemInEveryFileIsReportedAtOnce() throws IOException {
    Path good = Files.writeString(dir.resolve("good.yaml"), "rules:\n  - id: a\n    pattern: {source: [aws.s3]}\n");
    Path bad = Files.writeString(dir.resolve("bad.yaml"),
        "rules:\n  - id: b\n    severity: huge\n    pattern: {source: [aws.s3]}\n  - id: c\n    pattern: {source: aws.s3}\n");

    CliRun run = CliRun.of("validate", good.toString(), bad.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEqualTo("ok: " + good + "\n");
    assertThat(run.err().lines()).containsExactly(
        "invalid: " + bad + ":3:15: rule 'b': severity: expected info, low, medium, high or critical but found 'huge'",
        "      severity: huge",
        "                ^",
        "invalid: " + bad + ":6:23: rule 'c': pattern: \"source\" must be an object or an array: the values to match"
            + " go in a list; write source: [aws.s3]",
        "      pattern: {source: aws.s3}",
        "                        ^",
        "2 problems");
  }

  @Test
  void warningsAreShownButPassUnlessStrict() throws IOException {
    Path rules = Files.writeString(dir.resolve("lint.yaml"),
        "rules:\n  - id: root\n    filter: '{ $.userIdentity.arn = arn:aws:iam::*:root }'\n");

    CliRun lenient = CliRun.of("validate", rules.toString());
    CliRun strict = CliRun.of("validate", "--strict", rules.toString());

    assertThat(lenient.exitCode()).isEqualTo(0);
    assertThat(lenient.out()).isEqualTo("ok: " + rules + " (1 warning)\n");
    assertThat(lenient.err().lines()).containsExactly(
        "warning: " + rules + ":3:50: rule 'root': filter: '*' in the middle of 'arn:aws:iam::*:root' is a literal"
            + " character, not a wildcard (only a leading or trailing '*' is); to match any text there, use a regex:"
            + " %^arn:aws:iam::.*:root$%",
        "      filter: '{ $.userIdentity.arn = arn:aws:iam::*:root }'",
        "  " + " ".repeat(49) + "^",
        "1 warning");
    assertThat(strict.exitCode()).isEqualTo(2);
  }

  @Test
  void aRuleFileWithRuleInsteadOfRulesIsCheckedAsARuleFile() throws IOException {
    Path rules = Files.writeString(dir.resolve("typo.yaml"), "rule:\n  - id: a\n    filter: ERROR\n");

    CliRun run = CliRun.of("validate", rules.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("invalid: " + rules + ":1:1: unknown key 'rule': did you mean 'rules:'?\n");
  }

  @Test
  void configsAreCheckedWithTheirRuleFiles() throws IOException {
    Path rules = Files.writeString(dir.resolve("team.yaml"), "rules:\n  - id: t\n    filter: '{ $.eventName = }'\n");
    Path config = Files.writeString(dir.resolve("cairn.yaml"),
        "rules: [" + rules + "]\nworkers: 0\nsources:\n  folders: [inbox]\n");
    Path fixed = Files.writeString(dir.resolve("fixed.yaml"), "rules: [../rules/cis-aws-foundations.yaml]\nworkers: 2\n");

    CliRun bad = CliRun.of("validate", config.toString());
    CliRun good = CliRun.of("validate", fixed.toString());

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("invalid: " + config + ": workers: expected a whole number from 1 to 256, got '0'\n");
    assertThat(good.exitCode()).isEqualTo(0);
    assertThat(good.out()).isEqualTo("ok: " + fixed + " (config)\nok: ../rules/cis-aws-foundations.yaml\n");
  }
}
