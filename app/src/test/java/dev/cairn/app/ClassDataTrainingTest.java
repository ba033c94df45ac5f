package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The rules the class-data archive is trained with. A broken file would not fail anything visible:
 * the training ignores its steps' outcomes, and every start would then load the pattern classes
 * from the jars again.
 */
class ClassDataTrainingTest {
  @Test
  void theTrainingRulesAreValidAndHoldBothLanguages() throws Exception {
    RuleSet rules;
    try (InputStream yaml = ClassDataTraining.class.getResourceAsStream("class-data-training.yaml")) {
      assertThat(yaml).as("bundled beside ClassDataTraining").isNotNull();
      rules = RuleSet.load("class-data-training.yaml", yaml);
    }

    assertThat(rules.rules()).extracting(Rule::pattern).filteredOn(p -> p != null).hasSizeGreaterThanOrEqualTo(4);
    assertThat(rules.rules()).extracting(Rule::filter).filteredOn(f -> f != null).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void theTrainingRulesMatchTheBundledExamples() {
    CliRun run = CliRun.of("scan", "--rules", "src/main/resources/dev/cairn/app/class-data-training.yaml",
        "../examples/data");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).as("the scan exercises matching and printing, not only loading").isNotEmpty();
  }
}
