package dev.cairn.runtime.state;

/**
 * The state store could not be opened, read or written: the file is unreadable, locked for too
 * long, corrupt, or was written by a newer Cairn. Unchecked because callers cannot do anything
 * better than report it: at startup it is a configuration error, while running the item being
 * handled fails and is redelivered.
 */
public final class StateStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StateStoreException(String message) {
    super(message);
  }
}
