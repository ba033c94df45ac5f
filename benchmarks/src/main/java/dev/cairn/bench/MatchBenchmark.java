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
 * language. Rules look like real ones: an event source and an event name, some names present in
 * the events, most not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class MatchBenchmark {
  static final int EVENTS = 1_000;
  private static final String[] REAL_NAMES = {"StopLogging", "CreateTrail", "DeleteTrail", "CreateVpc",
      "AuthorizeSecurityGroupIngress", "PutBucketPolicy", "AttachRolePolicy", "ConsoleLogin", "GetUser", "Decrypt"};

  @Param({"1", "10", "100", "1000"})
  int rules;

  /** {@code pattern}: EventBridge event patterns; {@code filter}: CloudWatch Logs filter patterns. */
  @Param({"pattern", "filter"})
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
    for (int i = 0; i < count; i++) {
      String name = i < REAL_NAMES.length ? REAL_NAMES[i] : "Synthetic" + i + "Action";
      Rule.Builder rule = Rule.builder("r" + i);
      if (language.equals("pattern")) {
        rule.pattern("{\"detail\":{\"eventName\":[\"" + name + "\"],\"userIdentity\":{\"type\":[{\"anything-but\":\"AWSService\"}]}}}");
      } else {
        rule.filter("{ ($.eventName = " + name + ") && ($.userIdentity.type != \"AWSService\") }");
      }
      list.add(rule.build());
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
