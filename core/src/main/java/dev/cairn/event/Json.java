package dev.cairn.event;

import com.fasterxml.jackson.databind.JsonNode;

/** Null-tolerant field access for the typed views. */
final class Json {
  private Json() {}

  static JsonNode child(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || value.isMissingNode() ? null : value;
  }

  /** The field as text when it is a scalar (numbers and booleans as their JSON text), else null. */
  static String text(JsonNode node, String field) {
    JsonNode value = child(node, field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  static Boolean bool(JsonNode node, String field) {
    JsonNode value = child(node, field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    // LookupEvents summaries and sessionCredentialFromConsole carry booleans as strings.
    return value.isTextual() ? Boolean.valueOf(value.textValue()) : null;
  }
}
