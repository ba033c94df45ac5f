package dev.cairn.bench.sqs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/cairn run --config X [--drain]} as a child process under {@code /usr/bin/time}, exactly
 * as a user starts it ({@code CAIRN_JAVA_OPTS} unset unless given), stdout discarded, stderr and
 * time's report in the run's folder.
 *
 * <p>bin/cairn ends by exec'ing java, so time's only child is Cairn's JVM: {@link #terminate} sends
 * it SIGTERM (what a service manager sends), and time then reports its CPU and peak RSS.
 */
final class CairnChild {
  /** What the run used: wall from start to exit, user + system CPU, peak RSS, and its exit status. */
  record Usage(double wallSeconds, double cpuSeconds, double peakRssMb, int exitCode, String stderr) {}

  private final Path dir;
  private final Process process;
  private final long startNanos;

  private CairnChild(Path dir, Process process, long startNanos) {
    this.dir = dir;
    this.process = process;
    this.startNanos = startNanos;
  }

  static CairnChild start(Path repo, Path dir, Path config, boolean drain, Map<String, String> env, String javaOpts)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o",
        dir.resolve("time.txt").toString(), repo.resolve("bin/cairn").toString(), "run", "--config", config.toString()));
    if (drain) {
      command.add("--drain");
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("stderr.log").toFile());
    pb.environment().remove("CAIRN_JAVA_OPTS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().putAll(env);
    if (javaOpts != null) {
      pb.environment().put("CAIRN_JAVA_OPTS", javaOpts);
    }
    Files.writeString(dir.resolve("command.txt"), (javaOpts == null ? "" : "CAIRN_JAVA_OPTS='" + javaOpts + "' ")
        + String.join(" ", command) + "\n");
    long start = System.nanoTime();
    return new CairnChild(dir, pb.start(), start);
  }

  long startNanos() {
    return startNanos;
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * CPU seconds (user + system) Cairn's JVM has used so far, from {@code /proc/<pid>/stat} (clock
   * ticks of 1/100 s); NaN when it cannot be read.
   */
  double cpuSecondsSoFar() {
    return process.children().findFirst().map(java -> {
      try {
        String stat = Files.readString(Path.of("/proc/" + java.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // fields 14 and 15: utime, stime
      } catch (IOException | RuntimeException e) {
        return Double.NaN;
      }
    }).orElse(Double.NaN);
  }

  /** SIGTERM to Cairn's JVM (time's child), as a service manager stops it. */
  void terminate() {
    process.children().forEach(ProcessHandle::destroy);
  }

  /** Waits for the exit; kills it (and says so) when it takes longer than {@code timeoutSeconds}. */
  Usage await(long timeoutSeconds) throws IOException, InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new SqsBenchmark.BenchmarkFailure("cairn did not finish in " + timeoutSeconds + " s; see " + dir);
    }
    double wall = (System.nanoTime() - startNanos) / 1e9;
    String stderr = Files.readString(dir.resolve("stderr.log"));
    List<String> lines = Files.readAllLines(dir.resolve("time.txt"));
    String[] t = lines.get(lines.size() - 1).trim().split("\\s+", -1); // %e %U %S %M
    return new Usage(wall, Double.parseDouble(t[1]) + Double.parseDouble(t[2]), Long.parseLong(t[3]) / 1024.0,
        process.exitValue(), stderr);
  }
}
