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
        "invalid: " + bad + ":3:5: rule 'b': severity: expected info, low, medium, high or critical but found 'huge'",
        "invalid: " + bad + ":5:5: rule 'c': pattern: line 1, column 12: \"source\" must be an object or an array",
        "2 problems");
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
