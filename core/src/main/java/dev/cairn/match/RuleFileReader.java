package dev.cairn.match;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a YAML rule file, keeping the line and column of every rule so problems can point at it.
 *
 * <pre>
 * rules:
 *   - id: root-activity
 *     severity: critical
 *     filter: '{ $.userIdentity.type = "Root" }'
 *   - id: trail-stopped
 *     pattern: {source: [aws.cloudtrail], detail: {eventName: [StopLogging]}}
 * </pre>
 */
final class RuleFileReader {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final YAMLFactory FACTORY = YAML.getFactory();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KEYS = List.of("id", "description", "severity", "pattern", "filter");

  private final String file;
  private final List<RuleProblem> problems;

  private RuleFileReader(String file, List<RuleProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** The rules of one file; problems are added to {@code problems}, never thrown. */
  static List<Rule> read(Path path, List<RuleProblem> problems) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(path.toString(), in, problems);
    } catch (NoSuchFileException e) {
      problems.add(new RuleProblem(path.toString(), 0, 0, null, "no such file"));
    } catch (IOException e) {
      problems.add(new RuleProblem(path.toString(), 0, 0, null, "cannot be read: " + e.getMessage()));
    }
    return List.of();
  }

  /** The rules of one YAML document named {@code name} (for messages); does not close {@code in}. */
  static List<Rule> read(String name, InputStream in, List<RuleProblem> problems) {
    RuleFileReader reader = new RuleFileReader(name, problems);
    try (JsonParser parser = FACTORY.createParser(in)) {
      parser.setCodec(YAML);
      return reader.readDocument(parser);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      reader.problem(at, null, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      reader.problem(null, null, "cannot be read: " + e.getMessage());
    }
    return List.of();
  }

  private List<Rule> readDocument(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token != JsonToken.START_OBJECT) {
      problem(parser.currentTokenLocation(), null, "expected a mapping with a 'rules:' list at the top");
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    boolean sawRules = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation at = parser.currentTokenLocation();
      JsonToken value = parser.nextToken();
      if (!key.equals("rules")) {
        problem(at, null, "unknown key '" + key + "' (expected 'rules')");
        parser.skipChildren();
      } else if (value != JsonToken.START_ARRAY) {
        problem(at, null, "'rules' must be a list of rules");
        parser.skipChildren();
      } else {
        sawRules = true;
        readRules(parser, rules);
      }
    }
    if (!sawRules) {
      problem(null, null, "has no 'rules:' list");
    }
    return rules;
  }

  private void readRules(JsonParser parser, List<Rule> rules) throws IOException {
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      JsonLocation at = parser.currentTokenLocation();
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        problem(at, null, "each rule must be a mapping with 'id' and a 'pattern' or 'filter'");
        parser.skipChildren();
        continue;
      }
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      Map<String, JsonLocation> keyPositions = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        keyPositions.put(key, parser.currentTokenLocation());
        parser.nextToken();
        fields.put(key, parser.readValueAsTree());
      }
      Rule rule = toRule(at, fields, keyPositions);
      if (rule != null) {
        rules.add(rule);
      }
    }
  }

  private Rule toRule(JsonLocation at, Map<String, JsonNode> fields, Map<String, JsonLocation> keys) {
    int before = problems.size();
    JsonNode idNode = fields.get("id");
    String id = idNode != null && idNode.isValueNode() && !idNode.isNull() ? idNode.asText() : null;
    if (id == null) {
      problem(at, null, "missing 'id'");
    }
    for (String key : fields.keySet()) {
      if (!KEYS.contains(key)) {
        problem(keys.get(key), id, "unknown key '" + key + "' (expected one of " + String.join(", ", KEYS) + ")");
      }
    }
    Rule.Builder rule = Rule.builder(id == null ? "?" : id)
        .origin(new Rule.Origin(file, at.getLineNr(), at.getColumnNr()));
    text(fields, keys, "description", id).ifPresent(rule::description);
    text(fields, keys, "severity", id).ifPresent(s -> severity(rule, s, keys.get("severity"), id));
    text(fields, keys, "filter", id).ifPresent(rule::filter);
    if (fields.containsKey("pattern")) {
      pattern(rule, fields.get("pattern"), keys.get("pattern"), id);
    }
    return problems.size() == before ? rule.build() : null;
  }

  private Optional<String> text(
      Map<String, JsonNode> fields, Map<String, JsonLocation> keys, String key, String id) {
    JsonNode node = fields.get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      String hint = key.equals("filter") ? "; quote the filter pattern: filter: '{ $.eventName = X }'" : "";
      problem(keys.get(key), id, key + ": expected text but found " + describe(node) + hint);
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  private void severity(Rule.Builder rule, String text, JsonLocation at, String id) {
    Severity severity = Severity.parse(text);
    if (severity == null) {
      problem(at, id, "severity: expected info, low, medium, high or critical but found '" + text + "'");
    } else {
      rule.severity(severity);
    }
  }

  /** A pattern may be written as YAML (a mapping) or pasted as JSON text. */
  private void pattern(Rule.Builder rule, JsonNode node, JsonLocation at, String id) {
    if (node.isObject()) {
      try {
        rule.pattern(JSON.writeValueAsString(node));
      } catch (JsonProcessingException e) {
        problem(at, id, "pattern: " + e.getOriginalMessage());
      }
    } else if (node.isTextual()) {
      rule.pattern(node.textValue());
    } else {
      problem(at, id, "pattern: expected an event pattern (a mapping, or JSON text) but found " + describe(node));
    }
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "nothing";
      default -> "'" + node.asText() + "'";
    };
  }

  private void problem(JsonLocation at, String id, String message) {
    int line = at == null ? 0 : Math.max(0, at.getLineNr());
    int column = at == null ? 0 : Math.max(0, at.getColumnNr());
    problems.add(new RuleProblem(file, line, column, id, message));
  }
}
