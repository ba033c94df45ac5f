package dev.cairn.alarm.metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How metric data is keyed in the state store: a metric's series by its dimension values (a JSON
 * object with sorted keys, empty text for none), the contributor counts kept beside each metric,
 * and the count of every event read, which silence detection watches. Names of metrics never hold
 * control characters, so the {@code \n}-separated keys here cannot clash with them.
 */
public final class Series {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every event read, by account and region: the metric silence detection watches. */
  public static final String EVENTS = "\nevents";

  /**
   * The facts whose top values an alarm notification lists, in order; {@code account} (the id)
   * names the account of a notification when the data has only one.
   */
  public static final List<String> CONTRIBUTORS = List.of("actor", "sourceIPAddress",
      "accountAlias", "region", "eventName", "account");

  private Series() {}

  /**
   * The minute boundary from which data handled at {@code handled} is visible: the next one. An
   * evaluation at 10:06 sees what was handled from 10:05:00 to 10:05:59.999, live or replayed.
   */
  public static Instant arrival(Instant handled) {
    return handled.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
  }

  /** The key of a metric's contributor counts for one fact: {@code ConsoleLoginFailures\nactor}. */
  public static String contributors(String metric, String fact) {
    return metric + "\n" + fact;
  }

  /** Dimension values as the store keys them: {@code {"Actor":"arn:…"}}; empty text for none. */
  public static String encode(Map<String, String> dimensions) {
    if (dimensions.isEmpty()) {
      return "";
    }
    ObjectNode o = JSON.createObjectNode();
    new TreeMap<>(dimensions).forEach(o::put);
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  /** What {@link #encode} wrote. */
  public static Map<String, String> decode(String encoded) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return dimensions;
    }
    try {
      JsonNode o = JSON.readTree(encoded);
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        dimensions.put(e.getKey(), e.getValue().asText());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not encoded dimensions: " + encoded, e);
    }
    return dimensions;
  }
}
