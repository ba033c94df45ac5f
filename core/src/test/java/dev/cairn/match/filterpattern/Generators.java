package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/** Seeded generators of CloudTrail-like events and of valid patterns over the same vocabulary. */
final class Generators {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final List<String> EVENT_NAMES =
      List.of("ConsoleLogin", "CreateTrail", "StopLogging", "PutBucketPolicy", "DisableKey", "AssumeRole");
  static final List<String> SOURCES = List.of("kms.amazonaws.com", "s3.amazonaws.com", "signin.amazonaws.com");
  static final List<String> ERROR_CODES =
      List.of("AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation", "ThrottlingException", "");
  static final List<String> SELECTORS = List.of("$.eventName", "$.eventSource", "$.errorCode",
      "$.userIdentity.type", "$.userIdentity.invokedBy", "$.userIdentity.arn", "$.readOnly", "$.requestParameters",
      "$.requestParameters.port", "$.requestParameters.ratio", "$.responseElements", "$.resources[0].type",
      "$.resources[1].ARN", "$.resources", "$.tags[0]", "$.tags[2]", "$.missing", "$.missing.deeper",
      "$.eventName.deeper", "$.nums[0][1]", "$.additionalEventData.MFAUsed", "$.['eventName']",
      "$['dotted.key']", "$.userIdentity.['type']");
  /** Wildcard selectors; AWS allows three per pattern. */
  static final List<String> WILDCARD_SELECTORS = List.of("$.resources[*].type", "$.tags[*]", "$.userIdentity.*",
      "$.*", "$.nums[*][1]", "$.requestParameters.*", "$.resources.*.ARN");
  static final List<String> WORDS = List.of("ERROR", "WARN", "INFO", "Access", "Denied", "AccessDenied", "user_1",
      "404", "500", "kms", "Login", "café", "ERRORS", "UNAUTHORIZED", "AUTHORIZED");
  static final List<String> REGEXES = List.of("^Access", "Denied$", "[0-9]+", "Log.n", "^[A-Z][a-z]+$", "a|b",
      "kms\\.amazonaws", "[Ee]rror", "^$", "x{2,}");

  private final Random random;
  /** Regexes used so far in the pattern being generated; AWS allows two per pattern. */
  private int regexes;
  /** Wildcard selectors used so far in the pattern being generated. */
  private int wildcards;

  Generators(long seed) {
    this.random = new Random(seed);
  }

