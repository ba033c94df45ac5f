package dev.cairn.app;

import dev.cairn.app.cli.TempFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code bin/cairn} runs once per build under {@code -XX:ArchiveClassesAtExit}, so that the
 * class-data archive holds the classes the commands load: scans of the bundled examples (with the CIS
 * pack, and with a rule of each kind of condition), then a
 * {@code cairn run --drain} over them with a SQLite state, the HTTP endpoints, and an SQS source
 * whose endpoint refuses connections (the AWS SDK's clients and request path load; nothing leaves
 * this machine). Archived classes start a {@code cairn run} about a second of CPU sooner, which a
 * service restarted by its supervisor, or a batch job per hour, pays at every start.
 *
 * <p>Not a command: its output goes nowhere and its exit code is always 0, whatever the steps did
 * (an archive of fewer classes is still an archive).
 *
 * <pre>{@code
 * java -XX:ArchiveClassesAtExit=app/target/cairn.jsa -cp app/target/cairn.jar dev.cairn.app.ClassDataTraining .
 * }</pre>
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  /**
   * Runs the training steps.
   *
   * @param args the repository root (holding {@code rules/} and {@code examples/})
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
    PrintWriter nowhere = new PrintWriter(PrintWriter.nullWriter());
    Path cis = root.resolve("rules/cis-aws-foundations.yaml");
    Path examples = root.resolve("examples");
    Main.execute(nowhere, nowhere, "scan", "--rules", cis.toString(), examples.toString());

    try (TempFolder folder = TempFolder.create("cairn-cds")) {
      Path work = folder.path();
      // The CIS pack has filter patterns only: event patterns (event-ruler) and the other filter
      // forms are trained with a rule of each kind.
      Path kinds = work.resolve("kinds.yaml");
      try (InputStream in = ClassDataTraining.class.getResourceAsStream("class-data-training.yaml")) {
        Files.copy(in, kinds);
      }
      Main.execute(nowhere, nowhere, "scan", "--rules", kinds.toString(), examples.toString());

      Path key = Files.writeString(work.resolve("key"), "training");
      Path config = work.resolve("cairn.yaml");
      int refused = closedPort();
      Files.writeString(config, String.join("\n",
          "state: " + quoted(work.resolve("state.db")),
          "rules: [" + quoted(cis) + "]",
          "output: jsonl",
          "http: {port: 0}",
          "sources:",
          "  folders:",
          "    - path: " + quoted(examples.resolve("data")),
          "  sqs:",
          "    - queueUrl: http://127.0.0.1:" + refused + "/000000000000/training",
          "      region: us-east-1",
          "      sqsEndpoint: http://127.0.0.1:" + refused,
          "      s3Endpoint: http://127.0.0.1:" + refused,
          "      accessKeyId: " + quoted("file:" + key),
          "      secretAccessKey: " + quoted("file:" + key),
          ""), StandardCharsets.UTF_8);
      // The SQS source never drains (its endpoint refuses): the drain gives up after its timeout.
      Main.execute(nowhere, nowhere, "run", "--config", config.toString(), "--drain", "--drain-timeout", "3s");
    }
    System.exit(0);
  }

  /** A local port nothing listens on (just released by this process). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String quoted(Object value) {
    return "'" + value.toString().replace("'", "''") + "'";
  }
}
