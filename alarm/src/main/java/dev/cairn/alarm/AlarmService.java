package dev.cairn.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.runtime.state.MetricLog;
import dev.cairn.runtime.state.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every alarm, escalation, silence and the heartbeat at each minute of a clock, on the
 * data that had arrived by then, as CloudWatch evaluates alarms every minute. A transition's new
 * state and the alerts it raises are recorded in one transaction ({@link MetricLog#recordAlarms}),
 * so after a restart nothing is forgotten and nothing sent again: the alerts' ids are a hash of
 * alarm and state change time, and the state says the change happened.
 *
 * <p>{@link #evaluate} is deterministic: the same definitions, datapoints (with their arrival
 * minutes), prior states and minute give the same transitions, which is what {@code cairn scan
 * --alarms} replays. {@link #start} runs it on a thread at every minute boundary of the clock.
 *
 * <p>Threading: {@link #evaluate} is synchronized; the scheduling thread is the only caller in a
 * service.
 */
public final class AlarmService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmService.class);
  static final ObjectMapper JSON = new ObjectMapper();

  private final Alarms alarms;
  private final MetricLog log;
  private final InstantSource clock;
  private final Evaluations evaluations;
  private volatile Runnable onRecorded = () -> {};
  private volatile Consumer<Transition> onTransition = t -> {};
  private Map<String, ObjectNode> states;
  private Instant lastPurge = Instant.EPOCH;
  private Thread thread;
  private volatile boolean stopping;

  /**
   * @param alarms what to evaluate
   * @param log where the data and the states are
   * @param clock whose minutes the service evaluates at (and which {@link #start} waits on); its
   *     instant now is when the definitions were loaded ({@code AlarmConfigurationUpdatedTimestamp})
   */
  public AlarmService(Alarms alarms, MetricLog log, InstantSource clock) {
    this.alarms = Objects.requireNonNull(alarms, "alarms");
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.evaluations = new Evaluations(log, clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Called after notifications were recorded, on the evaluating thread: to wake the delivery loop. */
  public void onRecorded(Runnable action) {
    this.onRecorded = Objects.requireNonNull(action, "action");
  }

  /** Told about every transition once it is recorded (for logs and metrics). */
  public void onTransition(Consumer<Transition> action) {
    this.onTransition = Objects.requireNonNull(action, "action");
  }

  /**
   * Evaluates everything at the minute {@code t} (truncated to the minute), records the
   * transitions with their notifications, and returns them.
   */
  public synchronized List<Transition> evaluate(Instant t) {
    Instant now = t.truncatedTo(ChronoUnit.MINUTES);
    if (this.states == null) {
      Map<String, ObjectNode> loaded = new HashMap<>();
      log.alarmStates().forEach((name, body) -> loaded.put(name, parse(body)));
      this.states = loaded;
    }
    // Evaluated on copies: when recording fails (a full disk), nothing changed and the next minute tries again.
    Map<String, ObjectNode> states = new HashMap<>();
    this.states.forEach((k, v) -> states.put(k, v.deepCopy()));
    Evaluations.Step step = new Evaluations.Step(now);
    for (AlarmDefinition alarm : alarms.alarms()) {
      String key = (alarm.condition().isPresent() ? "alarm:" : "escalation:") + alarm.name();
      ObjectNode state = states.computeIfAbsent(key, k -> JSON.createObjectNode());
      if (alarm.condition().isPresent()) {
        evaluations.alarm(alarm, state, step);
      } else {
        evaluations.escalation(alarm, state, step);
      }
    }
    for (Silence silence : alarms.silences()) {
      evaluations.silence(silence, states.computeIfAbsent("silence:" + silence.name(), k -> JSON.createObjectNode()), step);
    }
    alarms.heartbeat().ifPresent(h -> heartbeat(h, states, step));
    if (!step.changed.isEmpty()) {
      Map<String, String> bodies = new LinkedHashMap<>();
      for (String key : step.changed) {
        bodies.put(key, write(states.get(key)));
      }
      // Recorded at the clock's time, not the minute's: a drain evaluates the coming minute, and its
      // notifications are due at once.
      log.recordAlarms(bodies, step.alerts, clock.instant());
    }
    this.states = states;
    if (!step.changed.isEmpty()) {
      step.transitions.forEach(onTransition);
      if (!step.alerts.isEmpty()) {
        onRecorded.run();
      }
    }
    if (Duration.between(lastPurge, now).toHours() >= 1) {
      lastPurge = now;
      int gone = log.purge(now.minus(alarms.retention()));
      if (gone > 0) {
        LOG.debug("forgot {} metric row(s) older than {}", gone, alarms.retention());
      }
    }
    return step.transitions;
  }

  private void heartbeat(Heartbeat h, Map<String, ObjectNode> states, Evaluations.Step step) {
    ObjectNode state = states.computeIfAbsent("heartbeat", k -> JSON.createObjectNode());
    long every = h.every().toMillis();
    Instant slot = Instant.ofEpochMilli(Math.floorDiv(step.now.toEpochMilli(), every) * every);
    if (state.path("sent").asLong(Long.MIN_VALUE) >= slot.toEpochMilli()) {
      return;
    }
    state.put("sent", slot.toEpochMilli());
    step.changed.add("heartbeat");
    Outbox.NewAlert alert = Evaluations.heartbeat(slot, alarms, states, h.channels());
    step.alerts.add(alert);
    step.transitions.add(new Transition(slot, "heartbeat", "", "", "OK", "Cairn is running", h.channels(), alert.id()));
  }

  /** Starts evaluating at every minute boundary of the clock, on a daemon thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::loop, "cairn-alarms");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    Instant next = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    evaluateLogged(clock.instant());
    while (!stopping) {
      long wait = Duration.between(clock.instant(), next).toMillis();
      if (wait > 0) {
        try {
          Thread.sleep(Math.min(wait, 1_000));
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      evaluateLogged(next);
      next = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }
  }

  private void evaluateLogged(Instant t) {
    try {
      for (Transition transition : evaluate(t)) {
        LOG.info("alarm {}", transition.describe());
      }
    } catch (RuntimeException e) {
      // A store that fails (a full disk) is tried again at the next minute: nothing was recorded.
      LOG.warn("evaluating alarms at {} failed; trying again next minute: {}", t, e.toString());
    }
  }

  @Override
  public void close() {
    stopping = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The names of the states kept (for tests and diagnostics). */
  synchronized List<String> stateNames() {
    return states == null ? List.of() : new ArrayList<>(states.keySet());
  }

  private static ObjectNode parse(String body) {
    try {
      return (ObjectNode) JSON.readTree(body);
    } catch (JsonProcessingException | ClassCastException e) {
      return JSON.createObjectNode(); // unreadable: the alarm starts afresh
    }
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

}
