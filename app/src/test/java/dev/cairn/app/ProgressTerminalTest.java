package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar in a real pseudo-terminal ({@code script(1)} gives the command one): drawn when
 * standard error is the terminal and standard output is not, never over rows of output when both
 * are. The scan reads standard input that stays open for 3 s (the bar waits a second before it draws), so there is time to draw.
 */
class ProgressTerminalTest {
  @TempDir Path dir;

  @Test
  void theBarShowsOnlyWhenStandardOutputIsNotTheTerminal() throws Exception {
    assumeTrue(CairnProcess.available("script"), "script(1) gives the test a pseudo-terminal");
    Path record = Files.writeString(dir.resolve("record.json"), ScanCommandTest.record("p", "StopLogging"));
    String scan = CairnProcess.command("scan", "-r", Path.of("../rules/cis-aws-foundations.yaml").toAbsolutePath()
        .toString(), "-").stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    String input = "(cat " + record + "; sleep 3) | ";

    CliRun redirected = script(input + scan + " > " + dir.resolve("out.jsonl"));
    CliRun onTerminal = script(input + scan);

    assertThat(redirected.exitCode()).as(redirected.out()).isZero();
    assertThat(redirected.out()).contains("events/s").contains("\r");
    assertThat(Files.readString(dir.resolve("out.jsonl"))).contains("\"eventID\":\"p\"").doesNotContain("events/s");
    assertThat(onTerminal.exitCode()).isZero();
    assertThat(onTerminal.out()).contains("\"eventID\":\"p\"").doesNotContain("events/s");
  }

  /** Runs {@code shell} with a pseudo-terminal as its standard input, output and error; returns what it showed. */
  private CliRun script(String shell) throws Exception {
    Process p = new ProcessBuilder(List.of("script", "-qec", shell, "/dev/null")).directory(dir.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    String shown = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new CliRun(p.waitFor(), shown, "");
  }
}
