package dev.cairn.bench.sqs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The alert benchmark's markdown on stdout: the machine, the latency phase, the throughput phase. */
final class AlertReport {
  /** One throughput run. {@code toLastSeconds} and {@code firstSeconds} count from starting the child. */
  record Throughput(long[] s3Latency, int alerts, int files, long events, double toLastSeconds, double firstSeconds,
      CairnChild.Usage usage, double serverCpuSeconds, long repeats, long lost, long requests, LatencyProxy.Stats proxy,
      List<Double> gapsMillis, List<Double> serviceMillis, int mostAtOnce, long[] arrivals) {
    double alertsPerSecond() {
      return alerts / toLastSeconds;
    }

    /** The most alerts that arrived within any 5 seconds, per second. */
    double best5Seconds() {
      int best = 0;
      for (int i = 0, j = 0; j < arrivals.length; j++) {
        while (arrivals[j] - arrivals[i] > 5_000_000_000L) {
          i++;
        }
        best = Math.max(best, j - i + 1);
      }
      return best / 5.0;
    }
  }

  private static final double TARGET_P99_MS = 1000;
  private static final double TARGET_PER_SECOND = 1000;

  void machine(AlertOptions options, Path runDir) {
    System.out.printf(Locale.ROOT, "machine: %d cores (nproc %s), %s, %.0f GiB, %s; other sessions may share these cores%n",
        Runtime.getRuntime().availableProcessors(), command("nproc"), SqsBenchmark.cpuModel(),
        SqsBenchmark.totalMemoryGiB(), SqsBenchmark.javaVersion());
    System.out.printf(Locale.ROOT, "cairn: %s; uptime at start: %s%n", command("git", "-C", options.repo().toString(),
        "log", "-1", "--format=%h %cs"), command("uptime"));
    System.out.println("logs of every run in " + options.repo().relativize(runDir));
    System.out.println();
  }

  void end() {
    System.out.println("uptime at end: " + command("uptime"));
  }

