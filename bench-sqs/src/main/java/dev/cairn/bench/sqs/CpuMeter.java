package dev.cairn.bench.sqs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Wall time and CPU time of one timed run, split into the in-process servers (ElasticMQ, S3Proxy's
 * Jetty) and everything else (the library under test, its HTTP clients, GC, JIT). The servers share
 * the machine with the library, so their share says how much CPU the library could have had.
 */
final class CpuMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long startNanos;
  private final long startProcessCpu;
  private final Map<Long, Long> startServerCpu;

  private CpuMeter() {
    this.startServerCpu = serverCpu();
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
    for (Map.Entry<Long, Long> e : serverCpu().entrySet()) {
      servers += e.getValue() - startServerCpu.getOrDefault(e.getKey(), 0L);
    }
    return new double[] {events / seconds, seconds, process, servers / 1e9};
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Map<Long, Long> serverCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && isServer(info.getThreadName())) {
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
