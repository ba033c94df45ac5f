package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a library builder does with a declared key: take its default, check a value given in code. */
class ConfigKeyTest {
  static final ConfigKey<Integer> WORKERS = ConfigKey.of("workers", ConfigType.integer())
      .machineDefault(() -> Math.max(2, Runtime.getRuntime().availableProcessors()), "number of cores, at least 2")
      .range(1, 256);
  static final ConfigKey<Integer> DOWNLOADS = ConfigKey.of("downloads", ConfigType.integer()).defaultValue(8).atLeast(0);
  static final ConfigKey<Integer> CAPACITY = ConfigKey.of("queueCapacity", ConfigType.integer())
      .derivedDefault(c -> 2 * c.get(WORKERS) + c.get(DOWNLOADS), "2 × workers + downloads").range(1, 100_000);
  static final ConfigKey<Duration> WAIT = ConfigKey.of("waitTime", ConfigType.duration())
      .defaultValue(Duration.ofSeconds(20)).range(Duration.ZERO, Duration.ofSeconds(20))
      .validate(d -> d.toNanosPart() == 0, "whole seconds");
  static final ConfigDef ENGINE = ConfigDef.builder().define(WORKERS).define(DOWNLOADS).define(CAPACITY).build();

  @Test
  void aBuilderTakesItsDefaultsFromTheDeclaration() {
    Config.Builder settings = Config.builder(ENGINE);
    assertThat(settings.get(WORKERS)).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
    assertThat(settings.get(DOWNLOADS)).isEqualTo(8);

    settings.set(WORKERS, 3);

    assertThat(settings.get(CAPACITY)).as("follows the other keys").isEqualTo(14);
    assertThat(settings.set(CAPACITY, 5).build().get(CAPACITY)).isEqualTo(5);
    assertThat(DOWNLOADS.defaultValue()).isEqualTo(8);
    assertThatThrownBy(CAPACITY::defaultValue).isInstanceOf(IllegalStateException.class)
        .hasMessage("queueCapacity's default depends on other keys (2 × workers + downloads): read it from a Config");
  }

  @Test
  void aValueGivenInCodeIsCheckedAgainstTheSameRules() {
    assertThatIllegalArgumentException().isThrownBy(() -> Config.builder(ENGINE).set(WORKERS, 0))
        .withMessage("workers: expected a whole number from 1 to 256, got '0'");
    assertThatIllegalArgumentException().isThrownBy(() -> WAIT.require(Duration.ofSeconds(21)))
        .withMessage("waitTime: expected a duration from 0s to 20s, got '21s'");
    assertThatIllegalArgumentException().isThrownBy(() -> WAIT.require(Duration.ofMillis(1500)))
        .withMessage("waitTime: expected whole seconds, got '1500ms'");
    assertThat(WAIT.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThatIllegalArgumentException().isThrownBy(() -> WAIT.parse("5 seconds"))
        .withMessage("waitTime: expected a duration like 500ms, 20s, 5m, 24h or 7d, got '5 seconds'");
  }

  @Test
  void theDocumentationShowsDefaultsAndRangesAsWritten() {
    assertThat(WAIT.describeDefault()).isEqualTo("`20s`");
    assertThat(WAIT.describeAllowed()).isEqualTo("0s to 20s; whole seconds");
    assertThat(WORKERS.describeDefault()).as("never this machine's value").isEqualTo("number of cores, at least 2");
    assertThat(DOWNLOADS.describeAllowed()).isEqualTo("at least 0");
    assertThat(ConfigKey.of("region", ConfigType.text()).optional("the SDK's region chain").describeDefault())
        .isEqualTo("the SDK's region chain");
  }
}
