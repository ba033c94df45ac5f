package dev.cairn.runtime;

import dev.cairn.decode.DecodeError;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.PoisonInputException;
import dev.cairn.runtime.state.ArchiveMark;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.Outbox;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one input of a work item, on the worker handling the item: where to resume, the bytes
 * (downloaded ahead, or opened here), decoding, the event filter, batches, repeats, matching, the
 * callbacks, and checkpoints.
 *
 * <p>Positions: events are numbered in decoding order, before any filter; the input's record says
 * how many are handled. Reading resumes after them, so an object delivered again after a crash
 * costs only the events after its last checkpoint, and a finished one costs nothing. A checkpoint
 * (one transaction) is written after a batch whose events or matches were handed to a callback,
 * when the checkpoint interval has passed, at the end, and before reading stops early; the action
 * keys and alerts gathered since the last one go in the same transaction. Alerts alone do not force
 * a checkpoint: nothing of them leaves the outbox before it commits.
 *
 * <p>Failures: a {@link StageFailure} ends the item (the input is paused at the position handled,
 * so it resumes there); poison is returned, after the input was recorded as failed.
 *
 * <p>One class past the usual size on purpose: every step reads or moves the same position and the
 * same pending checkpoint (keys, alerts, metric data, archive mark), and a split would hand that
 * state around; the measurer and archiver hooks are a few lines each in the one sequence.
 */
final class InputReader implements DecodeListener {
  private static final Logger LOG = LoggerFactory.getLogger(InputReader.class);
  /** Alerts gathered before a checkpoint records them at the latest: bounds the memory they hold. */
  private static final int MAX_PENDING_ALERTS = 1_000;

  private final Pipeline engine;
  private final Settings settings;
  private final Delivery delivery;
  private final Input input;
  private final Optional<String> key;
  private final Optional<String> version;
  private List<CloudTrailEvent> batch;
  /** Events decoded so far: the position the next checkpoint records. */
  private long decoded;
  /** Events an earlier attempt handled: skipped when decoded again. */
  private long resumeAfter;
  /** Every event up to here is handled (written down or not). */
  private long handled;
  private Instant lastCheckpoint;
  /** Action keys and alerts of events handled since the last checkpoint, recorded with the next. */
  private final List<String> pendingKeys = new ArrayList<>();
  private final List<Outbox.NewAlert> pendingAlerts = new ArrayList<>();
  /** Metric data of events handled since the last checkpoint, recorded with the next. */
  private final Measurer.Buffer pendingMetrics = new Measurer.Buffer();
  /**
   * The latest event read while the account and region stayed the same: the lag is reported once per
   * such run of events and batch, not per event (a map lookup and a time parse per event cost a few
   * percent of the engine's CPU).
   */
  private CloudTrailEvent lagEvent;
  /** The archive's journal of this reading; opened with the first batch handled, if there is an archiver. */
  private Archiver.Journal journal;
  /** Events handed to the processor or the matcher in this run. */
  long processed;

  InputReader(Pipeline engine, Delivery delivery, Input input) {
    this.engine = engine;
    this.settings = engine.settings;
    this.delivery = delivery;
    this.input = input;
    this.key = input.progressKey();
    this.version = input.version();
    this.batch = new ArrayList<>(settings.batchSize());
  }

  /** Reads the input; returns the poison found, if any; throws {@link StageFailure} for failures that end the item. */
  PoisonInputException read() {
    if (key.isEmpty()) {
      return readClaimed();
    }
    // One reader per input in this process: a duplicate notice handled at the same time waits for
    // the first reader, then finds the input done (or resumes where it stopped).
    CountDownLatch mine = new CountDownLatch(1);
    for (CountDownLatch other; (other = engine.reading.putIfAbsent(key.get(), mine)) != null; ) {
      awaitOtherReader(other);
    }
    try {
      return readClaimed();
    } finally {
      engine.reading.remove(key.get(), mine);
      mine.countDown();
    }
  }

