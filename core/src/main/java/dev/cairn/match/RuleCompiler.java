package dev.cairn.match;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.match.filterpattern.FilterPattern;
import dev.cairn.match.filterpattern.InvalidPatternException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles rules and reports every problem of every rule, each where the user wrote it: a rule read
 * from a file has a {@link RuleSource}, through which a column inside a filter, or a line and column
 * inside a pasted or YAML-written event pattern, becomes a line and column of the file. Warnings
 * (lints) are reported beside errors; only errors stop rules from loading.
 */
final class RuleCompiler {
  /** A rule with its compiled conditions: the event pattern as matched (or null), its tree and guard, the filter (or null). */
  record Compiled(Rule rule, String pattern, JsonNode tree, PatternGuard guard, FilterPattern filter) {}

  /** Where rules from files came from; empty for rules built in code. */
  record Sources(Map<Rule, RuleSource> byRule, Set<Rule> withoutId, Set<Rule> withBadCondition) {
    static final Sources NONE = new Sources(Map.of(), Set.of(), Set.of());
  }

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern SCALAR_LEAF = Pattern.compile("^\"([^\"]+)\" must be an object or an array");
  private static final JsonFactory JSON = new JsonFactory();

  private final Sources sources;
  private final List<RuleProblem> problems;
  private final Map<String, Rule> ids = new HashMap<>();

  private RuleCompiler(Sources sources, List<RuleProblem> problems) {
    this.sources = sources;
    this.problems = problems;
  }

  /** The rules that compiled; every problem (errors and warnings) is added to {@code problems}. */
  static List<Compiled> compile(List<Rule> rules, Sources sources, List<RuleProblem> problems) {
    RuleCompiler compiler = new RuleCompiler(sources, problems);
    List<Compiled> compiled = new ArrayList<>(rules.size());
    for (Rule rule : rules) {
      Compiled one = compiler.compile(rule);
      if (one != null) {
        compiled.add(one);
      }
    }
    return compiled;
  }

  private Compiled compile(Rule rule) {
    long errorsBefore = errors();
    RuleSource source = sources.byRule().get(rule);
    if (!sources.withoutId().contains(rule)) {
      checkId(rule, source);
    }
    FilterPattern filter = compileFilter(rule, source);
    String pattern = rule.pattern() == null ? null
        : EventPatterns.compile(rule, (line, column, reason) -> patternProblem(rule, source, line, column, reason));
    if (rule.pattern() == null && rule.filter() == null && rule.predicate() == null
        && !sources.withBadCondition().contains(rule)) {
      add(rule, at(source, "id"), "has no condition: give a 'pattern', a 'filter', or both", false);
    }
    if (errors() != errorsBefore) {
      return null;
    }
    JsonNode tree = pattern == null ? null : EventPatterns.tree(pattern);
    return new Compiled(rule, pattern, tree, tree == null ? PatternGuard.NONE : PatternGuard.of(tree), filter);
  }

  private long errors() {
    return problems.stream().filter(p -> !p.warning()).count();
  }

  private void checkId(Rule rule, RuleSource source) {
    RuleSource.Position at = source == null ? null : source.value("id");
    if (!ID.matcher(rule.id()).matches()) {
      add(rule, at, "id must be 1-128 letters, digits or . _ : - but is '" + rule.id() + "'", false);
      return;
    }
    Rule first = ids.putIfAbsent(rule.id(), rule);
    if (first != null) {
      String where = first.origin().line() > 0 ? " at " + first.origin() : "";
      add(rule, at, "id is used by another rule already" + where + "; ids must be unique across all rule files", false);
    }
  }

  private FilterPattern compileFilter(Rule rule, RuleSource source) {
    if (rule.filter() == null) {
      return null;
    }
    try {
      FilterPattern filter = FilterPattern.compile(rule.filter());
      for (FilterPattern.Warning warning : filter.warnings()) {
        add(rule, source == null ? null : source.inValue("filter", 1, warning.column()),
            "filter: " + inCode(source, warning.column(), warning.message()), true);
      }
      return filter;
    } catch (InvalidPatternException e) {
      add(rule, source == null ? null : source.inValue("filter", 1, e.column()),
          "filter: " + inCode(source, e.column(), e.reason()), false);
      return null;
    }
  }

  /** For rules built in code there is no file to point into, so the message keeps the column. */
  private static String inCode(RuleSource source, int column, String reason) {
    return source == null && column > 0 ? "column " + column + ": " + reason : reason;
  }

  private void patternProblem(Rule rule, RuleSource source, int line, int column, String reason) {
    String message = "pattern: " + hint(rule, source, line, column, reason);
    if (source == null) {
      add(rule, null, line > 0 ? "pattern: line " + line + ", column " + column + ": "
          + hint(rule, null, line, column, reason) : message, false);
    } else if (line == 0) {
      add(rule, source.value("pattern"), message, false);
    } else if (source.patternIsYaml()) {
      JsonAt token = tokenAt(rule.pattern(), line, column);
      add(rule, token == null ? source.value("pattern") : source.inPattern(token.pointer(), token.key()), message, false);
    } else {
      add(rule, source.inValue("pattern", line, column), message, false);
    }
  }

  /**
   * event-ruler's {@code "eventName" must be an object or an array} for {@code "eventName":
   * "ConsoleLogin"}, with what to write instead: values to match go in a list.
   */
  private static String hint(Rule rule, RuleSource source, int line, int column, String reason) {
    Matcher scalar = SCALAR_LEAF.matcher(reason);
    if (!scalar.find()) {
      return reason;
    }
    String name = scalar.group(1);
    JsonAt token = tokenAt(rule.pattern(), line, column);
    String value = token == null ? null : token.text();
    if (value == null) {
      return reason + ": the values to match go in a list";
    }
    boolean yaml = source != null && source.patternIsYaml();
    return reason + ": the values to match go in a list; write "
        + (yaml ? name + ": [" + value + "]" : "\"" + name + "\": [" + token.json() + "]");
  }

  /** The JSON token of {@code json} at or just before a position, with its pointer. */
  record JsonAt(String pointer, boolean key, String text, String json) {}

  static JsonAt tokenAt(String json, int line, int column) {
    JsonAt last = null;
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        JsonLocation at = parser.currentTokenLocation();
        if (at.getLineNr() > line || at.getLineNr() == line && at.getColumnNr() > column) {
          break;
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        boolean scalar = token.isScalarValue();
        String text = scalar ? parser.getText() : null;
        String asJson = token == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
        last = new JsonAt(pointer, token == JsonToken.FIELD_NAME, scalar ? text : null, asJson);
      }
    } catch (IOException e) {
      // An invalid pattern: keep the last token read before the error.
    }
    return last;
  }

  private static RuleSource.Position at(RuleSource source, String key) {
    return source == null ? null : source.key(key);
  }

  private void add(Rule rule, RuleSource.Position at, String message, boolean warning) {
    Rule.Origin origin = rule.origin();
    boolean located = at != null && at.line() > 0;
    String id = sources.withoutId().contains(rule) ? null : rule.id();
    problems.add(new RuleProblem(origin.file(), located ? at.line() : origin.line(), located ? at.column() : origin.column(),
        id, message, warning));
  }
}
