package dev.cairn.runtime;

/**
 * Told about every failure: a poison input, a processor that threw, a source that could not be
 * polled, a state store that could not be written.
 *
 * <p>Called on the thread where the failure happened (a worker; a poller for {@link
 * ProcessingFailure.Stage#POLL}; the thread calling {@code stop()} for {@link
 * ProcessingFailure.Stage#STOP}), possibly concurrently, so it must be thread-safe. Must not block
 * for long. The engine has already decided what to do when it is called (fail the item for
 * redelivery, back off the poll) and always keeps running; a thrown exception is logged and
 * counted, and changes nothing.
 */
@FunctionalInterface
public interface ExceptionHandler {

  /** Receives one failure; see the interface contract. */
  void handle(ProcessingFailure failure);
}
