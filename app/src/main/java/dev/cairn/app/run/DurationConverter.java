package dev.cairn.app.run;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import java.time.Duration;

/** Command-line durations in the config file's forms: {@code 500ms}, {@code 20s}, {@code 5m}, {@code 24h}, {@code 7d}, ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return ConfigLoader.parseDuration(value.strip()).filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(() -> new TypeConversionException("expected a duration like 30s, 15m or 2h, got '" + value + "'"));
  }
}
