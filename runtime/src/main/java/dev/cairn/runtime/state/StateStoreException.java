package dev.cairn.runtime.state;

/**
 * The state store could not be opened, read or written: the file is unreadable, busy, on a full
 * disk, corrupt, held by another process, or was written by a newer Cairn. Unchecked because
 * callers cannot do anything better than report it: at startup it is a configuration error; while
 * running, the engine retries with backoff until the store recovers (a store failure is never the
 * input's fault, so no input is failed or given up on because of one).
 */
public class StateStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StateStoreException(String message) {
    super(message);
  }
}
