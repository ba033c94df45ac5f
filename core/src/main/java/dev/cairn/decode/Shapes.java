package dev.cairn.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Recognising the shapes CloudTrail data comes in, and naming what is not one of them. */
final class Shapes {
  static final String RECORD = "CloudTrail record";
  static final String ENVELOPE = "EventBridge event";
  static final String DIGEST = "CloudTrail digest file";
  static final String LOG_FILE = "CloudTrail log file";
  static final String CLOUDWATCH_LOGS = "CloudWatch Logs subscription payload";
  static final String AWSLOGS = "CloudWatch Logs payload for Lambda (awslogs.data)";
  static final String LOOKUP_EVENTS = "LookupEvents output";
  static final String LOOKUP_EVENT = "LookupEvents event";
  static final String RAW = "_raw wrapper";
  static final String ARRAY = "JSON array";

  /** Keys named in a skipped value's reason; field names are attacker-controlled, so both are bounded. */
  private static final int MAX_KEYS_SHOWN = 8;
  private static final int MAX_TEXT_SHOWN = 40;

  private Shapes() {}

  /** A bare CloudTrail record: {@code eventVersion} and one of {@code eventSource}, {@code eventType}, {@code eventTime}. */
  static boolean isRecord(ObjectNode object) {
    return object.get("eventVersion") != null
        && (object.get("eventSource") != null || object.get("eventType") != null || object.get("eventTime") != null);
  }

  /** An EventBridge envelope: a {@code detail} object and a {@code source} ({@code detail-type} is not always there). */
  static boolean isEnvelope(ObjectNode object) {
    JsonNode detail = object.get("detail");
    JsonNode source = object.get("source");
    return detail != null && detail.isObject() && source != null && source.isTextual();
  }

  static boolean isDigest(ObjectNode object) {
    return object.get("digestPublicKeyFingerprint") != null
        || object.get("digestS3Object") != null
        || (object.get("logFiles") != null && object.get("awsAccountId") != null);
  }

  /** The shape of an object whose array field {@code name} holds the values. */
  static String container(String name) {
    return switch (name) {
      case "logEvents" -> CLOUDWATCH_LOGS;
      case "Events" -> LOOKUP_EVENTS;
      default -> LOG_FILE;
    };
  }

  static boolean isControlMessage(ObjectNode payload) {
    return "CONTROL_MESSAGE".equals(text(payload, "messageType"));
  }

  static String text(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case STRING -> "string";
      case ARRAY -> "array";
      case OBJECT -> "object";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** "JSON object with keys [a, b, c]", the keys sorted and bounded, or the value's type. */
  static String describe(JsonNode node) {
    return node instanceof ObjectNode object ? describeObject(object) : "JSON " + typeName(node);
  }

  static String describeObject(ObjectNode object) {
    if (object.isEmpty()) {
      return "empty JSON object";
    }
    List<String> keys = new ArrayList<>(object.size());
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    keys.sort(null);
    StringBuilder text = new StringBuilder("JSON object with keys [");
    for (int i = 0; i < Math.min(keys.size(), MAX_KEYS_SHOWN); i++) {
      text.append(i > 0 ? ", " : "").append(printable(keys.get(i)));
    }
    if (keys.size() > MAX_KEYS_SHOWN) {
      text.append(", … ").append(keys.size() - MAX_KEYS_SHOWN).append(" more");
    }
    return text.append(']').toString();
  }

  /** Index of the first character that is not a byte order mark or JSON whitespace, or -1. */
  static int firstSignificant(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\uFEFF') {
        return i;
      }
    }
    return -1;
  }

  /** The start of a string, quoted, shortened and with control characters escaped, for messages. */
  static String quoteStart(String text, int from) {
    return '"' + printable(text.substring(from, Math.min(text.length(), from + MAX_TEXT_SHOWN + 1))) + '"';
  }

  /** Text from the data, safe to put in a message: bounded, with control characters escaped. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TEXT_SHOWN + 1));
    int end = Math.min(text.length(), MAX_TEXT_SHOWN);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > MAX_TEXT_SHOWN ? out.append('…').toString() : out.toString();
  }
}
