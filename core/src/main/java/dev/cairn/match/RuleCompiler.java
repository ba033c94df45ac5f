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
import java.util.stream.IntStream;

/**
 * Compiles rules and reports every problem of every rule, each where the user wrote it: a rule read
 * from a file has a {@link RuleSource}, through which a column inside a filter, or a line and column
 * inside a pasted or YAML-written event pattern, becomes a line and column of the file. Warnings
 * (lints) are reported beside errors; only errors stop rules from loading.
 */
final class RuleCompiler {
  /** A rule with its compiled conditions: the event pattern as matched (or null), its tree and guard, the filter (or null). */
  record Compiled(Rule rule, EventPatterns.Checked pattern, PatternGuard guard, FilterPattern filter) {}

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

  /**
   * The rules that compiled; every problem (errors and warnings) is added to {@code problems}, in
   * rule order. Patterns compile on all cores (a thousand rules load in a fraction of the time, most
   * of it spent before the JIT has warmed up); ids are checked and problems reported in order after.
   */
  static List<Compiled> compile(List<Rule> rules, Sources sources, List<RuleProblem> problems) {
    RuleCompiler compiler = new RuleCompiler(sources, problems);
    Prepared[] prepared = new Prepared[rules.size()];
    IntStream.range(0, rules.size()).parallel()
        .forEach(i -> prepared[i] = prepare(rules.get(i), sources.byRule().get(rules.get(i))));
    List<Compiled> compiled = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      Compiled one = compiler.finish(rules.get(i), prepared[i]);
      if (one != null) {
        compiled.add(one);
      }
    }
    return compiled;
  }

  /** What compiling a rule's conditions gives, problems included, before they are reported. */
  private record Prepared(FilterPattern filter, List<Located> problems, EventPatterns.Checked pattern, PatternGuard guard) {}

  private record Located(RuleSource.Position at, String message, boolean warning) {}

  /** Compiles one rule's filter and pattern; touches nothing shared, so rules compile in parallel. */
  private static Prepared prepare(Rule rule, RuleSource source) {
    List<Located> found = new ArrayList<>(0);
    FilterPattern filter = compileFilter(rule, source, found);
    EventPatterns.Checked checked = rule.pattern() == null ? null
        : EventPatterns.compile(rule, (line, column, reason) -> found.add(patternProblem(rule, source, line, column, reason)));
    if (checked == null) {
      return new Prepared(filter, found, null, PatternGuard.NONE);
    }
    return new Prepared(filter, found, checked, PatternGuard.of(checked.tree()));
  }

  private Compiled finish(Rule rule, Prepared prepared) {
    RuleSource source = sources.byRule().get(rule);
    boolean failed = false;
    if (!sources.withoutId().contains(rule)) {
      failed = !checkId(rule, source);
    }
    for (Located problem : prepared.problems()) {
      add(rule, problem.at(), problem.message(), problem.warning());
      failed |= !problem.warning();
    }
    if (rule.pattern() == null && rule.filter() == null && rule.predicate() == null
        && !sources.withBadCondition().contains(rule)) {
      add(rule, at(source, "id"), "has no condition: give a 'pattern', a 'filter', or both", false);
      failed = true;
    }
    boolean badCondition = (rule.pattern() != null && prepared.pattern() == null)
        || (rule.filter() != null && prepared.filter() == null);
    return failed || badCondition ? null
        : new Compiled(rule, prepared.pattern(), prepared.guard(), prepared.filter());
  }

  /** False when the id is malformed or taken. */
  private boolean checkId(Rule rule, RuleSource source) {
    RuleSource.Position at = source == null ? null : source.value("id");
    if (!ID.matcher(rule.id()).matches()) {
      add(rule, at, "id must be 1-128 letters, digits or . _ : - but is '" + rule.id() + "'", false);
      return false;
    }
    Rule first = ids.putIfAbsent(rule.id(), rule);
    if (first != null) {
      String where = first.origin().line() > 0 ? " at " + first.origin() : "";
      add(rule, at, "id is used by another rule already" + where + "; ids must be unique across all rule files", false);
      return false;
    }
    return true;
  }

  private static FilterPattern compileFilter(Rule rule, RuleSource source, List<Located> found) {
    if (rule.filter() == null) {
      return null;
    }
    try {
      FilterPattern filter = FilterPattern.compile(rule.filter());
      for (FilterPattern.Warning warning : filter.warnings()) {
        found.add(new Located(source == null ? null : source.inValue("filter", 1, warning.column()),
            "filter: " + inCode(source, warning.column(), warning.message()), true));
      }
      return filter;
    } catch (InvalidPatternException e) {
      found.add(new Located(source == null ? null : source.inValue("filter", 1, e.column()),
          "filter: " + inCode(source, e.column(), e.reason()), false));
      return null;
    }
  }

  /** For rules built in code there is no file to point into, so the message keeps the column. */
  private static String inCode(RuleSource source, int column, String reason) {
    return source == null && column > 0 ? "column " + column + ": " + reason : reason;
  }

  private static Located patternProblem(Rule rule, RuleSource source, int line, int column, String reason) {
    String message = "pattern: " + hint(rule, source, line, column, reason);
    if (source == null) {
      return new Located(null, line > 0 ? "pattern: line " + line + ", column " + column + ": "
          + hint(rule, null, line, column, reason) : message, false);
    }
    if (line == 0) {
      return new Located(source.value("pattern"), message, false);
    }
    if (source.patternIsYaml()) {
      JsonAt token = tokenAt(rule.pattern(), line, column);
      return new Located(token == null ? source.value("pattern") : source.inPattern(token.pointer(), token.key()),
          message, false);
    }
    return new Located(source.inValue("pattern", line, column), message, false);
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
        if (at.getLineNr() > line || (at.getLineNr() == line && at.getColumnNr() > column)) {
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
