package dev.cairn.alert.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How a value is written into a template: as a JSON value, or as text inside a JSON string. */
final class JsonText {
  private JsonText() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A value as text, for a placeholder inside a string: a string as itself, a number, boolean or
   * null as its JSON text, an object or array as compact JSON, a missing value as nothing.
   */
  static String raw(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "";
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    return value.isContainerNode() ? write(value) : value.toString();
  }

  /** A value as JSON, for a placeholder standing for a value: a missing value as {@code ""}. */
  static void valueInto(JsonNode value, StringBuilder out) {
    if (value == null || value.isMissingNode()) {
      out.append("\"\"");
    } else if (value.isTextual()) {
      out.append('"');
      escapeInto(value.textValue(), out);
      out.append('"');
    } else {
      out.append(write(value));
    }
  }

  /**
   * Text escaped for the inside of a JSON string: {@code "} and {@code \}, the control characters
   * U+0000 to U+001F, and unpaired surrogates (so the JSON stays valid UTF-8). Everything else,
   * {@code <}, {@code /}, bidirectional and zero-width characters included, stays as it is.
   */
  static void escapeInto(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            unicode(c, out);
          } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicode(c, out);
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    escapeInto(text, out);
    return out.toString();
  }

  private static void unicode(char c, StringBuilder out) {
    out.append(String.format("\\u%04x", (int) c));
  }

  private static String write(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
