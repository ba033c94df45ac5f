package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.match.filterpattern.FilterPattern;
import dev.cairn.match.filterpattern.InvalidPatternException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compiled, immutable set of rules. {@link #match} is thread-safe and lock-free: compile once,
 * share everywhere.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.load(List.of(Path.of("rules/cis-aws-foundations.yaml")));
 * for (Rule hit : rules.match(event)) { ... }
 * }</pre>
 */
public final class RuleSet {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final List<Rule> rules;
  private final CompiledRule[] compiled;
  private final RuleIndex index;
  private final RecordFields fields;

  private RuleSet(List<Rule> rules, List<CompiledRule> compiled) {
    this.rules = List.copyOf(rules);
    this.compiled = compiled.toArray(new CompiledRule[0]);
    this.index = RuleIndex.build(compiled.stream().map(CompiledRule::rule).toList(),
        compiled.stream().map(CompiledRule::pattern).toList(), compiled.stream().map(CompiledRule::tree).toList(),
        compiled.stream().map(CompiledRule::filter).toList(), compiled.stream().map(CompiledRule::guard).toList());
    this.fields = fieldsRead(compiled);
  }

  /** An empty set: matches nothing. */
  public static RuleSet empty() {
    return new RuleSet(List.of(), List.of());
  }

  /**
   * Compiles the rules.
   *
   * @throws InvalidRulesException with every problem found (bad ids, duplicates, patterns that do
   *     not compile), not just the first
   */
  public static RuleSet of(Collection<Rule> rules) throws InvalidRulesException {
    List<RuleProblem> problems = new ArrayList<>();
    return compileOrThrow(List.copyOf(rules), problems);
  }

  /**
   * Loads and compiles YAML rule files (a list under {@code rules:}).
   *
   * @throws InvalidRulesException with every problem in every file (including unreadable files)
   */
  public static RuleSet load(Collection<Path> files) throws InvalidRulesException {
    List<RuleProblem> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    for (Path file : files) {
      rules.addAll(RuleFileReader.read(file, problems));
    }
    return compileOrThrow(rules, problems);
  }

  /**
   * Loads and compiles one YAML rule document from a stream (a bundled rule pack, say); {@code name}
   * is used in messages. Does not close the stream.
   *
   * @throws InvalidRulesException with every problem found
   */
  public static RuleSet load(String name, InputStream yaml) throws InvalidRulesException {
    List<RuleProblem> problems = new ArrayList<>();
    List<Rule> rules = RuleFileReader.read(name, yaml, problems);
    return compileOrThrow(rules, problems);
  }

  /** Checks rule files and returns every problem found; empty when all are valid. */
  public static List<RuleProblem> validate(Collection<Path> files) {
    try {
      load(files);
      return List.of();
    } catch (InvalidRulesException e) {
      return e.problems();
    }
  }

