package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;

/** The compiled form of one pattern kind. Implementations are immutable and thread-safe. */
interface Evaluator {
  boolean matches(JsonNode json, Supplier<String> message);

  /** Matches every event: the empty and the blank pattern. */
  Evaluator EVERYTHING = (json, message) -> true;

  /** JSON patterns never look at the raw message; non-JSON messages never match. */
  static Evaluator ofJson(JsonCondition condition) {
    return (json, message) -> json != null && condition.test(json);
  }

  /** A missing supplier or message reads as the empty string. */
  static String messageOf(Supplier<String> message) {
    String text = message == null ? null : message.get();
    return text == null ? "" : text;
  }
}
