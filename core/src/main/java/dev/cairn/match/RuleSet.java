package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  private final List<Rule> rules;
  private final RuleCompiler.Compiled[] compiled;
  private final RuleIndex index;
  private final RecordFields fields;

  private RuleSet(List<Rule> rules, List<RuleCompiler.Compiled> compiled) {
    this.rules = List.copyOf(rules);
    this.compiled = compiled.toArray(new RuleCompiler.Compiled[0]);
    this.index = RuleIndex.build(compiled.stream().map(RuleCompiler.Compiled::rule).toList(),
        compiled.stream().map(RuleCompiler.Compiled::pattern).toList(),
        compiled.stream().map(RuleCompiler.Compiled::filter).toList());
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
    return compileOrThrow(List.copyOf(rules), RuleCompiler.Sources.NONE, problems);
  }

  /**
   * Loads and compiles YAML rule files (a list under {@code rules:}).
   *
   * @throws InvalidRulesException with every problem in every file (including unreadable files)
   */
  public static RuleSet load(Collection<Path> files) throws InvalidRulesException {
    List<RuleProblem> problems = new ArrayList<>();
    List<RuleFileReader.Result> read = new ArrayList<>();
    for (Path file : files) {
      read.add(RuleFileReader.read(file, problems));
    }
    return compileOrThrow(rulesOf(read), sourcesOf(read), problems);
  }

  private static List<Rule> rulesOf(List<RuleFileReader.Result> read) {
    List<Rule> rules = new ArrayList<>();
    read.forEach(r -> rules.addAll(r.rules()));
    return rules;
  }

  private static RuleCompiler.Sources sourcesOf(List<RuleFileReader.Result> read) {
    IdentityHashMap<Rule, RuleSource> byRule = new IdentityHashMap<>();
    Set<Rule> withoutId = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Rule> withBadCondition = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RuleFileReader.Result r : read) {
      byRule.putAll(r.sources());
      withoutId.addAll(r.withoutId());
      withBadCondition.addAll(r.withBadCondition());
    }
    return new RuleCompiler.Sources(byRule, withoutId, withBadCondition);
  }

  /**
   * Loads and compiles one YAML rule document from a stream (a bundled rule pack, say); {@code name}
   * is used in messages. Does not close the stream.
   *
   * @throws InvalidRulesException with every problem found
   */
  public static RuleSet load(String name, InputStream yaml) throws InvalidRulesException {
    List<RuleProblem> problems = new ArrayList<>();
    List<RuleFileReader.Result> read = List.of(RuleFileReader.read(name, yaml, problems));
    return compileOrThrow(rulesOf(read), sourcesOf(read), problems);
  }

  /**
   * Checks rule files and returns every problem found, errors and {@linkplain RuleProblem#warning()
   * warnings}, by file (in the order given), line and column; empty when all is well.
   */
  public static List<RuleProblem> validate(Collection<Path> files) {
    List<RuleProblem> problems = new ArrayList<>();
    List<RuleFileReader.Result> read = new ArrayList<>();
    for (Path file : files) {
      read.add(RuleFileReader.read(file, problems));
    }
    RuleCompiler.compile(rulesOf(read), sourcesOf(read), problems);
    List<String> order = files.stream().map(Path::toString).toList();
    List<RuleProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt((RuleProblem p) -> order.indexOf(p.file()))
        .thenComparingInt((RuleProblem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line()) // file-wide ones last
        .thenComparingInt(RuleProblem::column));
    return sorted;
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

  private static RecordFields fieldsRead(List<RuleCompiler.Compiled> compiled) {
    List<List<String>> paths = new ArrayList<>();
    for (RuleCompiler.Compiled c : compiled) {
      Optional<List<List<String>>> filterPaths = c.filter() == null ? Optional.of(List.of()) : c.filter().fieldPaths();
      Optional<List<List<String>>> patternPaths =
          c.pattern() == null ? Optional.of(List.of()) : EventPatterns.recordPaths(c.pattern().tree());
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

  /**
   * Tries the buckets' rules bucket by bucket (the buckets are disjoint), building each bucket's
   * envelope at most once, then puts the hits in definition order: cheaper than merging the
   * buckets' positions for every event, since hits are few.
   */
  private List<Rule> match(CloudTrailEvent event, JsonNode record, RuleIndex.Bucket[] buckets, boolean fast) {
    int[] hits = null;
    int count = 0;
    JsonNode detail = event.isCloudTrail() ? record : record.get("detail");
    for (RuleIndex.Bucket bucket : buckets) {
      EventPatternMatcher.Asking patterns = null;
      for (int position : bucket.rules()) {
        RuleCompiler.Compiled rule = compiled[position];
        if (rule.pattern() != null) {
          PatternGuard.Decision decision = fast ? rule.guard().decide(detail) : PatternGuard.Decision.ASK_EVENT_RULER;
          if (decision == PatternGuard.Decision.NO_MATCH) {
            continue;
          }
          if (decision == PatternGuard.Decision.ASK_EVENT_RULER) {
            if (patterns == null) {
              // Only the part of the record this bucket's patterns read: event-ruler walks a few fields.
              patterns = bucket.patterns().ask(
                  fast ? event.envelopeWithDetail(bucket.reads().cut(detail)) : event.envelope(fields));
            }
            if (!patterns.matches(position)) {
              continue;
            }
          }
        }
        if (rule.filter() != null && !rule.filter().matches(record, event::recordJson)) {
          continue;
        }
        if (rule.rule().predicate() != null && !rule.rule().predicate().test(event)) {
          continue;
        }
        if (hits == null) {
          hits = new int[2];
        } else if (count == hits.length) {
          hits = Arrays.copyOf(hits, count * 2);
        }
        hits[count++] = position;
      }
    }
    if (count == 0) {
      return List.of();
    }
    if (buckets.length > 1) {
      Arrays.sort(hits, 0, count);
    }
    List<Rule> matched = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      matched.add(compiled[hits[i]].rule());
    }
    return matched;
  }

  /** Compiles, then reports every error found so far (reading and compiling) at once; warnings do not stop it. */
  private static RuleSet compileOrThrow(List<Rule> rules, RuleCompiler.Sources sources, List<RuleProblem> problems)
      throws InvalidRulesException {
    List<RuleCompiler.Compiled> compiled = RuleCompiler.compile(rules, sources, problems);
    List<RuleProblem> errors = problems.stream().filter(p -> !p.warning()).toList();
    if (!errors.isEmpty()) {
      throw new InvalidRulesException(errors);
    }
    return new RuleSet(rules, compiled);
  }
}