  /** The rules, in definition order. */
  public List<Rule> rules() {
    return rules;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * The record fields these rules read, for {@link dev.cairn.decode.EventDecoder#withRecordFields}:
   * the selectors of filter patterns, the {@code detail} fields of event patterns, and the core
   * fields. {@link RecordFields#ALL} when any rule reads the whole record: a Java predicate, a
   * text-term or space-delimited filter pattern, or an event pattern on {@code detail} itself.
   */
  public RecordFields fields() {
    return fields;
  }

  private static RecordFields fieldsRead(List<CompiledRule> compiled) {
    List<List<String>> paths = new ArrayList<>();
    for (CompiledRule c : compiled) {
      Optional<List<List<String>>> filterPaths = c.filter() == null ? Optional.of(List.of()) : c.filter().fieldPaths();
      Optional<List<List<String>>> patternPaths =
          c.tree() == null ? Optional.of(List.of()) : EventPatterns.recordPaths(c.tree());
      if (c.rule().predicate() != null || filterPaths.isEmpty() || patternPaths.isEmpty()) {
        return RecordFields.ALL;
      }
      paths.addAll(filterPaths.get());
      paths.addAll(patternPaths.get());
    }
    return RecordFields.of(paths);
  }

  /**
   * The rules the event matches, in definition order; empty when none. Only the rules that {@link
   * RuleIndex} finds for the event's name and source are tried, and its EventBridge envelope is
   * built only when one of those has an event pattern.
   */
  public List<Rule> match(CloudTrailEvent event) {
    JsonNode record = event.record(fields);
    RuleIndex.Bucket[] buckets = index.lookup(event, record);
    return buckets == null ? matchWithoutIndex(event) : match(event, record, buckets, true);
  }

  /**
   * {@link #match} the plain way: every rule tried, event patterns on the whole envelope. What the
   * index and the detail slices must always agree with.
   */
  List<Rule> matchWithoutIndex(CloudTrailEvent event) {
    return match(event, event.record(fields), index.everything(), false);
  }

  private List<Rule> match(CloudTrailEvent event, JsonNode record, RuleIndex.Bucket[] buckets, boolean fast) {
    List<Rule> hits = null;
    List<Integer> patternHits = null;
    JsonNode detail = event.isCloudTrail() ? record : record.get("detail");
    for (int position : RuleIndex.positions(buckets)) {
      CompiledRule rule = compiled[position];
      if (rule.pattern() != null) {
        if (fast && !rule.guard().mayMatch(detail)) {
          continue;
        }
        if (patternHits == null) {
          patternHits = fast ? fastPatternHits(event, detail, buckets) : patternHits(event.envelope(fields), buckets);
        }
        if (!patternHits.contains(position)) {
          continue;
        }
      }
      if (rule.filter() != null && !rule.filter().matches(record, event::recordJson)) {
        continue;
      }
      if (rule.rule().predicate() != null && !rule.rule().predicate().test(event)) {
        continue;
      }
      if (hits == null) {
        hits = new ArrayList<>(2);
      }
      hits.add(rule.rule());
    }
    return hits == null ? List.of() : hits;
  }

  /**
   * Pattern hits the cheap way: only buckets with a pattern whose {@link PatternGuard} passes go to
   * event-ruler, with an envelope built once and holding only the part of the record their patterns
   * read, so event-ruler walks a few fields instead of the whole record (or nothing is built).
   */
  private static List<Integer> fastPatternHits(CloudTrailEvent event, JsonNode detail, RuleIndex.Bucket[] buckets) {
    RuleIndex.Bucket[] worth = buckets;
    int n = 0;
    DetailSlice reads = DetailSlice.NOTHING;
    for (RuleIndex.Bucket bucket : buckets) {
      if (bucket.patternsMayMatch(detail)) {
        reads = reads.and(bucket.reads());
        n++;
      }
    }
    if (n == 0) {
      return List.of();
    }
    if (n < buckets.length) {
      worth = new RuleIndex.Bucket[n];
      n = 0;
      for (RuleIndex.Bucket bucket : buckets) {
        if (bucket.patternsMayMatch(detail)) {
          worth[n++] = bucket;
        }
      }
    }
    return patternHits(event.envelopeWithDetail(reads.cut(detail)), worth);
  }

  /** Positions of the buckets' rules whose event pattern the envelope matches. */
  private static List<Integer> patternHits(JsonNode envelope, RuleIndex.Bucket[] buckets) {
    List<Integer> hits = null;
    for (RuleIndex.Bucket bucket : buckets) {
      List<Integer> found = bucket.patterns().matches(envelope);
      if (!found.isEmpty()) {
        if (hits == null) {
          hits = found;
        } else {
          hits = new ArrayList<>(hits);
          hits.addAll(found);
        }
      }
    }
    return hits == null ? List.of() : hits;
  }

  /** Compiles, then reports every problem found so far (reading and compiling) at once. */
  private static RuleSet compileOrThrow(List<Rule> rules, List<RuleProblem> problems) throws InvalidRulesException {
    RuleSet set = compile(rules, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRulesException(problems);
    }
    return set;
  }

  private static RuleSet compile(List<Rule> rules, List<RuleProblem> problems) {
    List<CompiledRule> compiled = new ArrayList<>(rules.size());
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      int before = problems.size();
      checkId(rule, ids, problems);
      FilterPattern filter = compileFilter(rule, problems);
      String pattern = rule.pattern() == null ? null : EventPatterns.compile(rule, problems);
      if (rule.pattern() == null && rule.filter() == null && rule.predicate() == null) {
        problems.add(problem(rule, "has no condition: give a 'pattern', a 'filter', or both"));
      }
      if (problems.size() == before) {
        JsonNode tree = pattern == null ? null : EventPatterns.tree(pattern);
        compiled.add(new CompiledRule(rule, pattern, tree, tree == null ? PatternGuard.NONE : PatternGuard.of(tree), filter));
      }
    }
    return problems.isEmpty() ? new RuleSet(rules, compiled) : null;
  }

  private static void checkId(Rule rule, Set<String> ids, List<RuleProblem> problems) {
    if (!ID.matcher(rule.id()).matches()) {
      problems.add(problem(rule, "id must be 1-128 letters, digits or . _ : - but is '" + rule.id() + "'"));
    } else if (!ids.add(rule.id())) {
      problems.add(problem(rule, "id is used by another rule already"));
    }
  }

  private static FilterPattern compileFilter(Rule rule, List<RuleProblem> problems) {
    if (rule.filter() == null) {
      return null;
    }
    try {
      return FilterPattern.compile(rule.filter());
    } catch (InvalidPatternException e) {
      problems.add(problem(rule, "filter: " + e.getMessage().replaceFirst("^line 1, ", "")));
      return null;
    }
  }

  static RuleProblem problem(Rule rule, String message) {
    Rule.Origin origin = rule.origin();
    return new RuleProblem(origin.file(), origin.line(), origin.column(), rule.id(), message);
  }

  /**
   * A rule with its compiled conditions: the event pattern as matched (or null) with its guard, and
   * the filter (or null).
   */
  private record CompiledRule(Rule rule, String pattern, JsonNode tree, PatternGuard guard, FilterPattern filter) {}

}