  private boolean regexAllowed() {
    return regexes++ < PatternReader.MAX_REGEXES;
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  // ---- events ----------------------------------------------------------------------------------

  ObjectNode event() {
    ObjectNode e = NODES.objectNode();
    e.put("eventVersion", "1.09");
    e.put("eventName", pick(EVENT_NAMES));
    e.put("eventSource", pick(SOURCES));
    if (chance(50)) {
      e.put("errorCode", pick(ERROR_CODES));
    }
    ObjectNode identity = e.putObject("userIdentity");
    identity.put("type", pick(List.of("Root", "IAMUser", "AssumedRole")));
    identity.put("arn", pick(List.of("arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/alice")));
    if (chance(30)) {
      identity.put("invokedBy", chance(50) ? "support.amazonaws.com" : null);
    }
    if (chance(70)) {
      e.put("readOnly", chance(50));
    }
    if (chance(30)) {
      e.putNull("requestParameters");
    } else {
      ObjectNode params = e.putObject("requestParameters");
      if (chance(70)) {
        params.put("port", pick(List.of(22, 80, 443, -1, 0)));
      } else if (chance(50)) {
        params.put("port", pick(List.of("22", "abc")));
      }
      if (chance(60)) {
        params.put("ratio", pick(List.of(0.5, 1.0, 0.001, 2.25, 1000.0)));
      }
    }
    if (chance(50)) {
      e.putNull("responseElements");
    }
    if (chance(60)) {
      ArrayNode resources = e.putArray("resources");
      for (int i = random.nextInt(3); i >= 0; i--) {
        resources.addObject().put("type", pick(List.of("AWS::S3::Bucket", "AWS::KMS::Key"))).put("ARN", "arn:aws:s3:::b" + i);
      }
    }
    if (chance(50)) {
      ArrayNode tags = e.putArray("tags");
      for (int i = random.nextInt(4); i >= 0; i--) {
        tags.add(pick(List.of("prod", "dev", "x&&y", "(paren)")));
      }
    }
    if (chance(40)) {
      e.putArray("nums").addArray().add(1).add(pick(List.of(2, 7)));
    }
    if (chance(40)) {
      e.putObject("additionalEventData").put("MFAUsed", pick(List.of("Yes", "No")));
    }
    if (chance(30)) {
      e.put("dotted.key", pick(List.of("prod", "22")));
    }
    return e;
  }

  // ---- JSON patterns ---------------------------------------------------------------------------

  String jsonPattern() {
    regexes = 0;
    wildcards = 0;
    return "{" + space() + expression(0) + space() + "}";
  }

  private String expression(int depth) {
    int parts = depth >= 3 ? 1 : 1 + random.nextInt(3);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        out.append(space()).append(chance(50) ? "&&" : "||").append(space());
      }
      out.append(chance(25) && depth < 3 ? "(" + space() + expression(depth + 1) + space() + ")" : comparison());
    }
    return out.toString();
  }

  private String comparison() {
    String selector = chance(20) && wildcards++ < PatternReader.MAX_WILDCARD_SELECTORS
        ? pick(WILDCARD_SELECTORS) : pick(SELECTORS);
    int kind = random.nextInt(10);
    return switch (kind) {
      case 0 -> selector + " " + pick(List.of("IS NULL", "IS TRUE", "IS FALSE", "NOT EXISTS", "NOT  EXISTS"));
      case 1, 2 -> selector + space() + pick(List.of("=", "!=", "<", "<=", ">", ">=")) + space() + number();
      default -> selector + space() + pick(List.of("=", "!=")) + space() + stringValue();
    };
  }

  private String number() {
    return pick(List.of("22", "80", "443", "-1", "0", "+0", "0.5", "1e-3", "1E3", "2.25", "1000", "7", "2", "22.0"));
  }

  private String stringValue() {
    String base = pick(List.of(pick(EVENT_NAMES), pick(SOURCES), pick(ERROR_CODES), "Root", "IAMUser", "Yes",
        "prod", "x&&y", "(paren)", "arn:aws:iam::123456789012:root", "AWS::S3::Bucket", "22", "true", "null"));
    if (chance(15) && regexAllowed()) {
      return "%" + pick(REGEXES) + "%";
    }
    String value = wildcard(base);
    boolean needsQuotes = value.isEmpty() || value.matches(".*[\\s(){}\"].*") || value.contains("&&")
        || value.contains("||") || value.matches("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?") || value.startsWith("%")
        || "=!<>".indexOf(value.charAt(0)) >= 0;
    return needsQuotes || chance(40) ? "\"" + value + "\"" : value;
  }

  private String wildcard(String base) {
    if (base.length() < 2 || !chance(40)) {
      return chance(5) ? "*" : base;
    }
    int cut = 1 + random.nextInt(base.length() - 1);
    return switch (random.nextInt(4)) {
      case 0 -> base.substring(0, cut) + "*";
      case 1 -> "*" + base.substring(cut);
      case 2 -> "*" + base.substring(Math.min(cut, base.length() - 1), Math.min(cut + 2, base.length())) + "*";
      default -> base.substring(0, cut) + "*" + base.substring(Math.min(base.length(), cut + random.nextInt(2)));
    };
  }

  private String space() {
    return pick(List.of("", " ", " ", "  "));
  }

  // ---- text terms ------------------------------------------------------------------------------

  String message() {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(6); i >= 0; i--) {
      out.append(pick(WORDS)).append(pick(List.of(" ", ": ", "-", " [", "] ", ".", "_")));
    }
    return out.toString();
  }

  String textPattern() {
    regexes = 0;
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(4); i >= 0; i--) {
      out.append(pick(List.of("", "", "?", "-")));
      int kind = random.nextInt(10);
      if (kind < 6) {
        out.append(pick(WORDS));
      } else if (kind < 9 || !regexAllowed()) {
        out.append('"').append(pick(List.of("ERROR: ", "Access", "R ", " ", "Denied.", "café"))).append('"');
      } else {
        out.append('%').append(pick(REGEXES)).append('%');
      }
      out.append(pick(List.of(" ", "  ")));
    }
    return out.toString();
  }

  // ---- space-delimited -------------------------------------------------------------------------

  String logLine() {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(7); i >= 0; i--) {
      out.append(pick(List.of("127.0.0.1", "Prod", "frank", "[10/Oct/2000:13:25:15 -0700]", "\"GET /a.html\"",
          "404", "410", "1534", "-", "7.5", "ERROR"))).append(pick(List.of(" ", "  ")));
    }
    return out.toString();
  }

  String spacePattern() {
    regexes = 0;
    int slots = 1 + random.nextInt(6);
    int ellipsis = chance(40) ? random.nextInt(slots) : -1;
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < slots; i++) {
      if (i > 0) {
        out.append(pick(List.of(",", ", ")));
      }
      if (i == ellipsis) {
        out.append("...");
        continue;
      }
      String name = "f" + i;
      out.append(name);
      if (chance(50)) {
        for (int c = random.nextInt(3); c >= 0; c--) {
          String op = pick(List.of("=", " = ", "!=", " > ", "<="));
          out.append(op).append(op.contains("=") && !op.contains("<") ? fieldValue() : pick(List.of("404", "1000", "7.5")));
          if (c > 0) {
            out.append(pick(List.of(" && ", " || ", "||"))).append(name);
          }
        }
      }
    }
    return out.append(']').toString();
  }

  private String fieldValue() {
    String value = pick(List.of("404", "1000", "7.5", "ERROR", "Prod", "4*", "*.html*", "\"GET /a.html\"",
        "127.*", "%^[0-9]+$%", "\"-\"", "*", "\"10/Oct/2000:13:25:15 -0700\""));
    return value.startsWith("%") && !regexAllowed() ? "Prod" : value;
  }
}
