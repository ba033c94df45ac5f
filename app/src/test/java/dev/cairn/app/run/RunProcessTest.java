package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.CairnProcess;
import dev.cairn.app.CliRun;
import dev.cairn.app.cli.ExitCodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn run} as a process: how it ends on a signal, what it logs when a queue cannot be
 * reached or there are no credentials. The environment of these processes holds no AWS settings
 * at all (variables, profile files, instance metadata all cut off), whatever the test's own.
 */
class RunProcessTest {
  @TempDir Path dir;

  /** No AWS credentials reachable in any way the SDK's default chain looks. */
  private void scrubbed(Map<String, String> env) {
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("HOME", dir.toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
  }

  @Test
  void sigintAndSigtermStopCleanlyWithStatusZeroAndASecondRunSaysWhatWasDone() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.copy(Path.of("../examples/data/console-sign-in/console-sign-in-events.json"), inbox.resolve("a.json"));
    Files.writeString(inbox.resolve("broken.json"), "{\"Records\":[{\"eventVersion\":");
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: %s
        http: {port: -1}
        sources: {folders: [{path: inbox, settle: 10ms}]}
        """.formatted(dir.resolve("state.db")));

    CliRun drained = CairnProcess.run(dir, this::scrubbed, "run", "--drain", "--config", config.toString());
    assertThat(drained.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(drained.err()).as("a poison file failed; nothing was left for redelivery")
        .contains("stopped: 1 item(s) completed, 1 failed, 0 left for redelivery");

    for (String signal : new String[] {"INT", "TERM"}) {
      CairnProcess service = CairnProcess.start(CairnProcess.command("run", "--config", config.toString()), dir,
          this::scrubbed);
      await(service, "msg=\"started: ");
      service.signal(signal);
      CliRun stopped = service.await();

      assertThat(stopped.exitCode()).as("SIG" + signal).isZero();
      assertThat(stopped.err()).contains("cairn: 10 events in 1 file already handled earlier; watching " + dir.resolve("inbox") + "/ for new files")
          .contains("SIG" + signal + ": stopping cleanly").contains("stopped: 0 item(s) completed, 0 failed");
    }
  }

  @Test
  void anUnreadableSubdirectoryIsWarnedAboutOnceAndFailsADrain() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Files.copy(Path.of("../examples/data/console-sign-in/console-sign-in-events.json"), inbox.resolve("a.json"));
    Path locked = Files.createDirectories(inbox.resolve("locked"));
    Files.copy(inbox.resolve("a.json"), locked.resolve("b.json"));
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: memory
        output: none
        sources: {folders: [{path: inbox, settle: 10ms}]}
        """);
    locked.toFile().setReadable(false, false);
    locked.toFile().setExecutable(false, false);
    try {
      // As root, only a process without the permission override sees "permission denied".
      CliRun run = Files.isReadable(locked)
          ? CairnProcess.withoutFilePermissionOverride("run", "--drain", "--config", config.toString())
          : CairnProcess.run(dir, this::scrubbed, "run", "--drain", "--config", config.toString());

      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.err().lines().filter(l -> l.contains("level=WARN") && l.contains("permission denied"))).hasSize(1);
      assertThat(run.err()).contains("cairn: drained: 1 item(s) done, 0 failed")
          .contains("cairn: error: " + locked + ": cannot be read: permission denied");
    } finally {
      locked.toFile().setReadable(true, false);
      locked.toFile().setExecutable(true, false);
    }
  }

  @Test
  void noCredentialsIsOneLineAndStatusTwo() throws Exception {
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: memory
        sources:
          sqs:
            - queueUrl: http://127.0.0.1:9/000000000000/trail
              sqsEndpoint: http://127.0.0.1:9
        """);

    CliRun run = CairnProcess.run(dir, this::scrubbed, "run", "--drain", "--config", config.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("cairn: sources.sqs[0]: no AWS credentials found: set AWS_ACCESS_KEY_ID and "
        + "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with ~/.aws/credentials), give the queue accessKeyId and "
        + "secretAccessKey, or run where an instance or task role provides them\n");
  }

  @Test
  void anUnreachableQueueIsLoggedOnceWithoutTracesAndADrainGivesUpWithStatusTwo() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort(); // a queue server that was stopped: nothing listens here any more
    }
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: memory
        sources:
          sqs:
            - queueUrl: http://127.0.0.1:%d/000000000000/trail
              sqsEndpoint: http://127.0.0.1:%d
              accessKeyId: test
              secretAccessKey: test
        """.formatted(closed, closed));

    long start = System.nanoTime();
    CliRun run = CairnProcess.run(dir, this::scrubbed, "run", "--drain", "--drain-give-up", "2s",
        "--config", config.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    String cause = "cannot connect to http://127.0.0.1:" + closed + " (connection refused)";
    assertThat(run.err()).contains("cairn: drain gave up: receive from http://127.0.0.1:" + closed
        + "/000000000000/trail failed: " + cause + " (for 2s; nothing was read)");
    assertThat(run.err().lines().filter(l -> l.contains("level=WARN") && l.contains(cause))).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ", "Exception");
  }

  /** Polls what the process logged (a process has no latch to offer) for up to 30 s. */
  private static void await(CairnProcess process, String logged) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!process.logged(logged)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not logged within 30 s: " + logged + "\n" + process.errSoFar());
      }
      Thread.sleep(20);
    }
  }
}