  void latency(AlertOptions options, List<AlertBenchmark.Sent> sent, WebhookReceiver receiver, Map<String, long[]> gets,
      LatencyProxy.Stats proxy, CairnChild.Usage usage, double harnessCpu, AlertBenchmark.WindowCpu window,
      double sendingSeconds, long missingAll,
      int[] queueLeft, Path dir) {
    List<Double> total = new ArrayList<>();
    List<Double> added = new ArrayList<>();
    List<Double> delay = new ArrayList<>();
    List<Double> toGet = new ArrayList<>();
    List<Double> get = new ArrayList<>();
    List<Double> afterGet = new ArrayList<>();
    List<Double> put = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    long measured = 0;
    long lost = 0;
    StringBuilder tsv = new StringBuilder("offset_s\tmeasured\tnotice_to_webhook_ms\tto_get_ms\tget_ms\tafter_get_ms\n");
    for (AlertBenchmark.Sent s : sent) {
      put.add(s.putNanos() / 1e6);
      Long arrival = receiver.arrival(s.file().matchIds().get(0));
      long[] g = gets.get(s.file().key());
      tsv.append(String.format(Locale.ROOT, "%.3f\t%b\t%s\t%s\t%s\t%s%n", s.offsetNanos() / 1e9, s.measured(),
          arrival == null ? "" : (arrival - s.t0()) / 1e6, g == null ? "" : (g[0] - s.t0()) / 1e6,
          g == null ? "" : (g[2] - g[0]) / 1e6, g == null || arrival == null ? "" : (arrival - g[2]) / 1e6));
      if (!s.measured()) {
        if (arrival != null) {
          warm.add((arrival - s.t0()) / 1e6);
        }
        continue;
      }
      measured++;
      if (arrival == null) {
        lost++;
        continue;
      }
      double ms = (arrival - s.t0()) / 1e6;
      total.add(ms);
      if (g != null) {
        delay.add(g[1] / 1e6);
        added.add(ms - g[1] / 1e6);
        toGet.add((g[0] - s.t0()) / 1e6);
        get.add((g[2] - g[0]) / 1e6);
        afterGet.add((arrival - g[2]) / 1e6);
      }
    }
    try {
      java.nio.file.Files.writeString(dir.resolve("latency.tsv"), tsv);
    } catch (IOException e) {
      System.err.println("bench-sqs alerts: cannot write " + dir.resolve("latency.tsv") + ": " + e.getMessage());
    }
    String s3 = Options.describe(options.s3Latency());
    System.out.printf(Locale.ROOT, "### Latency: SQS notice → webhook, %,d alerts/minute, S3 latency %s, SQS latency %s%n%n",
        options.perMinute(), s3, Options.describe(options.sqsLatency()));
    System.out.printf(Locale.ROOT, "`cairn run` (no --drain) for %d s: %,d notices, one log file each (one failed sign-in"
            + " among ~%d other records); the %,d sent after the %d s warm-up are measured. t0 just before SendMessage;"
            + " arrival when the webhook has read the request.%n%n", options.warmupSeconds() + options.durationSeconds(),
        sent.size(), options.othersPerAlert(), measured, options.warmupSeconds());
    System.out.println("| | alerts | p50 ms | p90 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|");
    row("notice → webhook", total);
    row("of which S3 latency proxy delay", delay);
    row("notice → webhook less the S3 proxy's delay (added latency)", added);
    row("· notice sent → Cairn's GET reaches S3 (SQS receive, hand-over)", toGet);
    row("· S3 GET (proxy delay + S3Proxy's answer)", get);
    row("· GET answered → webhook has it (decode, match, outbox, delivery)", afterGet);
    System.out.println();
    double p99 = percentile(added, 0.99);
    System.out.printf(Locale.ROOT, "- **lost: %d of %,d measured** (%,d of %,d sent in all never arrived within 30 s of"
            + " the last notice); repeats (webhook-id seen before): %d; webhook requests: %,d%n", lost, measured,
        missingAll, sent.size(), receiver.repeats(), receiver.requests());
    System.out.printf(Locale.ROOT, "- target p99 ≤ 1 s of added latency: %s (p99 less the S3 delay %.0f ms)%n",
        lost == 0 && p99 <= TARGET_P99_MS ? "**met**" : "**NOT met**", p99);
    System.out.printf(Locale.ROOT, "- warm-up (not counted; Cairn's JVM starts with the first notice): %,d alerts, p50 %s ms,"
            + " max %s ms; the first notice's alert took %s ms%n", warm.size(), ms(percentile(warm, 0.5)),
        ms(percentile(warm, 1.0)), warm.isEmpty() ? "—" : ms(warm.get(0)));
    System.out.printf(Locale.ROOT, "- sent %,d notices in %.1f s (%.0f a minute, planned %,d); putting each file into"
            + " S3Proxy and making its notice (before t0, not counted): p50 %.1f ms, p99 %.1f ms%n", sent.size(),
        sendingSeconds, sent.size() * 60 / sendingSeconds, options.perMinute(), percentile(put, 0.5), percentile(put, 0.99));
    System.out.printf(Locale.ROOT, "- Cairn's SQS source: pollers 2 (default), waitTime %s: a long poll returns as soon as"
            + " a message arrives (ElasticMQ, like SQS), so the wait bounds the idle cost, not the latency%n",
        options.waitTime() == null ? "20s (default)" : options.waitTime());
    System.out.println("- S3 latency proxy: " + proxy.describe() + (sent.isEmpty() ? ""
        : String.format(Locale.ROOT, "; %.2f requests per file", (double) proxy.requests() / sent.size())));
    System.out.printf(Locale.ROOT, "- cairn (child, whole phase incl. JVM start, stopped by SIGTERM, exit %d): CPU %.2f s"
            + " (%.2f ms per alert), peak RSS %.0f MB; harness (servers, sender, receiver) CPU %.2f s; queue after:"
            + " %s (visible, in flight, delayed); logs in %s%n", usage.exitCode(), usage.cpuSeconds(),
        usage.cpuSeconds() * 1e3 / Math.max(1, sent.size()), usage.peakRssMb(), harnessCpu, Arrays.toString(queueLeft),
        dir.getFileName());
    if (window != null) {
      System.out.printf(Locale.ROOT, "- over the measured %.0f s only: cairn %.2f CPU-s (%.0f %% of one core, %.1f ms per"
              + " alert), harness %.2f CPU-s (%.0f %% of one core)%n", window.wallSeconds(), window.cairnSeconds(),
          100 * window.cairnSeconds() / window.wallSeconds(), window.cairnSeconds() * 1e3 / window.notices(),
          window.harnessSeconds(), 100 * window.harnessSeconds() / window.wallSeconds());
    }
    System.out.println();
  }

