package dev.cairn.bench;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.alert.route.Route;
import dev.cairn.alert.route.Routes;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.match.Rule;
import dev.cairn.match.Severity;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.state.Outbox;
import java.io.ByteArrayInputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The alerting stage's cost per alert, as {@code cairn run} pays it on a worker for each match: the
 * facts (enrichment), routing, the alert and its JSON for the outbox. Events are decoded as the run
 * decodes them (only the core fields parsed, the record kept as text), afresh before each invocation,
 * so each alert pays whatever parsing its event still needs. Microseconds per alert, one thread, with
 * bin/cairn's JIT flags.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmn64m", "-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1000"})
public class AlertBenchmark {
  static final int EVENTS = 500;

  private byte[] records;
  private EventDecoder decoder;
  private Alerting alerting;
  private final Rule rule = Rule.builder("cis-3.1-unauthorized-api-calls").description("Unauthorized API calls")
      .severity(Severity.MEDIUM).filter("{ $.eventName = * }").build();
  private List<Match> matches;

  @Setup
  public void setUp() {
    records = Corpus.logFile(Corpus.trail(), EVENTS, false);
    decoder = EventDecoder.create().withRecordFields(RecordFields.core());
    Enricher enricher = Enricher.withAccounts(Map.of());
    alerting = new Alerting(enricher::facts,
        new Routes(List.of(new Route(Map.of(), List.of(Alerting.CONSOLE), false, Optional.empty()))),
        Map.of(), Map.of(Alerting.CONSOLE, "console"), InstantSource.system());
  }

  /** Fresh events, so that no parse an earlier invocation made is reused. */
  @Setup(Level.Invocation)
  public void decode() {
    List<Match> fresh = new ArrayList<>(EVENTS);
    decoder.decode(new ByteArrayInputStream(records), "bench",
        event -> fresh.add(new Match(event, List.of(rule), "s3://trail/AWSLogs/111111111111/x.json.gz")));
    matches = fresh;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void alerts(Blackhole hole) {
    List<Outbox.NewAlert> made = alerting.alerts(matches);
    hole.consume(made);
    // What the delivery loop does with each: takes the alert made with exactly this text.
    for (Outbox.NewAlert alert : made) {
      hole.consume(alerting.read(alert.id(), alert.body()));
    }
  }

  /** The events' facts alone: what enrichment costs, its parsing included. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void facts(Blackhole hole) {
    Enricher enricher = Enricher.withAccounts(Map.of());
    for (Match match : matches) {
      CloudTrailEvent event = match.event();
      hole.consume(enricher.facts(event));
    }
  }
}
