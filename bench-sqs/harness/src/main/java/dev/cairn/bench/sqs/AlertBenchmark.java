package dev.cairn.bench.sqs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alerting benchmark of issue 12: how long from CloudTrail's SQS notice to the webhook receiving
 * the alert, at a steady 1,000 alerts a minute, and how many alerts a second go through the outbox to
 * a local webhook. Each run is {@code bin/cairn run} as a child process under {@code /usr/bin/time},
 * with one SQS source (S3 behind the latency proxy), durable state, one rule (failed console
 * sign-ins), {@code output: none} and a signed {@code webhook} channel to {@link WebhookReceiver},
 * in this process, which stamps each alert's arrival on the same clock as the notices were sent.
 *
 * <ul>
 *   <li><b>Latency</b>: {@code cairn run} (no drain) while this process, on a schedule with jitter,
 *       puts a small log file (one failed sign-in among ~50 other records) into S3 and sends its
 *       notice; t0 is taken just before SendMessage. After the warm-up, each alert's latency is
 *       split by when Cairn's GET of its file reached and left the S3 latency proxy. Cairn is
 *       stopped with SIGTERM once every alert arrived (or 30 s after the last notice).
 *   <li><b>Throughput</b>: for each S3 latency setting, a fresh queue holding every notice and a
 *       fresh state, then {@code cairn run --drain}; alerts/s from starting the child to the last
 *       alert's arrival, JVM start included.
 * </ul>
 */
public final class AlertBenchmark {
  private static final Pattern DELIVERIES = Pattern.compile("(\\d+) alert deliver(?:y|ies) made, (\\d+) dead");

  private final AlertOptions options;
  private final Path runDir;
  private final String webhookSecret;
  private final AlertReport report = new AlertReport();
  private Servers servers;
  private WebhookReceiver receiver;
  private int runs;

