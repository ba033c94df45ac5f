package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How far each input (an S3 object, a file) was read, so that a redelivered finished input is
 * skipped, a half-read one resumes after its last checkpoint, and one that keeps killing the
 * process is given up on. Inputs are named by a stable key ({@code s3://bucket/key}, an absolute
 * path) and a version that tells two contents under one key apart (an ETag, size and modification
 * time); see {@link InputState#sameVersion}.
 *
 * <p>Writes happen a few times per input, never per event: {@link #begin} when reading starts,
 * {@link StateStore#commit} at checkpoints and at the end, {@link #pause} or {@link #fail} when
 * reading stops early.
 */
public interface InputLedger {

  /** What is recorded for {@code key}, if anything. */
  Optional<InputState> get(String key);

  /** Every record whose key starts with {@code prefix} (e.g. a folder), by key. */
  Map<String, InputState> under(String prefix);

  /**
   * Starts reading an input, in one transaction. When the record says it is {@link
   * InputState.Status#DONE done} or {@link InputState.Status#FAILED failed} for this version,
   * returns that record unchanged: the caller skips the input. Otherwise marks it {@link
   * InputState.Status#STARTED started} and returns where to resume: the recorded position for the
   * same version, else 0. A record that was still {@code STARTED} means a reader died while reading
   * it (a crash, a kill, running out of memory): its {@link InputState#interruptions()} count goes
   * up by one, so that an input that keeps killing the process can be given up on. A checkpoint
   * past the recorded position sets it back to 0: what is counted is readings cut short in a row
   * without getting further, which is what an input that kills the process does (it dies before its
   * next checkpoint each time), and not what another input read beside it does.
   */
  InputState begin(String key, Optional<String> version, Instant now);

  /**
   * Reading stopped before the end for a reason that is not the input's (the engine stopping, a
   * processor failure): the input becomes {@link InputState.Status#PAUSED paused} at {@code
   * position} and does not count as interrupted. Does nothing if the record is not {@code STARTED}.
   */
  void pause(String key, long position, Instant now);

  /**
   * The input cannot be handled as it is (it cannot be decoded, or it was given up on): it becomes
   * {@link InputState.Status#FAILED failed} with {@code reason}, and {@link #begin} refuses it until
   * its version changes.
   */
  void fail(String key, Optional<String> version, long position, String reason, Instant now);

  /**
   * Deletes finished ({@code DONE} or {@code FAILED}) records under {@code prefix} last updated
   * before {@code before}; returns how many. Bounds the ledger for sources that cannot redeliver old
   * inputs (an SQS queue keeps a message at most 14 days).
   */
  int forget(String prefix, Instant before);
}
