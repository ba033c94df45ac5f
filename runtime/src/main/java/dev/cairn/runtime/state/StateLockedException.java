package dev.cairn.runtime.state;

/**
 * Another process holds the state file: two engines on one state would each think they own every
 * input, and both would act on every event. The message names the holder (pid, host, start time).
 */
public final class StateLockedException extends StateStoreException {
  private static final long serialVersionUID = 1L;

  public StateLockedException(String message) {
    super(message);
  }
}
