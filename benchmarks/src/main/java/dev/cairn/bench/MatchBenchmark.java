package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Matching throughput against 1 to 1,000 rules, in events per second (one thread), for each rule
 * language and for both mixed ({@link RulePacks}): {@code pattern} is event patterns naming an
 * event name with an {@code anything-but} on the region, {@code filter} is filter patterns naming an
 * event name and the identity type, {@code mixed} is nine shapes of both languages (names, sources,
 * prefixes, wildcards, anything-but). Some names are in the events, most not, as with real rules.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class MatchBenchmark {
  static final int EVENTS = 1_000;
  @Param({"1", "10", "100", "1000"})
  int rules;

  /** {@code pattern}: EventBridge event patterns; {@code filter}: CloudWatch Logs filter patterns; {@code mixed}: both. */
  @Param({"pattern", "filter", "mixed"})
  String language;

  private RuleSet ruleSet;
  private ObjectNode[] records;

  @Setup
  public void setUp() throws InvalidRulesException {
    ruleSet = RuleSet.of(rules(rules, language));
    SyntheticTrail trail = Corpus.trail();
    records = new ObjectNode[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      records[i] = trail.nextRecord(Instant.parse("2023-07-10T12:00:00Z"));
    }
  }

  static List<Rule> rules(int count, String language) {
    List<Rule> list = new ArrayList<>(count);
    for (String[] rule : RulePacks.rules(language.equals("pattern") ? "anything-but" : language, count)) {
      Rule.Builder builder = Rule.builder("r" + rule[0]);
      if (rule[1] != null) {
        builder.pattern(rule[1]);
      }
      if (rule[2] != null) {
        builder.filter(rule[2]);
      }
      list.add(builder.build());
    }
    return list;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void match(Blackhole hole) {
    for (ObjectNode record : records) {
      // A fresh event each time, so the envelope view is built as it is for every scanned event.
      hole.consume(ruleSet.match(CloudTrailEvent.ofRecord(record)));
    }
  }
}
