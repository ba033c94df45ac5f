package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How each type reads and writes its values. */
class ConfigTypeTest {
  enum Output { text, jsonl, none }

  @Test
  void durations() {
    ConfigType.Scalar<Duration> duration = ConfigType.duration();
    assertThat(duration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(duration.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(duration.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(duration.format(Duration.ofHours(24))).isEqualTo("24h");
    assertThat(duration.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(duration.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(duration.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThatIllegalArgumentException().isThrownBy(() -> duration.parse("5 minutes"))
        .withMessage("expected a duration like 500ms, 20s, 5m, 24h or 7d, got '5 minutes'");
    assertThatIllegalArgumentException().as("never negative").isThrownBy(() -> duration.parse("PT-5S"));
  }

  @Test
  void sizesArePowersOf1024() {
    ConfigType.Scalar<Long> size = ConfigType.byteSize();
    assertThat(size.parse("64MB")).isEqualTo(64L << 20);
    assertThat(size.parse("64MiB")).isEqualTo(64L << 20);
    assertThat(size.parse("512kb")).isEqualTo(512L << 10);
    assertThat(size.parse("100")).isEqualTo(100L);
    assertThat(size.format(64L << 20)).isEqualTo("64MB");
    assertThat(size.format(1536L << 10)).isEqualTo("1536KB");
    assertThat(size.format(100L)).isEqualTo("100B");
    assertThatIllegalArgumentException().isThrownBy(() -> size.parse("99999999999TB"));
  }

  @Test
  void urlsAreHttpOrHttps() {
    assertThat(ConfigType.url().parse("http://127.0.0.1:9324")).isEqualTo(URI.create("http://127.0.0.1:9324"));
    assertThatIllegalArgumentException().isThrownBy(() -> ConfigType.url().parse("ftp://x"));
    assertThatIllegalArgumentException().isThrownBy(() -> ConfigType.url().parse("not a url"));
    assertThat(ConfigType.url().accepts(URI.create("ftp://x"))).as("a URL given in code").isFalse();
  }

  @Test
  void choicesAreLowerCaseNames() {
    ConfigType.Scalar<Output> output = ConfigType.oneOf(Output.class);
    assertThat(output.parse("JSONL")).isEqualTo(Output.jsonl);
    assertThat(output.allowed()).isEqualTo("`text`, `jsonl`, `none`");
    assertThatIllegalArgumentException().isThrownBy(() -> output.parse("html"))
        .withMessage("expected text, jsonl or none, got 'html'");
  }

  @Test
  void aPathOrAKeyword() {
    ConfigType.Scalar<Optional<Path>> state = ConfigType.pathOr("memory");
    assertThat(state.parse("memory")).isEmpty();
    assertThat(state.parse("/var/lib/cairn/state.db")).contains(Path.of("/var/lib/cairn/state.db"));
    assertThat(state.format(Optional.empty())).isEqualTo("memory");
    assertThat(state.name()).isEqualTo("path or `memory`");
  }

  @Test
  void namesForTheDocumentation() {
    assertThat(ConfigType.listOf(ConfigType.path()).name()).isEqualTo("list of paths");
    ConfigDef folder = ConfigDef.builder().define(ConfigDefTest.PATH).shortForm(ConfigDefTest.PATH).build();
    assertThat(ConfigType.listOf(ConfigType.section(folder)).name()).isEqualTo("list of mappings or folders");
    assertThat(ConfigType.mapOf("account id", ConfigType.text()).name()).isEqualTo("mapping of account id to text");
    assertThat(ConfigType.listOf(ConfigType.text()).format(List.of("a", "b"))).isEqualTo("[a, b]");
  }

  @Test
  void suggestionsForTypos() {
    assertThat(Suggestions.suggest("maxMessage", List.of("maxMessages", "waitTime"))).isEqualTo("; did you mean maxMessages?");
    assertThat(Suggestions.suggest("waittime", List.of("maxMessages", "waitTime"))).isEqualTo("; did you mean waitTime?");
    assertThat(Suggestions.suggest("queue", List.of("state", "rules"))).isEqualTo(" (expected one of rules, state)");
  }
}
