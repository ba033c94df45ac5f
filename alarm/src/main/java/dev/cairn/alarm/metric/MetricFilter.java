package dev.cairn.alarm.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A CloudWatch Logs metric filter over CloudTrail events: which events ({@code filter}, a
 * CloudWatch Logs filter pattern, and/or {@code pattern}, an EventBridge event pattern; both must
 * match when both are given), what each adds ({@code value}), what a period without any adds
 * ({@code defaultValue}), and the dimensions that split the metric into series.
 *
 * <pre>{@code
 * new MetricFilter("ConsoleLoginFailures", "CloudTrailMetrics",
 *     Optional.of("{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"),
 *     Optional.empty(), MetricValue.parse("1"), OptionalDouble.empty(),
 *     Map.of("Actor", "$.userIdentity.arn"), "Count");
 * }</pre>
 *
 * @param name the metric name (1–255 characters, no {@code : * $} or control characters)
 * @param namespace the metric namespace, shown in notifications
 * @param filter the filter pattern, if any
 * @param pattern the event pattern (JSON), if any
 * @param value what a matching event publishes
 * @param defaultValue what a period with no matching event publishes; exclusive with dimensions, as
 *     in AWS
 * @param dimensions up to 3, name to {@code $.field} (or {@code $name} for space-delimited patterns)
 * @param unit the CloudWatch unit ({@code Count}, {@code None}, …), shown in notifications
 */
public record MetricFilter(String name, String namespace, Optional<String> filter, Optional<String> pattern,
    MetricValue value, OptionalDouble defaultValue, Map<String, String> dimensions, String unit) {

  /** Most dimensions a metric filter may have. */
  public static final int MAX_DIMENSIONS = 3;

  public MetricFilter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(unit, "unit");
    dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException("metric name " + problem);
    }
    if (filter.isEmpty() && pattern.isEmpty()) {
      throw new IllegalArgumentException("metric " + name + ": expected a filter or a pattern (or both)");
    }
    if (dimensions.size() > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("metric " + name + ": at most " + MAX_DIMENSIONS + " dimensions, got "
          + dimensions.size());
    }
    if (!dimensions.isEmpty() && defaultValue.isPresent()) {
      throw new IllegalArgumentException("metric " + name + ": a default value cannot be combined with dimensions");
    }
  }

  /** What is wrong with a metric name, or null: CloudWatch's rules (1–255 characters, none of {@code : * $}). */
  public static String problem(String name) {
    if (name.isEmpty() || name.length() > 255) {
      return "must be 1 to 255 characters long, got " + name.length();
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':' || c == '*' || c == '$' || Character.isISOControl(c)) {
        return "must not contain ':', '*', '$' or control characters: '" + name + "'";
      }
    }
    return null;
  }

  /** Rule ids of metric filters start with this: {@code metric:ConsoleLoginFailures}. */
  public static final String RULE_PREFIX = "metric:";
}
