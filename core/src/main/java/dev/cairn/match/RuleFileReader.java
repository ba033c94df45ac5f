package dev.cairn.match;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a YAML rule file, keeping where every key and value of every rule is, so problems can point
 * at them. A rule with problems is still returned (with what could be read) so that its pattern and
 * filter are checked too: every problem of every rule is reported at once.
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
  private static final YAMLFactory FACTORY = new YAMLMapper().getFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> KEYS = List.of("id", "description", "severity", "pattern", "filter", "notify",
      "template", "group");
  /** Keys for the alerting stage, kept as written (see {@link Rule#actions()}). */
  private static final List<String> ACTIONS = List.of("notify", "template", "group");

  /**
   * What a file holds.
   *
   * @param rules the rules, in file order, including those with problems
   * @param sources where each rule's parts are (by identity)
   * @param withoutId rules whose id is missing (named "?"); their id is not checked again
   * @param withBadCondition rules with a pattern or filter that could not be read; not reported as
   *     having no condition
   */
  record Result(List<Rule> rules, IdentityHashMap<Rule, RuleSource> sources, Set<Rule> withoutId,
      Set<Rule> withBadCondition) {
    static Result empty() {
      return new Result(List.of(), new IdentityHashMap<>(), Set.of(), Set.of());
    }
  }

  private final String file;
  private final List<RuleProblem> problems;
  private final List<String> lines;
  private final List<Rule> rules = new ArrayList<>();
  private final IdentityHashMap<Rule, RuleSource> sources = new IdentityHashMap<>();
  private final Set<Rule> withoutId = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Rule> withBadCondition = Collections.newSetFromMap(new IdentityHashMap<>());

  private RuleFileReader(String file, List<RuleProblem> problems, List<String> lines) {
    this.file = file;
    this.problems = problems;
    this.lines = lines;
  }

  /** The rules of one file; problems are added to {@code problems}, never thrown. */
  static Result read(Path path, List<RuleProblem> problems) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(path.toString(), in, problems);
    } catch (NoSuchFileException e) {
      problems.add(new RuleProblem(path.toString(), 0, 0, null, "no such file"));
    } catch (IOException e) {
      problems.add(new RuleProblem(path.toString(), 0, 0, null, "cannot be read: " + e.getMessage()));
    }
    return Result.empty();
  }

  /** The rules of one YAML document named {@code name} (for messages); does not close {@code in}. */
  static Result read(String name, InputStream in, List<RuleProblem> problems) {
    String text;
    try {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(new RuleProblem(name, 0, 0, null, "cannot be read: " + e.getMessage()));
      return Result.empty();
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    RuleFileReader reader = new RuleFileReader(name, problems, new Lines(text));
    try (JsonParser parser = FACTORY.createParser(text)) {
      reader.readDocument(parser);
    } catch (JsonProcessingException e) {
      // The rules read before the error may be cut short: report the YAML problem alone.
      YamlErrors.Explained why = YamlErrors.explain(e);
      List<String> lines = reader.lines;
      boolean pastEnd = why.line() > lines.size() && !lines.isEmpty(); // "end of stream": the last line's end
      int line = pastEnd ? lines.size() : why.line();
      int column = pastEnd ? lines.get(lines.size() - 1).length() + 1 : why.column();
      problems.add(new RuleProblem(name, line, column, null, why.message()));
      return Result.empty();
    } catch (IOException e) {
      problems.add(new RuleProblem(name, 0, 0, null, "cannot be read: " + e.getMessage()));
    }
    return new Result(List.copyOf(reader.rules), reader.sources, reader.withoutId, reader.withBadCondition);
  }

  private void readDocument(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      problem((JsonLocation) null, null, "is empty: expected a 'rules:' list");
      return;
    }
    if (token != JsonToken.START_OBJECT) {
      problem(parser.currentTokenLocation(), null, "expected a mapping with a 'rules:' list at the top");
      return;
    }
    boolean sawRules = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation at = parser.currentTokenLocation();
      JsonToken value = parser.nextToken();
      boolean looksLikeRules = value == JsonToken.START_ARRAY && (Names.closeTo(key, "rules") || key.equals("rule"));
      if (key.equals("rules") && value == JsonToken.START_ARRAY) {
        sawRules = true;
        readRules(parser);
      } else if (key.equals("rules")) {
        problem(at, null, "'rules' must be a list of rules, each starting with '- id: ...'");
        parser.skipChildren();
      } else if (looksLikeRules) {
        // Report the typo, and check the rules under it all the same.
        problem(at, null, "unknown key '" + key + "': did you mean 'rules:'?");
        sawRules = true;
        readRules(parser);
      } else {
        problem(at, null, "unknown key '" + key + "' (expected 'rules')");
        parser.skipChildren();
      }
    }
    if (!sawRules) {
      problem((JsonLocation) null, null, "has no 'rules:' list");
    }
  }

  private void readRules(JsonParser parser) throws IOException {
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      JsonLocation at = parser.currentTokenLocation();
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        problem(at, null, "each rule must be a mapping with 'id' and a 'pattern' or 'filter'");
        parser.skipChildren();
        continue;
      }
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      Map<String, JsonLocation> keys = new HashMap<>();
      Map<String, JsonLocation> values = new HashMap<>();
      Map<String, JsonLocation> patternKeys = new HashMap<>();
      Map<String, JsonLocation> patternValues = new HashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        keys.put(key, parser.currentTokenLocation());
        parser.nextToken();
        values.put(key, parser.currentTokenLocation());
        boolean pattern = key.equals("pattern");
        fields.put(key, tree(parser, "", pattern ? patternKeys : new HashMap<>(),
            pattern ? patternValues : new HashMap<>()));
      }
      JsonNode pattern = fields.get("pattern");
      toRule(at, fields, new RuleSource(lines, keys, values, pattern != null && pattern.isObject(), patternKeys,
          patternValues));
    }
  }

  /**
   * The value at the parser as a JSON tree, noting where each key and value of it is, by JSON
   * pointer relative to the rule's key ({@code pointer} is the value's own). Pointers are built
   * along the way: asking the parser for each one's path was about 6 % of reading a large file.
   */
  private static JsonNode tree(JsonParser parser, String pointer, Map<String, JsonLocation> keys,
      Map<String, JsonLocation> values) throws IOException {
    values.putIfAbsent(pointer, parser.currentTokenLocation());
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String member = pointer + "/" + escaped(name);
          keys.put(member, parser.currentTokenLocation());
          parser.nextToken();
          object.set(name, tree(parser, member, keys, values));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(tree(parser, pointer + "/" + array.size(), keys, values));
        }
        return array;
      }
      default -> {
        return scalar(parser);
      }
    }
  }

  /** A name as a JSON pointer step (RFC 6901): {@code ~} as {@code ~0}, {@code /} as {@code ~1}, as Jackson writes it. */
  private static String escaped(String name) {
    return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
  }

  private static JsonNode scalar(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      default -> NODES.nullNode();
    };
  }

  private void toRule(JsonLocation at, Map<String, JsonNode> fields, RuleSource source) {
    JsonNode idNode = fields.get("id");
    String id = idNode != null && idNode.isValueNode() && !idNode.isNull() ? idNode.asText() : null;
    if (id == null) {
      problem(at, null, idNode == null ? "missing 'id'" : "id: expected text but found " + describe(idNode));
    }
    boolean badCondition = false;
    for (String key : fields.keySet()) {
      if (!KEYS.contains(key)) {
        Optional<String> meant = KEYS.stream().filter(k -> Names.closeTo(key, k)).findFirst();
        problem(source.key(key), id, "unknown key '" + key + "'" + meant.map(k -> ": did you mean '" + k + "'?")
            .orElse(" (expected one of " + String.join(", ", KEYS) + ")"));
        // A misspelt pattern or filter: "has no condition" would only repeat it.
        badCondition |= meant.filter(k -> k.equals("pattern") || k.equals("filter")).isPresent();
      }
    }
    Rule.Builder rule = Rule.builder(id == null ? "?" : id)
        .origin(new Rule.Origin(file, at.getLineNr(), at.getColumnNr()));
    text(fields, source, "description", id).ifPresent(rule::description);
    text(fields, source, "severity", id).ifPresent(s -> severity(rule, s, source, id));
    if (fields.containsKey("filter")) {
      Optional<String> filter = text(fields, source, "filter", id);
      filter.ifPresent(rule::filter);
      badCondition = filter.isEmpty();
    }
    if (fields.containsKey("pattern") && !pattern(rule, fields.get("pattern"), source, id)) {
      badCondition = true;
    }
    for (String key : ACTIONS) {
      if (fields.containsKey(key)) {
        rule.action(key, fields.get(key));
      }
    }
    Rule built = rule.build();
    rules.add(built);
    sources.put(built, source);
    if (id == null) {
      withoutId.add(built);
    }
    if (badCondition) {
      withBadCondition.add(built);
    }
  }

  private Optional<String> text(Map<String, JsonNode> fields, RuleSource source, String key, String id) {
    JsonNode node = fields.get(key);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      String hint = key.equals("filter") ? "; quote the filter pattern: filter: '{ $.eventName = X }'" : "";
      problem(source.value(key), id, key + ": expected text but found " + describe(node) + hint);
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  private void severity(Rule.Builder rule, String text, RuleSource source, String id) {
    Severity severity = Severity.parse(text);
    if (severity == null) {
      problem(source.value("severity"), id, "severity: expected info, low, medium, high or critical but found '" + text + "'");
    } else {
      rule.severity(severity);
    }
  }

  /** A pattern may be written as YAML (a mapping) or pasted as JSON text; false when it is neither. */
  private boolean pattern(Rule.Builder rule, JsonNode node, RuleSource source, String id) {
    if (node.isObject()) {
      rule.pattern(node.toString());
      return true;
    }
    if (node.isTextual()) {
      rule.pattern(node.textValue());
      return true;
    }
    problem(source.value("pattern"), id,
        "pattern: expected an event pattern (a mapping, or JSON text) but found " + describe(node));
    return false;
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

  /**
   * The file's lines, split when first asked for: only a problem's position needs them, and
   * splitting a large file up front was a cost every load paid. Thread-safe: rules compile in
   * parallel and may report warnings at once.
   */
  private static final class Lines extends AbstractList<String> {
    private final String text;
    private List<String> split;

    Lines(String text) {
      this.text = text;
    }

    private synchronized List<String> split() {
      if (split == null) {
        split = text.lines().toList();
      }
      return split;
    }

    @Override
    public String get(int index) {
      return split().get(index);
    }

    @Override
    public int size() {
      return split().size();
    }
  }

  private void problem(JsonLocation at, String id, String message) {
    int line = at == null ? 0 : Math.max(0, at.getLineNr());
    int column = at == null ? 0 : Math.max(0, at.getColumnNr());
    problems.add(new RuleProblem(file, line, column, id, message));
  }

  private void problem(RuleSource.Position at, String id, String message) {
    problems.add(new RuleProblem(file, at.line(), at.column(), id, message));
  }
}
