package dev.cairn.alarm.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Trigger} object of a CloudWatch alarm notification: what the alarm watches and when it
 * breaches.
 *
 * @param metricName the metric
 * @param namespace its namespace
 * @param statistic upper case, as notifications write it: {@code SUM}
 * @param unit the metric's unit, or null (written as JSON null, as CloudWatch does for none)
 * @param dimensions the alarm's dimensions, in order
 * @param periodSeconds the period
 * @param evaluationPeriods N
 * @param datapointsToAlarm M
 * @param comparisonOperator as the API spells it
 * @param threshold the threshold
 * @param treatMissingData as the API spells it
 */
public record Trigger(String metricName, String namespace, String statistic, String unit, Map<String, String> dimensions,
    long periodSeconds, int evaluationPeriods, int datapointsToAlarm, String comparisonOperator, double threshold,
    String treatMissingData) {
  public Trigger {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(comparisonOperator, "comparisonOperator");
    Objects.requireNonNull(treatMissingData, "treatMissingData");
    dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
  }
}
