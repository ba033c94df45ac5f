package dev.cairn.app.run;

import dev.cairn.alarm.AlarmConfig;
import dev.cairn.alarm.AlarmService;
import dev.cairn.alarm.Alarms;
import dev.cairn.alarm.Transition;
import dev.cairn.alarm.metric.FilterMeasurer;
import dev.cairn.alert.enrich.EnrichConfig;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.config.Config;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.text.Printable;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metric filters and alarms as {@code cairn.yaml} sets them up: the engine's measurer (shared by
 * every source's engine, so an event is counted once whichever source read it), and the alarm
 * service evaluating every minute into the same outbox the alerts use, waking the same delivery
 * loop. Nothing runs when the config declares no metrics, alarms, silences or heartbeat.
 */
final class AlarmWiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmWiring.class);
  private final Alarms alarms;
  private final FilterMeasurer measurer;
  private AlarmService service;

  private AlarmWiring(Alarms alarms, FilterMeasurer measurer) {
    this.alarms = alarms;
    this.measurer = measurer;
  }

  /**
   * Compiles the config's metric filters.
   *
   * @throws InvalidRulesException when a filter or pattern does not compile
   * @throws IllegalArgumentException when a value or dimension cannot be read
   */
  static AlarmWiring build(Config file) throws InvalidRulesException {
    Alarms alarms = AlarmConfig.alarms(file);
    FilterMeasurer measurer = alarms.isEmpty() ? null
        : alarms.measurer(Enricher.withAccounts(file.get(EnrichConfig.ACCOUNTS))::facts);
    return new AlarmWiring(alarms, measurer);
  }

  /** The measurer every engine gets, unless nothing is measured. */
  Optional<FilterMeasurer> measurer() {
    return Optional.ofNullable(measurer);
  }

  boolean isEmpty() {
    return alarms.isEmpty();
  }

  Alarms alarms() {
    return alarms;
  }

  /**
   * Starts evaluating every minute; {@code wake} is called when notifications were recorded, and
   * {@code transitions} (after a log line) with each state change.
   */
  void start(StateStore store, Runnable wake, Consumer<Transition> transitions) {
    if (alarms.isEmpty()) {
      return;
    }
    service = new AlarmService(alarms, store.metrics(), InstantSource.system());
    service.onRecorded(wake);
    service.onTransition(t -> {
      LOG.info("alarm {}", Printable.of(t.describe()));
      transitions.accept(t);
    });
    service.start();
  }

  /**
   * For a drain: one evaluation at the next minute boundary, the first that sees everything read so
   * far (data read during a minute is visible from the next).
   */
  void evaluateAfterDrain() {
    if (service != null) {
      service.evaluate(Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
    }
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
  }
}
