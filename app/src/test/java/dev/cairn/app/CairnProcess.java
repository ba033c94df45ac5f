package dev.cairn.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code cairn} in a JVM of its own, for what only a process shows: how it ends on a signal, what
 * it logs (logback writes to the real standard error), what it sees of a terminal or an environment
 * without AWS credentials, and file permissions for a process without root's override. The test's
 * class path is the command's.
 */
public final class CairnProcess {
  private final ProcessBuilder builder;
  private final Process process;
  private final CompletableFuture<String> out;
  private final CompletableFuture<String> err;

  private CairnProcess(ProcessBuilder builder) throws IOException {
    this.builder = builder;
    this.process = builder.start();
    this.out = drain(process.getInputStream());
    this.err = drain(process.getErrorStream());
  }

  /**
   * Whether {@code env --default-signal} (GNU coreutils 8.31 and later) is here. A process started in
   * the background by a shell without job control (a CI script's {@code &}) ignores SIGINT, and so
   * does every process it starts — this test JVM and its children — and a JVM leaves an ignored
   * SIGINT ignored. The command is started through it so that SIGINT reaches the child as Ctrl-C
   * would, wherever the tests themselves were started from.
   */
  private static final boolean DEFAULT_SIGNAL = supportsDefaultSignal();

  /** The command line that runs {@code cairn args} with the test's class path. */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    if (DEFAULT_SIGNAL) {
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dcairn.home=" + Path.of("..").toAbsolutePath().normalize(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static boolean supportsDefaultSignal() {
    try {
      Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code command} in {@code directory}, with {@code environment} changed by {@code env}. */
  public static CairnProcess start(List<String> command, Path directory, Consumer<Map<String, String>> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    env.accept(builder.environment());
    return new CairnProcess(builder);
  }

  /** Runs {@code cairn args} to its end (at most a minute). */
  public static CliRun run(Path directory, Consumer<Map<String, String>> env, String... args) throws Exception {
    return start(command(args), directory, env).await();
  }

  /**
   * {@code cairn args} run as root without {@code CAP_DAC_OVERRIDE} and {@code
   * CAP_DAC_READ_SEARCH} (by {@code setpriv}), so that file permissions hold for it as for any
   * user: the only way a test running as root sees "permission denied".
   */
  public static CliRun withoutFilePermissionOverride(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"));
    command.addAll(command(args));
    return start(command, Path.of("."), env -> {}).await();
  }

  long pid() {
    return process.pid();
  }

  /** Standard error so far (for waiting until something was logged). */
  public boolean logged(String text) {
    return err.isDone() ? err.join().contains(text) : partialErr().contains(text);
  }

  private final StringBuilder errSoFar = new StringBuilder();

  /** What the process wrote to standard error so far. */
  public synchronized String errSoFar() {
    return errSoFar.toString();
  }

  private synchronized String partialErr() {
    return errSoFar.toString();
  }

  /** Sends a signal by name ({@code INT}, {@code TERM}). */
  public void signal(String name) throws Exception {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public CliRun await() throws Exception {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after a minute: " + builder.command() + "\n" + partialErr());
    }
    return new CliRun(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private CompletableFuture<String> drain(InputStream stream) {
    boolean isErr = stream == process.getErrorStream();
    return CompletableFuture.supplyAsync(() -> {
      StringBuilder all = new StringBuilder();
      byte[] buffer = new byte[8192];
      try (stream) {
        for (int n; (n = stream.read(buffer)) > 0; ) {
          String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
          all.append(chunk);
          if (isErr) {
            synchronized (this) {
              errSoFar.append(chunk);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return all.toString();
    });
  }

  /** True when {@code program} is on the PATH. */
  public static boolean available(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
