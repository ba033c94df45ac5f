package dev.cairn.bench.sqs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link AlertBenchmark}; {@code --help} lists them. */
record AlertOptions(
    Path repo,
    boolean latencyPhase,
    boolean throughputPhase,
    int durationSeconds,
    int warmupSeconds,
    int perMinute,
    int othersPerAlert,
    long[] s3Latency,
    long[] sqsLatency,
    String waitTime,
    int alerts,
    int alertsPerFile,
    int othersPerFile,
    List<long[]> throughputLatencies,
    long[] webhookDelay,
    boolean jfr,
    String javaOpts,
    int recordBytes,
    int harnessWarmupSeconds,
    long seed,
    int timeoutSeconds) {

  static final String USAGE = """
      usage: bench-sqs/alerts.sh [options]
        --phases LIST          latency, throughput or both (default latency,throughput)
       latency phase (cairn run, stopped with SIGTERM at the end):
        --duration S           measured seconds (default 120)
        --warmup S             seconds sent first and not counted (default 15)
        --rate N               alerts per minute, one log file and one SQS notice each (default 1000)
        --others N             non-matching records in each such file, about (default 50)
        --latency RANGE        S3 latency, ms (default 20-40); requests always pass the proxy here
        --wait-time S          Cairn's sources.sqs[].waitTime, e.g. 20s (default: not set, Cairn's default)
       throughput phase (cairn run --drain on a queue filled beforehand):
        --alerts N             alerts in all (default 20000)
        --alerts-per-file N    failed sign-ins per log file (default 100)
        --others-per-file N    other records per log file (default 100)
        --throughput-latency LIST  S3 latency settings, ms, each MIN-MAX or one value; 0 = no proxy
                               (default 20-40,0)
        --jfr                  record a JFR profile (settings=profile) of each throughput run
        --java FLAGS           CAIRN_JAVA_OPTS for every Cairn run (default: unset, as users start it)
       both:
        --sqs-latency RANGE    latency added to Cairn's SQS requests, ms (default 0 = no proxy)
        --webhook-delay RANGE  the receiver waits this long before answering, ms (default 0)
        --record-bytes N       mean record size the other records are drawn towards (default 1250)
        --harness-warmup S     seconds this process exercises its servers before any run (default 10)
        --seed N               seed of the generated files (default 1)
        --timeout S            longest a run may take, seconds (default 600)
      """;

  static AlertOptions parse(String[] args) {
    Path repo = Path.of("").toAbsolutePath();
    boolean latency = true;
    boolean throughput = true;
    int duration = 120;
    int warmup = 15;
    int rate = 1000;
    int others = 50;
    long[] s3 = {20, 40};
    long[] sqs = {0, 0};
    String waitTime = null;
    int alerts = 20_000;
    int perFile = 100;
    int othersPerFile = 100;
    List<long[]> throughputLatencies = List.of(new long[] {20, 40}, new long[] {0, 0});
    long[] webhookDelay = {0, 0};
    boolean jfr = false;
    String javaOpts = null;
    int recordBytes = 1250;
    long seed = 1;
    int harnessWarmup = 10;
    int timeout = 600;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (a.equals("--jfr")) {
        jfr = true;
        continue;
      }
      if (i + 1 >= args.length) {
        usage("missing value after " + a);
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--repo" -> repo = Path.of(v).toAbsolutePath();
          case "--phases" -> {
            List<String> phases = List.of(v.split(","));
            latency = phases.contains("latency");
            throughput = phases.contains("throughput");
            if (!latency && !throughput) {
              throw new IllegalArgumentException(v);
            }
          }
          case "--duration" -> duration = Integer.parseInt(v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--rate" -> rate = Integer.parseInt(v);
          case "--others" -> others = Integer.parseInt(v);
          case "--latency" -> s3 = Options.range(v);
          case "--wait-time" -> waitTime = v;
          case "--alerts" -> alerts = Integer.parseInt(v.replace("_", "").replace(",", ""));
          case "--alerts-per-file" -> perFile = Integer.parseInt(v);
          case "--others-per-file" -> othersPerFile = Integer.parseInt(v);
          case "--throughput-latency" -> {
            List<long[]> list = new ArrayList<>();
            for (String range : v.split(",", -1)) {
              list.add(Options.range(range));
            }
            throughputLatencies = List.copyOf(list);
          }
          case "--sqs-latency" -> sqs = Options.range(v);
          case "--webhook-delay" -> webhookDelay = Options.range(v);
          case "--java" -> javaOpts = v;
          case "--record-bytes" -> recordBytes = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--harness-warmup" -> harnessWarmup = Integer.parseInt(v);
          case "--timeout" -> timeout = Integer.parseInt(v);
          default -> usage("unknown option " + a);
        }
      } catch (IllegalArgumentException e) {
        usage("bad value for " + a + ": " + v);
      }
    }
    if (duration < 1 || warmup < 0 || rate < 1 || others < 0 || alerts < 1 || perFile < 1 || othersPerFile < 0
        || recordBytes < 0 || harnessWarmup < 0 || timeout < 1) {
      usage("sizes must be positive");
    }
    return new AlertOptions(repo, latency, throughput, duration, warmup, rate, others, s3, sqs, waitTime, alerts,
        perFile, othersPerFile, throughputLatencies, webhookDelay, jfr, javaOpts, recordBytes, harnessWarmup, seed, timeout);
  }

  private static void usage(String problem) {
    System.err.println("bench-sqs alerts: " + problem);
    System.err.print(USAGE);
    System.exit(2);
  }
}
