package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helpers: treat a message the way a log pipeline would (JSON when it parses). */
final class Events {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Events() {}

  /** The message parsed as JSON, or null when it is not a JSON object or array. */
  static JsonNode jsonOrNull(String message) {
    try {
      JsonNode node = MAPPER.readTree(message);
      return node != null && node.isContainerNode() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static boolean matches(String pattern, String message) {
    try {
      return FilterPattern.compile(pattern).matches(jsonOrNull(message), () -> message);
    } catch (InvalidPatternException e) {
      throw new AssertionError("pattern should compile: " + pattern + " -> " + e.getMessage(), e);
    }
  }
}
