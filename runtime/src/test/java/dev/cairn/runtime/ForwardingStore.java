package dev.cairn.runtime;

import dev.cairn.runtime.state.ActionLog;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.InputLedger;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.StateStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A state store that forwards every call to another, first telling {@link #before} what the call
 * is: tests count writes, or make calls fail as a full disk would. Closing it leaves the delegate
 * open.
 */
class ForwardingStore implements StateStore {
  private final StateStore delegate;

  ForwardingStore(StateStore delegate) {
    this.delegate = delegate;
  }

  /** Called before each call, with its name (e.g. {@code commit}) and whether it writes; may throw. */
  protected void before(String call, boolean write) {}

  @Override
  public InputLedger inputs() {
    InputLedger inner = delegate.inputs();
    return new InputLedger() {
      @Override
      public Optional<InputState> get(String key) {
        before("get", false);
        return inner.get(key);
      }

      @Override
      public Map<String, InputState> under(String prefix) {
        before("under", false);
        return inner.under(prefix);
      }

      @Override
      public InputState begin(String key, Optional<String> version, Instant now) {
        before("begin", true);
        return inner.begin(key, version, now);
      }

      @Override
      public void pause(String key, long position, Instant now) {
        before("pause", true);
        inner.pause(key, position, now);
      }

      @Override
      public void fail(String key, Optional<String> version, long position, String reason, Instant now) {
        before("fail", true);
        inner.fail(key, version, position, reason, now);
      }

      @Override
      public int forget(String prefix, Instant before) {
        ForwardingStore.this.before("forget", true);
        return inner.forget(prefix, before);
      }
    };
  }

  @Override
  public ActionLog actions() {
    ActionLog inner = delegate.actions();
    return new ActionLog() {
      @Override
      public Set<String> recorded(Collection<String> keys, Instant now) {
        before("recorded", false);
        return inner.recorded(keys, now);
      }

      @Override
      public int purgeExpired(Instant now) {
        before("purgeExpired", true);
        return inner.purgeExpired(now);
      }
    };
  }

  @Override
  public Outbox outbox() {
    return delegate.outbox(); // the engine tests here do not deliver alerts
  }

  @Override
  public void commit(Checkpoint checkpoint) {
    before("commit", true);
    delegate.commit(checkpoint);
  }

  @Override
  public String describe() {
    return "forwarding to " + delegate.describe();
  }

  @Override
  public void close() {
    // the test owns the delegate
  }
}