  void throughput(AlertOptions options, List<Throughput> rows, double jsonPerRecord, double gzipPerEvent) {
    Throughput first = rows.get(0);
    System.out.printf(Locale.ROOT, "### Throughput: alerts through the outbox to a local webhook (`cairn run --drain`)%n%n");
    System.out.printf(Locale.ROOT, "%,d alerts in %,d log files (%d failed sign-ins and %d other records each; %.0f JSON"
            + " bytes per record, %.0f gzip bytes per event), every notice queued before the child starts; each run a"
            + " fresh queue and state. SQS latency %s; webhook answers after %s.%n%n", first.alerts(), first.files(),
        options.alertsPerFile(), options.othersPerFile(), jsonPerRecord, gzipPerEvent,
        Options.describe(options.sqsLatency()), Options.describe(options.webhookDelay()));
    System.out.println("| S3 latency | alerts/s (start → last alert) | s to last alert | first alert at s |"
        + " alerts/s (first → last alert) | best 5 s, alerts/s | exit s | CPU-s | CPU ms/alert | peak RSS MB | servers CPU-s | repeats | lost |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Throughput r : rows) {
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.0f | %.2f | %d | %d |%n",
          r.s3Latency()[1] > 0 ? Options.describe(r.s3Latency()) : "0 (no proxy)", r.alertsPerSecond(),
          r.toLastSeconds(), r.firstSeconds(), r.alerts() / (r.toLastSeconds() - r.firstSeconds()), r.best5Seconds(),
          r.usage().wallSeconds(), r.usage().cpuSeconds(), r.usage().cpuSeconds() * 1e3 / r.alerts(),
          r.usage().peakRssMb(), r.serverCpuSeconds(), r.repeats(), r.lost());
    }
    System.out.println();
    for (Throughput r : rows) {
      if (r.proxy() != null) {
        System.out.println("- S3 latency proxy (" + Options.describe(r.s3Latency()) + "): " + r.proxy().describe());
      }
    }
    for (Throughput r : rows) {
      double gap = mean(r.gapsMillis());
      double service = mean(r.serviceMillis());
      String bound = r.mostAtOnce() <= 1
          ? String.format(Locale.ROOT, "One attempt at a time: 1 / (%.2f + %.2f ms) = %,.0f deliveries/s at most", gap,
              service, 1000 / (gap + service))
          : "Requests open at once: at most " + r.mostAtOnce() + " (the webhook channel's inFlight), so the gaps"
              + " overlap and do not bound the rate";
      System.out.printf(Locale.ROOT, "- per delivery (S3 %s): from the webhook's answer to Cairn's next request mean %.2f ms,"
              + " p50 %.2f, p90 %.2f, p99 %.2f ms; the receiver's own time mean %.2f ms. %s%n", Options.describe(r.s3Latency()),
          gap, percentile(r.gapsMillis(), 0.5), percentile(r.gapsMillis(), 0.9), percentile(r.gapsMillis(), 0.99), service,
          bound);
    }
    if (options.javaOpts() != null) {
      System.out.println("- CAIRN_JAVA_OPTS: " + options.javaOpts());
    }
    // Through the outbox = from the first alert delivered to the last; from the child's start it also
    // counts the JVM's start and the first poll, which no outbox can speed up. Both are reported.
    boolean clean = rows.stream().allMatch(r -> r.lost() == 0 && r.repeats() == 0);
    boolean outbox = clean && rows.stream().allMatch(r -> r.alerts() / (r.toLastSeconds() - r.firstSeconds()) >= TARGET_PER_SECOND);
    boolean whole = clean && rows.stream().allMatch(r -> r.alertsPerSecond() >= TARGET_PER_SECOND);
    System.out.printf(Locale.ROOT, "- target ≥ 1,000 alerts/s through the outbox (first → last alert): %s; counting the"
        + " JVM's start and first poll too (start → last alert): %s; every run verified: exit 0, drain summary (items,"
        + " events read, deliveries made, none dead), every alert arrived, queue empty%n", outbox ? "**met**" : "**NOT met**",
        whole ? "met" : "not met");
    System.out.println("- alerts/s (start → last alert) counts JVM start, first poll and the last delivery; exit s is"
        + " the child's wall time (it exits once every delivery is recorded)");
    System.out.println();
  }

  private static void row(String name, List<Double> values) {
    System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s |%n", name, values.size(), ms(percentile(values, 0.5)),
        ms(percentile(values, 0.9)), ms(percentile(values, 0.99)), ms(percentile(values, 1.0)));
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "—" : v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Nearest rank: the smallest value with at least {@code p} of all at or below it. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(p * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  private static String command(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
