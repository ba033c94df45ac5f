package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.Main;
import dev.cairn.runtime.Health;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn run} and {@code cairn validate} errors a user can act on: one line, exit status 2. */
class RunUsageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;

  @Test
  void aPortInUseIsOneLineNamingThePortAndHowToChangeIt() throws IOException {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = config(inbox, "http: {port: " + taken.getLocalPort() + "}");

      Result run = run("run", "--drain", "--config", config.toString());

      assertThat(run.code).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err).isEqualTo("cairn: cannot serve /healthz and /metrics: port " + taken.getLocalPort()
          + " on 127.0.0.1 is in use (address already in use); choose another with http.port in the config or "
          + "--http-port (0 picks a free port, -1 turns them off)\n");
      assertThat(run("run", "--drain", "--http-port", "0", "--config", config.toString()).code).isZero();
    }
  }

  @Test
  void aDrainStartsWithoutThePortUnlessAskedFor() throws IOException {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    // The default port (9464) held by someone else, or by a running service: a drain does not need it.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config = config(inbox, "");
      assertThat(run("run", "--drain", "--config", config.toString()).code).isZero();
      assertThat(run("run", "--drain", "--http-port", Integer.toString(taken.getLocalPort()), "--config",
          config.toString()).code).as("asked for").isEqualTo(ExitCodes.USAGE);
    }
  }

  @Test
  void healthAndMetricsListenOnLoopbackByDefault() throws IOException {
    String address = RunConfig.FILE.defaults().get(RunConfig.HTTP).get(RunConfig.HTTP_ADDRESS);
    assertThat(address).isEqualTo("127.0.0.1");
    try (HttpEndpoints served = HttpEndpoints.start(address, 0, () -> Health.OK, () -> "")) {
      assertThat(served.url()).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void theFileColumnSaysWhereEachEventCameFrom() throws IOException {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    Path file = Files.copy(Path.of("../examples/data/console-sign-in/console-sign-in-events.json"),
        inbox.resolve("sign-in.json"));

    Result jsonl = run("run", "--drain", "--config", config(inbox, "output: jsonl").toString());
    Result table = run("run", "--drain", "--config", config(inbox, "output: text\nstate: memory").toString());

    assertThat(jsonl.out.lines()).isNotEmpty().allSatisfy(line ->
        assertThat(json(line).get("file").asText()).isEqualTo(file.toAbsolutePath().toString()));
    assertThat(table.out.lines().toList().get(0)).endsWith("FILE");
    assertThat(table.out.lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" " + file));
  }

  @Test
  void validateMakesEveryCheckRunMakes() throws IOException {
    Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: stop
            filter: '{ $.eventName = "StopLogging" }'
            notify: [nowhere]
        """);
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        rules: [rules.yaml]
        state: memory
        sources: {folders: [inbox]}
        exclude:
          - pattern: '{"detail": {"eventName": "GetObject"}}'
        channels:
          hook: {type: webhook, url: 'http://127.0.0.1:1/x', secret: short}
        """);

    Result validate = run("validate", config.toString());
    Result run = run("run", "--drain", "--config", config.toString());

    assertThat(validate.code).isEqualTo(ExitCodes.USAGE);
    assertThat(run.code).isEqualTo(ExitCodes.USAGE);
    assertThat(validate.err).contains(
        "invalid: " + dir.resolve("rules.yaml") + ":2: rule 'stop': notify: no channel named 'nowhere'",
        "invalid: " + config + ": exclude[0].pattern: line 1, column ",
        "invalid: " + config + ": channels.hook.secret: expected whsec_ followed by base64");
    assertThat(run.err).contains(
        "cairn: invalid rule: " + dir.resolve("rules.yaml") + ":2: rule 'stop': notify: no channel named 'nowhere'",
        "cairn: invalid config: " + config + ": exclude[0].pattern: line 1, column ",
        "cairn: invalid config: " + config + ": channels.hook.secret: expected whsec_");
    assertThat(run.err).doesNotContain("Exception");
  }

  @Test
  void aLongPollBeyondSqsLimitIsRejectedByValidateWithItsKeyPath() throws IOException {
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: memory
        sources:
          sqs:
            - queueUrl: https://sqs.us-east-1.amazonaws.com/111122223333/trail
              waitTime: 30s
        """);

    Result validate = run("validate", config.toString());

    assertThat(validate.code).isEqualTo(ExitCodes.USAGE);
    assertThat(validate.err).startsWith("invalid: " + config
        + ": sources.sqs[0].waitTime: expected a duration from 0s to 20s, got '30s'\n");
  }

  @Test
  void aValueFromTheEnvironmentIsNeverEchoed() throws IOException {
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: memory
        sources: {folders: [inbox]}
        channels:
          mail: {type: email, host: localhost, from: cairn@example.com, to: ["${LEAKED}"]}
          sqs-like: {type: webhook, url: "${LEAKED}"}
        """);

    // The loader is what reads ${...}; the environment is given to it, as System::getenv is.
    List<String> problems;
    try {
      problems = RunSetup.problems(ConfigLoader.load(config, Map.of("LEAKED", SECRET)::get)).stream()
          .map(RunSetup.Problem::text).toList();
    } catch (InvalidConfigException e) {
      problems = e.problems();
    }

    assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContain(SECRET).doesNotContain("wJalr"));
    assertThat(String.join("\n", problems)).contains("not shown");
  }

  @Test
  void aChannelSettingFromTheEnvironmentIsNotEchoedWhenItsChannelRejectsIt() throws Exception {
    Path config = Files.writeString(dir.resolve("cairn.yaml"), """
        state: memory
        sources: {folders: [inbox]}
        channels:
          mail: {type: email, host: localhost, from: cairn@example.com, to: ["${LEAKED}"]}
        """);

    List<String> problems = RunSetup.problems(ConfigLoader.load(config, Map.of("LEAKED", SECRET)::get)).stream()
        .map(RunSetup.Problem::text).toList();

    assertThat(problems).containsExactly("channels.mail.to: a value that is not shown is not an e-mail address");
  }

  @Test
  void rulePathsInAConfigAreRelativeToItsFolder() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("etc/cairn"));
    Files.copy(Path.of("../rules/cis-aws-foundations.yaml"), elsewhere.resolve("cis.yaml"));
    Path config = Files.writeString(elsewhere.resolve("cairn.yaml"), """
        rules: [cis.yaml]
        state: memory
        sources: {folders: [../../inbox]}
        """);

    Result validate = run("validate", config.toString());

    assertThat(Path.of("cis.yaml")).as("not in the working directory").doesNotExist();
    assertThat(validate.code).isZero();
    assertThat(validate.out).contains("ok: " + elsewhere.resolve("cis.yaml"));
  }

  /** A config watching {@code inbox}; {@code more} adds keys or replaces {@code output} and {@code state}. */
  private Path config(Path inbox, String more) throws IOException {
    StringBuilder text = new StringBuilder();
    if (!more.contains("state:")) {
      text.append("state: ").append(dir.resolve("state.db")).append('\n');
    }
    if (!more.contains("output:")) {
      text.append("output: jsonl\n");
    }
    text.append("sources:\n  folders:\n    - path: ").append(inbox).append("\n      settle: 10ms\n");
    text.append(more).append('\n');
    return Files.writeString(dir.resolve("cairn.yaml"), text);
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  private record Result(int code, String out, String err) {}
}