  private void awaitOtherReader(CountDownLatch other) {
    LOG.debug("{}: another worker is reading it; waiting", input.name());
    try {
      while (!other.await(100, TimeUnit.MILLISECONDS)) {
        if (delivery.settled() || !engine.running()) {
          throw new StageFailure(Stage.STOP, input, new InterruptedException("stopped while another worker read it"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StageFailure(Stage.STOP, input, e);
    }
  }

  private PoisonInputException readClaimed() {
    try {
      return readInput();
    } finally {
      if (journal != null) {
        journal.close();
      }
    }
  }

  private PoisonInputException readInput() {
    Prefetcher.Fetch fetch = delivery.fetch(input);
    if (key.isPresent()) {
      InputState state = call("record that reading " + input.name() + " began",
          () -> settings.store().inputs().begin(key.get(), version, now()));
      if (state.finished()) {
        cancel(fetch);
        if (state.status() == InputState.Status.DONE) {
          engine.callbacks.inputSkipped(input.name(), "already handled");
          LOG.info("{}: already handled, skipped", input.name());
          return null;
        }
        return poison("failed before and unchanged since: " + state.reason().orElse("?"), null);
      }
      if (state.interruptions() >= settings.maxInterruptions()) {
        cancel(fetch);
        String reason = "given up: reading it was cut short " + state.interruptions() + " times (the process died"
            + " while reading it, e.g. out of memory; see the previous runs' logs)";
        call("record that " + input.name() + " failed", () -> {
          settings.store().inputs().fail(key.get(), version, state.position(), reason, now());
          return null;
        });
        return poison(reason, null);
      }
      resumeAfter = handled = state.position();
      if (resumeAfter > 0) {
        engine.callbacks.inputResumed(input.name(), resumeAfter);
        LOG.info("{}: resuming after {} event(s) handled by an earlier attempt", input.name(), resumeAfter);
      }
    }
    lastCheckpoint = now();
    try {
      return decode(fetch);
    } catch (StageFailure failure) {
      pause();
      throw failure;
    }
  }

  private PoisonInputException decode(Prefetcher.Fetch fetch) {
    InputStream raw;
    try {
      raw = fetch != null ? fetch.take() : null;
      if (raw == null) {
        raw = input.open();
      }
    } catch (IOException | RuntimeException e) {
      throw new StageFailure(Stage.OPEN, input, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StageFailure(Stage.STOP, input, e);
    }
    CountingInputStream counting = new CountingInputStream(raw);
    DecodeSummary summary;
    try {
      try {
        summary = settings.decoder().decode(counting, input.name(), this);
      } catch (StageFailure failure) {
        throw failure;
      } catch (RuntimeException e) {
        // The decoder promises not to throw for bad input; if it does anyway, the input cannot be
        // handled as it is, and reading it again will not change that.
        return fail("decoder failed: " + e, e);
      }
    } finally {
      try {
        counting.close();
      } catch (IOException e) {
        LOG.debug("closing {} failed", input.name(), e);
      }
      engine.callbacks.bytesRead(input.name(), counting.count());
    }
    if (summary.error().isPresent()) {
      DecodeError error = summary.error().get();
      flush(false); // the events before the break are sound: handle them first
      if (error.kind() == DecodeError.Kind.IO) {
        // The bytes could not be read (network, disk): not the input's fault; it resumes here later.
        throw new StageFailure(Stage.DECODE, input, new IOException(input.name() + ": " + reason(error)));
      }
      return fail(reason(error), null);
    }
    flush(true);
    summary.noEvents().ifPresent(why -> {
      engine.callbacks.inputEmpty(input.name(), why.label());
      LOG.info("{}", summary.describeNoEvents().orElse(input.name() + ": no events (" + why.label() + ")"));
    });
    return null;
  }

  // ---- events -------------------------------------------------------------------------------

  @Override
  public void onEvent(CloudTrailEvent event) {
    if (delivery.settled() || Thread.currentThread().isInterrupted()) {
      throw new StageFailure(Stage.STOP, input, new InterruptedException("stopped while reading"));
    }
    decoded++;
    if (decoded <= resumeAfter) {
      return; // handled by an earlier attempt
    }
    engine.eventsIn.increment();
    engine.callbacks.eventReceived(event);
    if (settings.measurer() != null) {
      try {
        settings.measurer().seen(event, now(), pendingMetrics);
      } catch (RuntimeException e) {
        throw new StageFailure(Stage.PROCESS, input, e);
      }
    }
    if (engine.reportsLag) {
      if (lagEvent != null && !(Objects.equals(event.account(), lagEvent.account())
          && Objects.equals(event.awsRegion(), lagEvent.awsRegion()))) {
        reportLag();
      }
      lagEvent = event;
    }
    boolean accepted;
    try {
      accepted = settings.eventFilter().accept(event)
          && (settings.exclude().isEmpty() || settings.exclude().match(event).isEmpty());
    } catch (RuntimeException e) {
      throw new StageFailure(Stage.EVENT_FILTER, input, e);
    }
    if (!accepted) {
      engine.callbacks.eventFiltered(event);
      return;
    }
    batch.add(event);
    if (batch.size() >= settings.batchSize()) {
      flush(false);
    }
  }

  @Override
  public void onSkipped(SkippedValue skipped) {
    engine.callbacks.valueSkipped(skipped);
  }

  @Override
  public void onNote(String note) {
    LOG.debug("{}: {}", input.name(), note);
  }

  /**
   * Handles the batch: drops repeats, hands events to the processor and matches to the handler, then
   * writes a checkpoint if anything was acted on, the interval passed, or the input ended ({@code
   * last}).
   */
  private void flush(boolean last) {
    if (lagEvent != null) {
      reportLag();
    }
    long position = decoded;
    List<CloudTrailEvent> events = batch;
    batch = new ArrayList<>(settings.batchSize());
    RecentIds recent = engine.recent;
    long[] hashes = null;
    boolean[] claimed = null;
    if (recent != null && !events.isEmpty()) {
      hashes = new long[events.size()];
      int ids = 0;
      for (CloudTrailEvent event : events) {
        String id = event.eventId();
        if (id != null) {
          hashes[ids++] = RecentIds.hash(id);
        }
      }
      claimed = recent.claim(hashes, ids);
      List<CloudTrailEvent> fresh = new ArrayList<>(events.size());
      int next = 0;
      for (CloudTrailEvent event : events) {
        if (event.eventId() == null || claimed[next++]) {
          fresh.add(event);
        }
      }
      int repeats = events.size() - fresh.size();
      if (repeats > 0) {
        engine.dedupHits.add(repeats);
        engine.callbacks.dedupHits(repeats);
      }
      events = fresh;
    }
    boolean done = false;
    try {
      act(events, position, last);
      done = true;
    } finally {
      if (claimed != null) {
        if (done) {
          recent.handled(hashes, claimed);
        } else {
          recent.release(hashes, claimed);
        }
      }
    }
  }

  /** Reports the lag of {@link #lagEvent}, the latest event read of its account and region. */
  private void reportLag() {
    Instant eventTime = lagEvent.eventTime();
    if (eventTime != null) {
      engine.callbacks.eventLag(orUnknown(lagEvent.account()), orUnknown(lagEvent.awsRegion()),
          Duration.between(eventTime, now()));
    }
    lagEvent = null;
  }

  private void act(List<CloudTrailEvent> events, long position, boolean last) {
    boolean handedOver = false;
    if (!events.isEmpty()) {
      Instant start = now();
      if (settings.processor() != null) {
        try {
          settings.processor().process(Collections.unmodifiableList(events));
        } catch (RuntimeException e) {
          throw new StageFailure(Stage.PROCESS, input, e);
        }
        handedOver = true;
      }
      boolean archiving = settings.archiver() != null;
      List<Match> found = settings.matchHandler() != null || settings.alerter() != null || settings.measurer() != null
          || (archiving && !settings.rules().isEmpty()) ? match(events) : List.of();
      List<Outbox.NewAlert> alerts = List.of();
      List<String> keys = new ArrayList<>();
      if (settings.matchHandler() != null || settings.alerter() != null || settings.measurer() != null) {
        List<Match> matches = found;
        if (!matches.isEmpty()) {
          matches = unacted(matches, keys);
          if (!settings.measured().isEmpty()) {
            matches = measure(matches);
          }
          matches = Collections.unmodifiableList(matches);
          if (!matches.isEmpty() || !keys.isEmpty()) {
            try {
              if (settings.matchHandler() != null && !matches.isEmpty()) { // empty: all measured
                settings.matchHandler().handle(matches);
                handedOver = true;
              }
              if (settings.alerter() != null && !matches.isEmpty()) {
                alerts = settings.alerter().alerts(matches);
              }
            } catch (RuntimeException e) {
              throw new StageFailure(Stage.PROCESS, input, e);
            }
          }
        }
      }
      if (archiving) {
        // Last, after everything that may fail the batch: rows appended belong to a handled batch.
        try {
          if (journal == null) {
            journal = settings.archiver().open(input.name(), key);
          }
          // A metric filter's matches are measurements, not rule matches: rows name alerting rules only.
          List<Match> ruled = settings.measured().isEmpty() ? found : split(found).rest();
          journal.append(Collections.unmodifiableList(events), Collections.unmodifiableList(ruled));
        } catch (RuntimeException e) {
          throw new StageFailure(Stage.PROCESS, input, e);
        }
      }
      pendingKeys.addAll(keys);
      pendingAlerts.addAll(alerts);
      processed += events.size();
      engine.eventsProcessed.add(events.size());
      engine.callbacks.eventsProcessed(events.size(), Duration.between(start, now()));
    }
    handled = position;
    // What was handed to callbacks (events, matches) is checkpointed at once, so a crash repeats at
    // most this batch. Alerts wait in the outbox until their checkpoint commits, so nothing of them is
    // out before: they can be gathered into one transaction per input (or per interval, or per
    // MAX_PENDING_ALERTS), a few writes per object however many matches it holds.
    boolean due = Duration.between(lastCheckpoint, now()).compareTo(settings.checkpointInterval()) >= 0;
    boolean archiveFull = journal != null && journal.wantsCheckpoint();
    if (handedOver || last || due || archiveFull || pendingAlerts.size() >= MAX_PENDING_ALERTS
        || pendingMetrics.size() >= MAX_PENDING_ALERTS) {
      commit(last);
    }
  }

  /**
   * Writes one checkpoint: the position handled, the input done when {@code done}, and the action
   * keys and alerts gathered since the last one. An input without a progress key writes only when it
   * has keys or alerts to record.
   */
  private void commit(boolean done) {
    Optional<ArchiveMark> mark;
    try {
      mark = journal != null ? journal.stage() : Optional.empty();
      if (journal != null) {
        pendingKeys.addAll(journal.actionKeys());
      }
    } catch (RuntimeException e) {
      throw new StageFailure(Stage.PROCESS, input, e);
    }
    if (key.isEmpty() && pendingKeys.isEmpty() && pendingAlerts.isEmpty() && pendingMetrics.isEmpty() && mark.isEmpty()) {
      return;
    }
    Instant now = now();
    Checkpoint checkpoint = new Checkpoint(key, version, handled, done && key.isPresent(), pendingKeys,
        now.plus(settings.dedupWindow()), pendingAlerts, now, pendingMetrics.drain(), mark);
    call("record progress of " + input.name(), () -> {
      settings.store().commit(checkpoint);
      return null;
    });
    if (mark.isPresent()) {
      journal.committed();
    }
    boolean alerted = !pendingAlerts.isEmpty();
    pendingKeys.clear();
    pendingAlerts.clear();
    lastCheckpoint = now;
    if (alerted) {
      settings.alerter().recorded();
    }
  }

  /**
   * Hands the measured rules' matches to the measurer (into the pending metric data) and returns the
   * matches of the other rules.
   */
  private List<Match> measure(List<Match> matches) {
    Split split = split(matches);
    if (!split.measured().isEmpty()) {
      try {
        settings.measurer().measure(Collections.unmodifiableList(split.measured()), now(), pendingMetrics);
      } catch (RuntimeException e) {
        throw new StageFailure(Stage.PROCESS, input, e);
      }
    }
    return split.rest();
  }

  /** Matches parted by rule: the measurer's (metric filters) and the others, each event in either or both. */
  private record Split(List<Match> measured, List<Match> rest) {}

  private Split split(List<Match> matches) {
    List<Match> measured = new ArrayList<>();
    List<Match> rest = new ArrayList<>(matches.size());
    for (Match match : matches) {
      List<Rule> mine = new ArrayList<>();
      List<Rule> others = new ArrayList<>();
      for (Rule rule : match.rules()) {
        (settings.measured().contains(rule.id()) ? mine : others).add(rule);
      }
      if (!mine.isEmpty()) {
        measured.add(others.isEmpty() ? match : new Match(match.event(), mine, match.input()));
      }
      if (!others.isEmpty()) {
        rest.add(mine.isEmpty() ? match : new Match(match.event(), others, match.input()));
      }
    }
    return new Split(measured, rest);
  }

  /** The events that matched a rule, each with the rules it matched. */
  private List<Match> match(List<CloudTrailEvent> events) {
    List<Match> matches = new ArrayList<>();
    for (CloudTrailEvent event : events) {
      List<Rule> rules = settings.rules().match(event);
      if (!rules.isEmpty()) {
        matches.add(new Match(event, rules, input.name()));
      }
    }
    return matches;
  }

  /**
   * Drops each (rule, event) already acted on within the dedup window; adds the keys of the rest to
   * {@code keys}. Events without an id cannot be told apart, so they are always acted on.
   */
  private List<Match> unacted(List<Match> matches, List<String> keys) {
    if (settings.dedupWindow().isZero()) {
      return matches;
    }
    List<String> wanted = new ArrayList<>();
    for (Match match : matches) {
      String id = match.event().eventId();
      if (id != null) {
        for (Rule rule : match.rules()) {
          wanted.add(actionKey(rule, id));
        }
      }
    }
    Set<String> done = wanted.isEmpty() ? Set.of()
        : call("look up matches acted on", () -> settings.store().actions().recorded(wanted, now()));
    List<Match> fresh = new ArrayList<>(matches.size());
    int suppressed = 0;
    for (Match match : matches) {
      String id = match.event().eventId();
      if (id == null) {
        fresh.add(match);
        continue;
      }
      List<Rule> rules = new ArrayList<>(match.rules().size());
      for (Rule rule : match.rules()) {
        String actionKey = actionKey(rule, id);
        if (done.contains(actionKey)) {
          suppressed++;
        } else {
          rules.add(rule);
          keys.add(actionKey);
        }
      }
      if (!rules.isEmpty()) {
        fresh.add(rules.size() == match.rules().size() ? match : new Match(match.event(), rules, match.input()));
      }
    }
    if (suppressed > 0) {
      engine.matchesSuppressed.add(suppressed);
      engine.callbacks.matchesSuppressed(suppressed);
    }
    return fresh;
  }

  /** A (rule, event) pair as one key, unambiguous whatever the id characters: {@code 7:cis-4.3:<eventID>}. */
  static String actionKey(Rule rule, String eventId) {
    return rule.id().length() + ":" + rule.id() + ":" + eventId;
  }

  // ---- outcomes ---------------------------------------------------------------------------

  /** Records the input as failed at the position handled, then reports it as poison. */
  private PoisonInputException fail(String reason, Throwable cause) {
    commit(false); // the events before the break were handled: their alerts stand
    key.ifPresent(k -> call("record that " + input.name() + " failed", () -> {
      settings.store().inputs().fail(k, version, handled, reason, now());
      return null;
    }));
    return poison(reason, cause);
  }

  private PoisonInputException poison(String reason, Throwable cause) {
    engine.decodeErrors.increment();
    LOG.warn("poison input {}: {}", input.name(), reason);
    engine.callbacks.decodeFailed(input.name(), reason);
    PoisonInputException poison = new PoisonInputException(input.name(), reason, cause);
    engine.callbacks.exception(new ProcessingFailure(Stage.DECODE, Optional.of(delivery.name), Optional.of(input.name()),
        poison));
    return poison;
  }

  /** Reading stopped early for a reason that is not the input's: it resumes at the position handled. */
  private void pause() {
    try {
      commit(false); // what was handled before the failure keeps its alerts
      if (key.isEmpty()) {
        return;
      }
      call("record that reading " + input.name() + " paused", () -> {
        settings.store().inputs().pause(key.get(), handled, now());
        return null;
      });
    } catch (StageFailure e) {
      // Stopping with the store down: the record stays STARTED, and the next run counts one interruption.
      LOG.debug("{}: could not record the pause", input.name(), e);
    }
  }

  private <T> T call(String what, Supplier<T> call) {
    try {
      return engine.state.call(what, call);
    } catch (StateCalls.Abandoned e) {
      throw new StageFailure(Stage.STOP, input, e);
    }
  }

  private static void cancel(Prefetcher.Fetch fetch) {
    if (fetch != null) {
      fetch.cancel();
    }
  }

  private Instant now() {
    return settings.clock().instant();
  }

  /** The error without its leading source name, which every message here already starts with. */
  private static String reason(DecodeError error) {
    String text = error.describe();
    String prefix = error.source() + ": ";
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }

  private static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "unknown" : value;
  }
}
