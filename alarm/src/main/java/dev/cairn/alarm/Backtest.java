package dev.cairn.alarm;

import dev.cairn.alarm.metric.FilterMeasurer;
import dev.cairn.alert.Alert;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.Measurer;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays log files through metric filters and alarms and returns the transitions a live service
 * would have produced had it read each file when it was delivered: the same measurer (the same
 * matches, each (filter, eventID) counted once), the same datapoints with the same arrival minutes in
 * an in-memory state store, and the same {@link AlarmService} evaluated at every minute from the
 * first delivery to {@code horizon} after the last.
 *
 * <pre>{@code
 * Backtest backtest = new Backtest(alarms, enricher::facts);
 * for (Transition t : backtest.run(Backtest.files(paths), transition -> {})) System.out.println(t.describe());
 * }</pre>
 *
 * <p>Differences from a live run, by design: no {@code exclude} filter; repeats of an event are
 * recognised for the whole replay rather than for the engine's 24-hour dedup window.
 */
public final class Backtest {
  private static final Pattern DELIVERED = Pattern.compile("_(\\d{8}T\\d{4})Z_");
  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");

  private final Alarms alarms;
  private final Function<CloudTrailEvent, Alert.Facts> enrich;

  /** A file and when it was delivered (when a live service would have read it). */
  public record Delivery(Path file, Instant at) {}

  public Backtest(Alarms alarms, Function<CloudTrailEvent, Alert.Facts> enrich) {
    this.alarms = alarms;
    this.enrich = enrich;
  }

  /**
   * The files' deliveries, earliest first: the time in a CloudTrail log file's name ({@code
   * 111111111111_CloudTrail_us-east-1_20261206T1005Z_x.json.gz} was delivered at 10:05 UTC), else the
   * file's modification time.
   */
  public static List<Delivery> deliveries(List<Path> files) throws IOException {
    List<Delivery> deliveries = new ArrayList<>();
    for (Path file : files) {
      deliveries.add(new Delivery(file, deliveredAt(file)));
    }
    deliveries.sort(Comparator.comparing(Delivery::at).thenComparing(d -> d.file().toString()));
    return deliveries;
  }

  static Instant deliveredAt(Path file) throws IOException {
    Matcher m = DELIVERED.matcher(file.getFileName().toString());
    if (m.find()) {
      return LocalDateTime.parse(m.group(1), NAME_TIME).toInstant(ZoneOffset.UTC);
    }
    FileTime modified = Files.getLastModifiedTime(file);
    return modified.toInstant();
  }

  /**
   * The longest an alarm looks back (periods × evaluation range, a silence's wait): how long after
   * the last delivery the replay goes on evaluating, so that alarms can recover.
   */
  public Duration horizon() {
    Duration longest = Duration.ofMinutes(1);
    for (AlarmDefinition a : alarms.alarms()) {
      Duration range = a.period().multipliedBy(a.condition().map(c -> c.range()).orElse(1));
      longest = range.compareTo(longest) > 0 ? range : longest;
    }
    for (Silence s : alarms.silences()) {
      longest = s.after().compareTo(longest) > 0 ? s.after() : longest;
    }
    return longest;
  }

  /**
   * Replays the deliveries and returns every transition, in order.
   *
   * @param problems told about a file that cannot be read or decoded (the rest goes on)
   * @throws InvalidRulesException when a metric filter does not compile
   */
  public List<Transition> run(List<Delivery> deliveries, Consumer<String> problems) throws InvalidRulesException {
    FilterMeasurer measurer = alarms.measurer(enrich);
    EventDecoder decoder = EventDecoder.create();
    List<Transition> transitions = new ArrayList<>();
    if (deliveries.isEmpty()) {
      return transitions;
    }
    try (StateStore store = StateStore.inMemory()) {
      Instant first = deliveries.get(0).at();
      AlarmService service = new AlarmService(alarms, store.metrics(), () -> first);
      Set<String> measured = new HashSet<>();
      Instant minute = deliveries.get(0).at().truncatedTo(ChronoUnit.MINUTES);
      for (Delivery d : deliveries) {
        for (; !minute.isAfter(d.at()); minute = minute.plus(1, ChronoUnit.MINUTES)) {
          transitions.addAll(service.evaluate(minute));
        }
        read(d, decoder, measurer, measured, store, problems);
      }
      Instant end = deliveries.get(deliveries.size() - 1).at().plus(horizon());
      for (; !minute.isAfter(end); minute = minute.plus(1, ChronoUnit.MINUTES)) {
        transitions.addAll(service.evaluate(minute));
      }
    }
    return transitions;
  }

  /** Reads one file as the engine would at its delivery: every event seen, matches measured once. */
  private static void read(Delivery d, EventDecoder decoder, FilterMeasurer measurer, Set<String> measured,
      StateStore store, Consumer<String> problems) {
    Measurer.Buffer buffer = new Measurer.Buffer();
    List<Match> matches = new ArrayList<>();
    String name = d.file().toString();
    try (InputStream in = Files.newInputStream(d.file())) {
      DecodeSummary summary = decoder.decode(in, name, event -> {
        measurer.seen(event, d.at(), buffer);
        List<Rule> rules = new ArrayList<>();
        for (Rule rule : measurer.rules().match(event)) {
          String id = event.eventId();
          if (id == null || measured.add(rule.id().length() + ":" + rule.id() + ":" + id)) {
            rules.add(rule);
          }
        }
        if (!rules.isEmpty()) {
          matches.add(new Match(event, rules, name));
        }
      });
      summary.error().ifPresent(error -> problems.accept(error.describe()));
    } catch (IOException e) {
      problems.accept(name + ": cannot be read: " + e.getMessage());
    }
    if (!matches.isEmpty()) {
      measurer.measure(matches, d.at(), buffer);
    }
    if (!buffer.isEmpty()) {
      store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of(), d.at(), List.of(), d.at(),
          buffer.drain()));
    }
  }
}
