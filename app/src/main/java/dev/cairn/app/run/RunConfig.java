package dev.cairn.app.run;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code cairn run} needs, validated. Built by {@link ConfigLoader} from {@code cairn.yaml},
 * or {@link #defaults()} when there is no file.
 *
 * @param rules rule files; empty means the bundled CIS pack
 * @param state the SQLite state file; empty keeps the state in memory (forgotten at exit)
 * @param dedupWindow how long an eventID is remembered as handled
 * @param workers decode/match threads; 0 means the engine's default
 * @param queueCapacity work items buffered between polling and the workers; 0 means the engine's default
 * @param batchSize events handed to the processor at once
 * @param output how matches are printed on the console
 * @param httpPort port of /healthz and /metrics; 0 picks a free port, -1 turns them off
 * @param folders local folders to watch
 * @param queues SQS queues to poll
 */
public record RunConfig(
    List<Path> rules,
    Optional<Path> state,
    Duration dedupWindow,
    int workers,
    int queueCapacity,
    int batchSize,
    ConsoleOutput output,
    int httpPort,
    List<Folder> folders,
    List<Queue> queues) {

  public RunConfig {
    rules = List.copyOf(rules);
    folders = List.copyOf(folders);
    queues = List.copyOf(queues);
  }

  /** The embedded defaults: watch ./inbox, state in ./.cairn/, the CIS pack, matches as text. */
  public static RunConfig defaults() {
    return new RunConfig(List.of(), Optional.of(Path.of(".cairn", "state.db")), Duration.ofHours(24),
        0, 0, 100, ConsoleOutput.text, 9464,
        List.of(new Folder(Path.of("inbox"), Duration.ofSeconds(1))), List.of());
  }

  /** How matches are printed. */
  public enum ConsoleOutput {
    text,
    jsonl,
    none
  }

  /** A watched folder. */
  public record Folder(Path path, Duration settle) {}

  /**
   * An SQS queue announcing CloudTrail log files in S3.
   *
   * @param accessKeyId with {@code secretAccessKey}: static credentials; empty means the default chain
   */
  public record Queue(
      String queueUrl,
      Optional<String> region,
      Optional<URI> sqsEndpoint,
      Optional<URI> s3Endpoint,
      int pollers,
      int maxMessages,
      Duration waitTime,
      Duration visibilityTimeout,
      Optional<String> accessKeyId,
      Optional<String> secretAccessKey) {

    @Override
    public String toString() {
      // Never print credentials.
      return "Queue[" + queueUrl + ", pollers=" + pollers + ", credentials="
          + (accessKeyId.isPresent() ? "static" : "default chain") + "]";
    }
  }
}
