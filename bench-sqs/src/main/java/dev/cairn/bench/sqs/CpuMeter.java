package dev.cairn.bench.sqs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Wall time and CPU time of one timed run, split into the in-process servers (ElasticMQ, S3Proxy's
 * Jetty) and everything else (the library under test, its HTTP clients, GC, JIT). The servers share
 * the machine with the library, so their share says how much CPU the library could have had.
 */
final class CpuMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long startNanos;
  private final long startProcessCpu;
  /** With {@code -Dbench.threads=true}, each run prints its CPU by thread group. */
  private static final boolean BY_THREAD = Boolean.getBoolean("bench.threads");

  private final Map<Long, Long> startServerCpu;
  private final Map<Long, Long> startThreadCpu;
  private final Map<String, Long> startVmCpu;

  private CpuMeter() {
    this.startThreadCpu = threadCpu(name -> true);
    this.startVmCpu = BY_THREAD ? vmThreadCpu() : Map.of();
    this.startServerCpu = threadCpu(CpuMeter::isServer);
    this.startProcessCpu = processCpu();
    this.startNanos = System.nanoTime();
  }

  static CpuMeter start() {
    return new CpuMeter();
  }

  /** {events/s, wall s, process CPU s, server CPU s}. */
  double[] stop(long events) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double process = (processCpu() - startProcessCpu) / 1e9;
    long servers = 0;
    for (Map.Entry<Long, Long> e : threadCpu(CpuMeter::isServer).entrySet()) {
      servers += e.getValue() - startServerCpu.getOrDefault(e.getKey(), 0L);
    }
    if (BY_THREAD) {
      printByThread(process);
    }
    return new double[] {events / seconds, seconds, process, servers / 1e9};
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU seconds per thread name (digits folded) during the run; what Java threads do not account
   * for is the VM's own: GC, JIT, and threads that ended during the run.
   */
  private void printByThread(double processSeconds) {
    Map<String, Double> byGroup = new TreeMap<>();
    double javaThreads = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long now = THREADS.getThreadCpuTime(info.getThreadId());
        double used = (now - startThreadCpu.getOrDefault(info.getThreadId(), 0L)) / 1e9;
        if (now >= 0 && used > 0.005) {
          byGroup.merge(info.getThreadName().replaceAll("\\d+", "N"), used, Double::sum);
          javaThreads += used;
        }
      }
    }
    StringBuilder line = new StringBuilder("  cpu s by thread:");
    byGroup.forEach((name, used) -> line.append(String.format(Locale.ROOT, " %s %.2f;", name, used)));
    line.append(String.format(Locale.ROOT, " not in Java threads %.2f, of which", processSeconds - javaThreads));
    Map<String, Double> vm = new TreeMap<>();
    vmThreadCpu().forEach((task, ticks) -> vm.merge(task.substring(task.indexOf(' ') + 1),
        (ticks - startVmCpu.getOrDefault(task, 0L)) / 100.0, Double::sum));
    vm.forEach((name, used) -> line.append(used > 0.005 ? String.format(Locale.ROOT, " %s %.2f;", name, used) : ""));
    System.out.println(line);
  }

  /**
   * CPU ticks (1/100 s) of the VM's own threads (GC, compilers) by "tid kind", from /proc: the
   * management API does not see them. Empty where /proc is missing.
   */
  private static Map<String, Long> vmThreadCpu() {
    Map<String, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String stat = Files.readString(task.resolve("stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String kind = comm.startsWith("GC Thread") || comm.startsWith("G1") ? "GC"
            : comm.startsWith("C1") || comm.startsWith("C2") ? "JIT" : comm.startsWith("VM") ? "VM" : null;
        if (kind != null) {
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.put(task.getFileName() + " " + kind, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return ticks;
  }

  private static Map<Long, Long> threadCpu(Predicate<String> which) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && which.test(info.getThreadName())) {
        long t = THREADS.getThreadCpuTime(info.getThreadId());
        if (t >= 0) {
          cpu.put(info.getThreadId(), t);
        }
      }
    }
    return cpu;
  }

  /** ElasticMQ runs on Pekko dispatchers; S3Proxy on Jetty threads named after it. */
  private static boolean isServer(String name) {
    return name.startsWith("elasticmq") || name.startsWith("SNProxy") || name.startsWith("S3Proxy")
        || name.startsWith("qtp");
  }
}
