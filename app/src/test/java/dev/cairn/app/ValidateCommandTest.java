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
    Path fixed = Files.writeString(dir.resolve("fixed.yaml"),
        "rules: [" + Path.of("../rules/cis-aws-foundations.yaml").toAbsolutePath().normalize() + "]\nworkers: 2\n");

    CliRun bad = CliRun.of("validate", config.toString());
    CliRun good = CliRun.of("validate", fixed.toString());

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("invalid: " + config + ": workers: expected a whole number from 1 to 256, got '0'\n");
    assertThat(good.exitCode()).isEqualTo(0);
    assertThat(good.out()).isEqualTo("ok: " + fixed + " (config)\nok: "
        + Path.of("../rules/cis-aws-foundations.yaml").toAbsolutePath().normalize() + "\n");
  }

  @Test
  void ruleFilesAreFoundNextToTheConfigNotInTheCurrentDirectory() throws IOException {
    Path conf = Files.createDirectories(dir.resolve("etc/cairn"));
    Files.createDirectories(conf.resolve("rules"));
    Files.writeString(conf.resolve("rules/team.yaml"), "rules:\n  - id: t\n    pattern: {source: [aws.s3]}\n");
    Path config = Files.writeString(conf.resolve("cairn.yaml"), "rules: [rules/team.yaml]\nworkers: 2\n");

    CliRun run = CliRun.of("validate", config.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("ok: " + config + " (config)\nok: " + conf.resolve("rules/team.yaml") + "\n");
  }

  @Test
  void everyCheckRunMakesIsMadeByValidate() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        sources:
          folders: [not-a-folder]
          sqs:
            - queueUrl: https://sqs.us-east-1.amazonaws.com/111122223333/trail
              waitTime: 30s
              visibilityTimeout: 30s
              visibilityExtensionInterval: 1m
        """);

    CliRun run = CliRun.of("validate", config.toString());

    assertThat(file).isRegularFile();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly(
        "invalid: " + config + ": sources.folders[0]: expected a folder, got a file",
        "invalid: " + config + ": sources.sqs[0].waitTime: expected a duration from 0s to 20s, got '30s'",
        "2 problems");
  }

  @Test
  void aValueFromTheEnvironmentIsNeverPrinted() throws IOException {
    String path = System.getenv("PATH");
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        workers: ${PATH}
        sources:
          sqs:
            - queueUrl: ${PATH}
        """);

    CliRun run = CliRun.of("validate", config.toString());

    assertThat(path).isNotBlank();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).doesNotContain(path).contains(
        "invalid: " + config + ": workers: expected a whole number from 1 to 256, got the value of ${PATH} (not shown)\n",
        "invalid: " + config + ": sources.sqs[0].queueUrl: expected an http(s) URL like http://127.0.0.1:9324,"
            + " got the value of ${PATH} (not shown)\n");
  }
}
