package dev.cairn.app.run;

import dev.cairn.config.ConfigType;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line durations in the config file's forms: {@code 500ms}, {@code 20s}, {@code 5m}, {@code 24h}, {@code 7d}, ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      Duration d = ConfigType.duration().parse(value);
      if (!d.isZero()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new TypeConversionException("expected a duration like 30s, 15m or 2h, got '" + value + "'");
  }

  /** As written on the command line: {@code 30s}, {@code 15m}. */
  static String format(Duration duration) {
    return ConfigType.duration().format(duration);
  }
}