  private AlertBenchmark(AlertOptions options) throws IOException {
    this.options = options;
    this.runDir = options.repo().resolve("bench-sqs/target/runs")
        .resolve("alerts-" + LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);
    byte[] key = new byte[32];
    new Random().nextBytes(key);
    this.webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  public static void main(String[] args) throws Exception {
    AlertBenchmark bench = new AlertBenchmark(AlertOptions.parse(args));
    int status = 0;
    try {
      bench.run();
    } catch (SqsBenchmark.BenchmarkFailure e) {
      System.out.flush();
      System.err.println();
      System.err.println("bench-sqs alerts: FAILED: " + e.getMessage());
      status = 1;
    } finally {
      if (bench.receiver != null) {
        bench.receiver.close();
      }
      if (bench.servers != null) {
        bench.servers.close();
      }
    }
    System.exit(status);
  }

  private void run() throws Exception {
    report.machine(options, runDir);
    RecordPool pool = RecordPool.load(options.repo());
    servers = new Servers(options.sqsLatency());
    receiver = new WebhookReceiver(options.webhookDelay());
    prepareCairn();
    Random random = new Random(options.seed() + 2);
    HarnessWarmUp.run(servers, receiver, new AlertFiles(pool, options.recordBytes(),
        "harness-warm-up-" + TrailGenerator.randomString(random, "0123456789abcdef", 8), random), options.harnessWarmupSeconds());
    if (options.latencyPhase()) {
      latency(pool);
    }
    if (options.throughputPhase()) {
      throughput(pool);
    }
    report.end();
  }

  private void prepareCairn() throws Exception {
    Path log = runDir.resolve("cairn-version.log");
    Process p = new ProcessBuilder(options.repo().resolve("bin/cairn").toString(), "--version")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new SqsBenchmark.BenchmarkFailure("bin/cairn --version failed: " + Files.readString(log));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Latency

  /** One notice of the latency phase: what was sent and when. */
  record Sent(AlertFiles.LogFile file, long offsetNanos, boolean measured, long putNanos, long t0) {}

  /** CPU seconds of Cairn and of this process over the measured window, and its length. */
  record WindowCpu(double cairnSeconds, double harnessSeconds, double wallSeconds, int notices) {}

  private void latency(RecordPool pool) throws Exception {
    Random random = new Random(options.seed());
    String bucket = "aws-cloudtrail-logs-alerts-" + TrailGenerator.randomString(random, "0123456789abcdef", 8);
    AlertFiles maker = new AlertFiles(pool, options.recordBytes(), bucket, random);
    servers.createBucket(bucket);

    // The schedule (mean interval 60 s / rate, each interval uniform in [0.5, 1.5] × the mean) and its
    // files, made beforehand so that this process does little but put and send while measuring.
    double mean = 60e9 / options.perMinute();
    long warmup = TimeUnit.SECONDS.toNanos(options.warmupSeconds());
    long end = warmup + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    List<long[]> schedule = new ArrayList<>();
    for (long t = 0; t < end; t += (long) (mean * (0.5 + random.nextDouble()))) {
      int others = options.othersPerAlert() / 2 + random.nextInt(options.othersPerAlert() + 1);
      schedule.add(new long[] {t, others});
    }
    Instant now = Instant.now();
    List<AlertFiles.LogFile> files = new ArrayList<>();
    for (long[] s : schedule) {
      files.add(maker.make(random, now.plusNanos(s[0]), 1, (int) s[1]));
    }
    System.err.printf(Locale.ROOT, "latency: %d log files made (%d matching templates), sending for %d s%n",
        files.size(), maker.matchingTemplates(), options.warmupSeconds() + options.durationSeconds());

    String queue = servers.emptyQueue();
    Path dir = runDirectory("latency");
    servers.s3Latency(options.s3Latency());
    URI s3 = servers.s3ViaProxy();
    Path config = writeConfig(dir, queue, s3);
    Map<String, long[]> gets = new ConcurrentHashMap<>();
    String prefix = "GET /" + bucket + "/";
    servers.s3Proxy().listener((line, arrived, delay, done) -> {
      if (line.startsWith(prefix)) {
        int q = line.indexOf('?');
        int sp = line.indexOf(' ', prefix.length());
        String key = line.substring(prefix.length(), q > 0 && q < sp ? q : sp);
        gets.putIfAbsent(key, new long[] {arrived, delay, done});
      }
    });
    LatencyProxy.Stats proxyBefore = servers.s3Proxy().stats();
    receiver.reset();
    long harnessCpu = SqsBenchmark.processCpuNanos();
    CairnChild child = CairnChild.start(options.repo(), dir, config, false, env(), options.javaOpts());
    long start = System.nanoTime();
    List<Sent> sent = new ArrayList<>();
    double[] window = null; // Cairn CPU, harness CPU, nanoTime at the first measured notice
    for (int i = 0; i < files.size(); i++) {
      long due = start + schedule.get(i)[0];
      for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      if (window == null && schedule.get(i)[0] >= warmup) {
        window = new double[] {child.cpuSecondsSoFar(), SqsBenchmark.processCpuNanos() / 1e9, System.nanoTime()};
      }
      if (!child.alive()) {
        throw new SqsBenchmark.BenchmarkFailure("cairn exited during the latency phase: "
            + SqsBenchmark.tail(Files.readString(dir.resolve("stderr.log")), 40));
      }
      AlertFiles.LogFile f = files.get(i);
      long putStart = System.nanoTime();
      servers.put(bucket, f.key(), f.gzip());
      String notice = Servers.notice(maker.trail(), f.key(), Instant.now().toString(), random);
      long t0 = System.nanoTime();
      servers.send(queue, notice);
      sent.add(new Sent(f, schedule.get(i)[0], schedule.get(i)[0] >= warmup, t0 - putStart, t0));
    }
    long sendingEnded = System.nanoTime();
    long measuredCount = sent.stream().filter(Sent::measured).count();
    WindowCpu windowCpu = window == null ? null : new WindowCpu(child.cpuSecondsSoFar() - window[0],
        SqsBenchmark.processCpuNanos() / 1e9 - window[1], (sendingEnded - window[2]) / 1e9, (int) measuredCount);
    List<String> all = sent.stream().flatMap(s -> s.file().matchIds().stream()).toList();
    long missing = receiver.awaitAll(all, 30, TimeUnit.SECONDS);
    child.terminate();
    CairnChild.Usage usage = child.await(60);
    servers.s3Proxy().listener(null);
    double harness = (SqsBenchmark.processCpuNanos() - harnessCpu) / 1e9;
    LatencyProxy.Stats proxy = servers.s3Proxy().stats().minus(proxyBefore);
    int[] left = servers.messages(queue);
    report.latency(options, sent, receiver, gets, proxy, usage, harness, windowCpu, (sendingEnded - start) / 1e9, missing,
        left, dir);
  }

  // ---------------------------------------------------------------------------------------------
  // Throughput

  private void throughput(RecordPool pool) throws Exception {
    Random random = new Random(options.seed() + 1);
    String bucket = "aws-cloudtrail-logs-alerts-" + TrailGenerator.randomString(random, "0123456789abcdef", 8);
    AlertFiles maker = new AlertFiles(pool, options.recordBytes(), bucket, random);
    servers.createBucket(bucket);
    List<TrailGenerator.LogFile> notices = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long events = 0;
    long gzip = 0;
    long json = 0;
    Instant now = Instant.now();
    for (int made = 0; made < options.alerts(); ) {
      int n = Math.min(options.alertsPerFile(), options.alerts() - made);
      AlertFiles.LogFile f = maker.make(random, now, n, options.othersPerFile());
      servers.put(bucket, f.key(), f.gzip());
      notices.add(new TrailGenerator.LogFile(f.key(), null, f.events(), f.jsonBytes(), f.gzip().length));
      ids.addAll(f.matchIds());
      events += f.events();
      gzip += f.gzip().length;
      json += f.jsonBytes();
      made += n;
    }
    System.err.printf(Locale.ROOT, "throughput: %,d alerts in %,d files (%,d events, %.1f MB JSON, %.1f MB gzip) uploaded%n",
        ids.size(), notices.size(), events, json / 1e6, gzip / 1e6);
    TrailGenerator.Trail trail = new TrailGenerator.Trail(bucket, maker.trail().organizationId(),
        maker.trail().managementAccount(), List.of());
    List<AlertReport.Throughput> rows = new ArrayList<>();
    for (long[] latency : options.throughputLatencies()) {
      servers.s3Latency(latency);
      LatencyProxy.Stats proxyBefore = servers.s3Proxy().stats();
      receiver.reset();
      String queue = servers.queueWithNotices(trail, notices);
      Path dir = runDirectory("throughput-s3-" + latency[0] + "-" + latency[1]);
      Path config = writeConfig(dir, queue, servers.s3Endpoint(latency));
      String jfr = options.jfr() ? "-XX:StartFlightRecording=filename=" + dir.resolve("cairn.jfr") + ",settings=profile"
          : null;
      String java = options.javaOpts() == null ? jfr : jfr == null ? options.javaOpts() : options.javaOpts() + " " + jfr;
      long harnessCpu = SqsBenchmark.processCpuNanos();
      CairnChild child = CairnChild.start(options.repo(), dir, config, true, env(), java);
      CairnChild.Usage usage = child.await(options.timeoutSeconds());
      double harness = (SqsBenchmark.processCpuNanos() - harnessCpu) / 1e9;
      verifyDrain(usage, notices.size(), events, ids.size(), dir);
      long missing = receiver.awaitAll(ids, 0, TimeUnit.SECONDS);
      int[] left = servers.messages(queue);
      if (left[0] + left[1] + left[2] != 0) {
        throw new SqsBenchmark.BenchmarkFailure("the queue still holds messages after the drain: " + List.of(left));
      }
      LatencyProxy.Stats proxy = servers.s3Proxy().stats().minus(proxyBefore);
      AlertReport.Throughput row = new AlertReport.Throughput(latency, ids.size(), notices.size(), events,
          (receiver.lastNanos() - child.startNanos()) / 1e9, (receiver.firstNanos() - child.startNanos()) / 1e9, usage,
          harness, receiver.repeats(), missing, receiver.requests(), latency[1] > 0 ? proxy : null,
          receiver.gapsMillis(), receiver.serviceMillis(), receiver.mostAtOnce(), receiver.arrivals());
      writeArrivals(dir.resolve("arrivals.tsv"), child.startNanos(), row.arrivals());
      System.err.printf(Locale.ROOT, "  [throughput, s3 %s] %,.0f alerts/s (%.2f s to the last alert), CPU %.2f s,"
              + " RSS %.0f MB, %d repeated, %d lost%n", Options.describe(latency), row.alertsPerSecond(),
          row.toLastSeconds(), usage.cpuSeconds(), usage.peakRssMb(), row.repeats(), missing);
      rows.add(row);
      servers.deleteQueue(queue);
    }
    report.throughput(options, rows, json / (double) events, gzip / (double) events);
  }

  /** Alerts arrived per second since the child started, for a look at the ramp. */
  private static void writeArrivals(Path file, long start, long[] arrivals) throws IOException {
    StringBuilder tsv = new StringBuilder("second\talerts\n");
    int second = 0;
    int count = 0;
    for (long a : arrivals) {
      int s = (int) ((a - start) / 1_000_000_000L);
      while (second < s) {
        tsv.append(second++).append('\t').append(count).append('\n');
        count = 0;
      }
      count++;
    }
    tsv.append(second).append('\t').append(count).append('\n');
    Files.writeString(file, tsv);
  }

  private void verifyDrain(CairnChild.Usage usage, int files, long events, int alerts, Path dir) {
    String err = usage.stderr();
    if (usage.exitCode() != 0) {
      throw new SqsBenchmark.BenchmarkFailure("cairn run --drain exited with " + usage.exitCode() + "; see " + dir
          + ":\n" + SqsBenchmark.tail(err, 40));
    }
    Matcher m = SqsBenchmark.DRAINED.matcher(err);
    Matcher d = DELIVERIES.matcher(err);
    if (!m.find() || !d.find()) {
      throw new SqsBenchmark.BenchmarkFailure("no drain summary on stderr:\n" + SqsBenchmark.tail(err, 40));
    }
    if (Long.parseLong(m.group(1)) != files || Long.parseLong(m.group(2)) != 0 || Long.parseLong(m.group(3)) != events
        || Long.parseLong(d.group(1)) != alerts || Long.parseLong(d.group(2)) != 0) {
      throw new SqsBenchmark.BenchmarkFailure(String.format(Locale.ROOT, "%s; %s — expected %d items, none left,"
          + " %d events read, %d deliveries made, none dead; see %s", m.group(), d.group(), files, events, alerts, dir));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Configuration

  private Path runDirectory(String name) throws IOException {
    return Files.createDirectories(runDir.resolve(String.format(Locale.ROOT, "%02d-%s", ++runs, name)));
  }

  private Map<String, String> env() {
    return Map.of("BENCH_ACCESS_KEY_ID", Servers.ACCESS_KEY, "BENCH_SECRET_ACCESS_KEY", Servers.SECRET_KEY,
        "BENCH_WEBHOOK_SECRET", webhookSecret);
  }

  /**
   * A user's config for this: one SQS source, durable state in a fresh folder, one rule, no
   * printed output, a signed webhook for that rule's alerts; delivery at its defaults.
   */
  private Path writeConfig(Path dir, String queueUrl, URI s3) throws IOException {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, """
        rules:
          - id: %s
            description: Failed console sign-in
            severity: high
            filter: '%s'
        """.formatted(AlertFiles.RULE_ID, AlertFiles.RULE_FILTER));
    String yaml = """
        # generated by bench-sqs alerts
        state: %s
        output: none
        http:
          port: -1
        rules: [%s]
        channels:
          receiver:
            type: webhook
            url: %s
            secret: ${BENCH_WEBHOOK_SECRET}
        routes:
          - match: {rule: [%s]}
            notify: [receiver]
        sources:
          sqs:
            - queueUrl: %s
              region: %s
              sqsEndpoint: %s
              s3Endpoint: %s
              accessKeyId: ${BENCH_ACCESS_KEY_ID}
              secretAccessKey: ${BENCH_SECRET_ACCESS_KEY}
        """.formatted(state.resolve("state.db"), rules, receiver.url(), AlertFiles.RULE_ID, queueUrl, Servers.REGION,
        servers.sqsEndpoint(), s3);
    if (options.waitTime() != null) {
      yaml += "      waitTime: " + options.waitTime() + "\n";
    }
    Path config = dir.resolve("cairn.yaml");
    Files.writeString(config, yaml);
    return config;
  }
}
