package dev.cairn.bench.sqs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmark: one process holding the servers (S3Proxy, ElasticMQ, latency proxies) that
 * generates and uploads the trail once, then, for each S3 latency setting, runs every configuration
 * of {@code variants.conf} as a fresh child process, round-robin for several rounds, each on a fresh
 * queue holding every notice before its clock starts, and prints a markdown table per latency
 * setting. Child processes run under {@code /usr/bin/time}, which gives their user + system CPU and
 * peak RSS; wall time is from starting the child to its exit, JVM start included.
 */
public final class SqsBenchmark {
  static final Pattern DRAINED = Pattern.compile(
      "cairn: drained: (\\d+) item\\(s\\) done, (\\d+) failed, (\\d+) event\\(s\\) read, (\\d+) handled, "
          + "(\\d+) repeat");

  private final Options options;
  private final Path runDir;
  private final Path cplJar;
  private final Path cplArchive;
  private Servers servers;
  private TrailGenerator.Trail trail;

  /** One measured run. */
  record Run(Variant variant, double wallSeconds, double cpuSeconds, double peakRssMb, double serverCpuSeconds,
      long events) {
    double eventsPerSecond() {
      return events / wallSeconds;
    }
  }

  private SqsBenchmark(Options options) throws IOException {
    this.options = options;
    this.runDir = options.repo().resolve("bench-sqs/target/runs")
        .resolve(LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(runDir);
    this.cplJar = options.repo().resolve("bench-sqs/cpl/target/cpl-runner.jar");
    this.cplArchive = options.repo().resolve("bench-sqs/cpl/target/cpl-runner.jsa");
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    SqsBenchmark bench = new SqsBenchmark(options);
    int status;
    try {
      status = bench.run();
    } catch (BenchmarkFailure e) {
      System.out.flush();
      System.err.println();
      System.err.println("bench-sqs: FAILED: " + e.getMessage());
      status = 1;
    } finally {
      if (bench.servers != null) {
        bench.servers.close();
      }
    }
    System.exit(status);
  }

  private int run() throws Exception {
    List<Variant> variants = Variant.load(options.variants(), options.only());
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "machine: %d cores, %s, %.0f GiB, %s; load average at start %s%n", cores,
        cpuModel(), totalMemoryGiB(), javaVersion(), loadAverage());

    long t0 = System.nanoTime();
    RecordPool pool = RecordPool.load(options.repo());
    trail = TrailGenerator.generate(pool, new TrailGenerator.Params(options.events(), options.meanPerFile(),
        options.maxPerFile(), options.accounts(), options.seed(), options.recordBytes()), options.repo().resolve("bench-sqs/target"), cores);
    if (!options.shuffled()) {
      trail = trail.inDeliveryOrder();
    }
    System.err.printf(Locale.ROOT, "trail ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    printProfile(pool);

    servers = new Servers(options.sqsLatency());
    servers.upload(trail);
    System.out.printf(Locale.ROOT, "servers: S3Proxy 4.1.0 (in memory, SigV4 checked) and ElasticMQ 1.7.1 in the harness"
            + " process; SQS latency %s%s; logs of every run in %s%n", Options.describe(options.sqsLatency()),
        options.sqsLatency()[1] > 0 ? " (latency proxy)" : " (direct)", options.repo().relativize(runDir));
    System.out.println();

    prepareCairn(variants);
    if (options.warmupEvents() > 0) {
      warmUp(variants);
    }

    for (long[] latency : options.s3Latencies()) {
      servers.s3Latency(latency);
      LatencyProxy.Stats proxyBefore = servers.s3Proxy().stats();
      LatencyProxy.Stats sqsProxyBefore = servers.sqsProxy().stats();
      servers.s3Proxy().resetPeak();
      servers.sqsProxy().resetPeak();
      Map<Variant, List<Run>> runs = new LinkedHashMap<>();
      variants.forEach(v -> runs.put(v, new ArrayList<>()));
      for (int round = 0; round < options.rounds(); round++) {
        // Round-robin, starting one further each round, so no configuration always runs first.
        for (int k = 0; k < variants.size(); k++) {
          Variant v = variants.get((k + round) % variants.size());
          Run r = measure(v, latency, trail.files(), trail.events(), "s3 " + Options.describe(latency)
              + ", round " + (round + 1) + "/" + options.rounds());
          runs.get(v).add(r);
        }
      }
      LatencyProxy.Stats proxy = servers.s3Proxy().stats().minus(proxyBefore);
      LatencyProxy.Stats sqsProxy = servers.sqsProxy().stats().minus(sqsProxyBefore);
      printTable(latency, runs, latency[1] > 0 ? proxy : null, options.sqsLatency()[1] > 0 ? sqsProxy : null);
    }
    System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Runs

  /** Builds each CLI the configurations run (if stale) and its class-data archive outside any measurement. */
  private void prepareCairn(List<Variant> variants) throws Exception {
    Set<Path> clis = new LinkedHashSet<>();
    clis.add(options.repo().resolve("bin/cairn"));
    variants.stream().filter(Variant::isCairn).forEach(v -> clis.add(v.cairn(options.repo())));
    for (Path cli : clis) {
      Process p = new ProcessBuilder(cli.toString(), "--version")
          .redirectErrorStream(true).redirectOutput(runDir.resolve("cairn-version.log").toFile()).start();
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new BenchmarkFailure(cli + " --version failed: " + Files.readString(runDir.resolve("cairn-version.log")));
      }
    }
    if (!Files.isRegularFile(cplJar)) {
      throw new BenchmarkFailure(cplJar + " is missing: build with bench-sqs/run.sh");
    }
  }

  /**
   * One unmeasured run of each configuration on the first files (about {@code warmupEvents}
   * events): warms the page cache for the jars, makes CPL's class-data archive when a configuration
   * uses it, and counts Cairn's matches (stdout kept this once).
   */
  private void warmUp(List<Variant> variants) throws Exception {
    List<TrailGenerator.LogFile> files = new ArrayList<>();
    long events = 0;
    for (TrailGenerator.LogFile f : trail.files()) {
      if (events >= options.warmupEvents()) {
        break;
      }
      files.add(f);
      events += f.events();
    }
    long[] latency = options.s3Latencies().get(0);
    servers.s3Latency(latency);
    boolean counted = false;
    boolean archived = false;
    for (Variant v : variants) {
      Path stdout = null;
      if (v.isCairn() && !counted) {
        stdout = runDir.resolve("warmup-matches.jsonl");
      }
      if (!v.isCairn() && v.cds() && !archived) {
        Files.deleteIfExists(cplArchive);
        execute(v, latency, files, events, "warm-up", null, "-XX:ArchiveClassesAtExit=" + cplArchive);
        archived = true;
      } else {
        execute(v, latency, files, events, "warm-up", stdout, null);
      }
      if (stdout != null) {
        long matches;
        try (var lines = Files.lines(stdout)) {
          matches = lines.filter(l -> l.startsWith("{")).count();
        }
        System.out.printf(Locale.ROOT, "CIS pack matches (Cairn, warm-up run): %,d on %,d events (%.1f %%)%n%n",
            matches, events, 100.0 * matches / events);
        Files.delete(stdout);
        counted = true;
      }
    }
  }

  private Run measure(Variant v, long[] latency, List<TrailGenerator.LogFile> files, long events, String label)
      throws Exception {
    return execute(v, latency, files, events, label, null, null);
  }

  /** Fills a fresh queue, runs the child under /usr/bin/time, verifies its count. */
  private Run execute(Variant v, long[] latency, List<TrailGenerator.LogFile> files, long events, String label,
      Path stdout, String extraJvmFlag) throws Exception {
    System.gc();
    String queueUrl = servers.queueWithNotices(trail, files);
    String id = String.format(Locale.ROOT, "%03d", runCounter++);
    Path dir = Files.createDirectories(runDir.resolve(id + "-" + v.name().replaceAll("[^A-Za-z0-9]+", "-")));
    Path timeFile = dir.resolve("time.txt");
    Path stderr = dir.resolve("stderr.log");
    URI s3 = servers.s3Endpoint(latency);
    URI sqs = servers.sqsEndpoint();
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", timeFile.toString()));
    ProcessBuilder pb = new ProcessBuilder();
    pb.environment().remove("CAIRN_JAVA_OPTS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().put("BENCH_ACCESS_KEY_ID", Servers.ACCESS_KEY);
    pb.environment().put("BENCH_SECRET_ACCESS_KEY", Servers.SECRET_KEY);
    Path cplOut = dir.resolve("stdout.txt");
    if (v.isCairn()) {
      Path config = dir.resolve("cairn.yaml");
      Files.writeString(config, cairnConfig(v, queueUrl, s3, sqs, dir.resolve("state")));
      if (!v.java().isEmpty()) {
        pb.environment().put("CAIRN_JAVA_OPTS", v.java());
      }
      command.addAll(List.of(v.cairn(options.repo()).toString(), "run", "--config", config.toString(),
          "--drain"));
      pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout.toFile()) : ProcessBuilder.Redirect.DISCARD);
    } else {
      command.add("java");
      if (!v.java().isEmpty()) {
        command.addAll(Arrays.asList(v.java().split("\\s+")));
      }
      if (extraJvmFlag != null) {
        command.addAll(List.of(extraJvmFlag, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      } else if (v.cds() && Files.isRegularFile(cplArchive)) {
        command.addAll(List.of("-XX:SharedArchiveFile=" + cplArchive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      }
      command.addAll(List.of("-jar", cplJar.toString(), queueUrl, sqs.toString(), s3.toString(), Servers.REGION,
          Long.toString(events), v.threadCount().map(String::valueOf).orElse("default"),
          Integer.toString(options.timeoutSeconds())));
      pb.redirectOutput(cplOut.toFile());
    }
    pb.command(command).redirectError(stderr.toFile()).directory(dir.toFile());
    Files.writeString(dir.resolve("command.txt"), String.join(" ", command) + "\n");

    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    Process process = pb.start();
    boolean exited = process.waitFor(options.timeoutSeconds() + 60L, TimeUnit.SECONDS);
    double wall = (System.nanoTime() - start) / 1e9;
    double serverCpu = (processCpuNanos() - cpuBefore) / 1e9;
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new BenchmarkFailure(v.name() + " (" + label + ") did not finish in " + options.timeoutSeconds()
          + " s; see " + dir);
    }
    String err = Files.readString(stderr);
    if (process.exitValue() != 0) {
      throw new BenchmarkFailure(v.name() + " (" + label + ") exited with " + process.exitValue() + "; stderr:\n"
          + tail(err, 40));
    }
    long counted;
    if (v.isCairn()) {
      Matcher m = DRAINED.matcher(err);
      if (!m.find()) {
        throw new BenchmarkFailure(v.name() + " (" + label + "): no drain summary on stderr:\n" + tail(err, 40));
      }
      counted = Long.parseLong(m.group(3));
      if (Long.parseLong(m.group(1)) != files.size() || Long.parseLong(m.group(2)) != 0) {
        throw new BenchmarkFailure(v.name() + " (" + label + "): " + m.group() + " — expected " + files.size()
            + " items, none failed");
      }
    } else {
      Optional<String> count = Files.readAllLines(cplOut).stream().filter(l -> l.startsWith("events=")).findFirst();
      if (count.isEmpty()) {
        throw new BenchmarkFailure(v.name() + " (" + label + "): no count on stdout; stderr:\n" + tail(err, 40));
      }
      counted = Long.parseLong(count.get().substring(7).trim());
    }
    if (counted != events) {
      throw new BenchmarkFailure(String.format(Locale.ROOT, "%s (%s) handled %,d events, %,d were uploaded; see %s",
          v.name(), label, counted, events, dir));
    }
    int[] left = servers.messages(queueUrl);
    if (left[0] + left[1] + left[2] != 0) {
      throw new BenchmarkFailure(v.name() + " (" + label + ") left messages in the queue: " + Arrays.toString(left));
    }
    servers.deleteQueue(queueUrl);
    List<String> timeLines = Files.readAllLines(timeFile);
    String[] t = timeLines.get(timeLines.size() - 1).trim().split("\\s+", -1); // %e %U %S %M
    double cpu = Double.parseDouble(t[1]) + Double.parseDouble(t[2]);
    double rssMb = Long.parseLong(t[3]) / 1024.0;
    Run run = new Run(v, wall, cpu, rssMb, serverCpu, events);
    Files.writeString(runDir.resolve("runs.tsv"), String.format(Locale.ROOT, "%s\t%s\t%s\t%.3f\t%.2f\t%.0f\t%.2f\t%d%n",
        label, Options.describe(latency), v.name(), wall, cpu, rssMb, serverCpu, events),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    System.err.printf(Locale.ROOT, "  [%s] %-55s %7.2f s %9.0f events/s  CPU %6.2f s  RSS %5.0f MB  servers CPU %5.2f s%n",
        label, v.name(), wall, run.eventsPerSecond(), cpu, rssMb, serverCpu);
    return run;
  }

  private int runCounter = 1;

  /** The config of one Cairn run; the variant's keys replace generated ones of the same name. */
  private static String cairnConfig(Variant v, String queueUrl, URI s3, URI sqs, Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Map<String, String> top = new LinkedHashMap<>();
    top.put("state", stateDir.resolve("state.db").toString());
    top.put("output", "jsonl");
    top.put("http", "\n  port: -1");
    Map<String, String> queue = new LinkedHashMap<>();
    queue.put("queueUrl", queueUrl);
    queue.put("region", Servers.REGION);
    queue.put("sqsEndpoint", sqs.toString());
    queue.put("s3Endpoint", s3.toString());
    queue.put("accessKeyId", "${BENCH_ACCESS_KEY_ID}");
    queue.put("secretAccessKey", "${BENCH_SECRET_ACCESS_KEY}");
    v.yaml().forEach((k, value) -> {
      if (k.startsWith("sqs.")) {
        queue.put(k.substring(4), value);
      } else {
        top.put(k, value);
      }
    });
    StringBuilder yaml = new StringBuilder("# generated by bench-sqs for: " + v.name() + "\n");
    top.forEach((k, value) -> yaml.append(k).append(':').append(value.startsWith("\n") ? "" : " ").append(value).append('\n'));
    yaml.append("sources:\n  sqs:\n");
    String prefix = "    - ";
    for (Map.Entry<String, String> e : queue.entrySet()) {
      yaml.append(prefix).append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      prefix = "      ";
    }
    return yaml.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Report

  private void printProfile(RecordPool pool) {
    List<TrailGenerator.LogFile> files = trail.files();
    int[] sizes = files.stream().mapToInt(TrailGenerator.LogFile::events).sorted().toArray();
    long events = trail.events();
    System.out.printf(Locale.ROOT, "data: %,d files, %,d events; events per file mean %.0f, median %d, p90 %d, p99 %d,"
            + " max %d (log-normal, sigma 1, capped at %d)%n", files.size(), events, (double) events / files.size(),
        sizes[sizes.length / 2], sizes[(int) (sizes.length * 0.9)], sizes[Math.min(sizes.length - 1, (int) (sizes.length * 0.99))],
        sizes[sizes.length - 1], options.maxPerFile());
    System.out.printf(Locale.ROOT, "      %.0f JSON bytes per record, %.0f gzip bytes per event; %.0f MB JSON, %.0f MB gzip;"
            + " organisation %s, %d accounts, 8 regions, bucket %s (seed %d); notices queued %s%n",
        (double) trail.jsonBytes() / events, (double) trail.gzipBytes() / events, trail.jsonBytes() / 1e6,
        trail.gzipBytes() / 1e6, trail.organizationId(), options.accounts(), trail.bucket(), options.seed(),
        options.shuffled() ? "in random order (--order shuffled)" : "in delivery order");
    String sources = pool.bySource().entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(e -> e.getKey().replaceFirst("^core/src/test/resources/corpus/", "corpus/") + " " + e.getValue())
        .collect(Collectors.joining(", "));
    TrailGenerator.Sampler sampler = new TrailGenerator.Sampler(pool.templates(), options.recordBytes());
    int[] poolSizes = pool.templates().stream().mapToInt(RecordPool.Template::size).sorted().toArray();
    System.out.printf(Locale.ROOT, "      %d distinct real records (sizes: median %d, mean %.0f, max %d bytes): %s%n",
        poolSizes.length, poolSizes[poolSizes.length / 2], Arrays.stream(poolSizes).average().orElse(0),
        poolSizes[poolSizes.length - 1], sources);
    System.out.printf(Locale.ROOT, "      drawn with weights exp(-%.2e × size) for an expected %.0f bytes (--record-bytes %d);"
            + " %.0f %% of a file's events from a working set of its own (n/10 records, 10–200), the rest from the pool%n",
        sampler.lambda, sampler.expectedSize, options.recordBytes(), TrailGenerator.WORKING_SET_SHARE * 100);
    System.out.println("      example key: " + files.get(0).key());
  }

  private void printTable(long[] latency, Map<Variant, List<Run>> runs, LatencyProxy.Stats proxy,
      LatencyProxy.Stats sqsProxy) {
    System.out.println();
    System.out.printf(Locale.ROOT, "### S3 latency %s%s, SQS latency %s — %,d events in %,d files, %d round(s)%n%n",
        Options.describe(latency), latency[1] > 0 ? " per request" : " (no proxy)", Options.describe(options.sqsLatency()),
        trail.events(), trail.files().size(), options.rounds());
    System.out.println("| configuration | threads | events/s median (range) | wall s | CPU-s | CPU µs/event | peak RSS MB"
        + " | servers CPU-s | vs CPL defaults | vs CPL, same threads | vs CPL, same threads & JVM flags |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    Variant cplDefault = runs.keySet().stream().filter(v -> !v.isCairn() && v.threadCount().isEmpty() && v.java().isEmpty())
        .findFirst().orElse(null);
    for (Map.Entry<Variant, List<Run>> e : runs.entrySet()) {
      Variant v = e.getKey();
      List<Run> list = e.getValue();
      double eps = median(list, Run::eventsPerSecond);
      double min = list.stream().mapToDouble(Run::eventsPerSecond).min().orElse(0);
      double max = list.stream().mapToDouble(Run::eventsPerSecond).max().orElse(0);
      Optional<Variant> equal = v.isCairn() ? runs.keySet().stream()
          .filter(c -> !c.isCairn() && c.threads() == v.threads() && c.java().isEmpty()).findFirst() : Optional.empty();
      Optional<Variant> equalFlags = v.isCairn() ? runs.keySet().stream()
          .filter(c -> !c.isCairn() && c.threads() == v.threads() && !c.java().isEmpty()).findFirst() : Optional.empty();
      String vsDefault = cplDefault == null ? "—" : ratio(eps, median(runs.get(cplDefault), Run::eventsPerSecond));
      String vsEqual = equal.map(c -> ratio(eps, median(runs.get(c), Run::eventsPerSecond))).orElse("—");
      String vsEqualFlags = equalFlags.map(c -> ratio(eps, median(runs.get(c), Run::eventsPerSecond))).orElse("—");
      System.out.printf(Locale.ROOT, "| %s | %d | %s (%s–%s) | %.2f | %.2f | %.1f | %.0f | %.2f | %s | %s | %s |%n",
          v.name(), v.threads(), thousands(eps), thousands(min), thousands(max), median(list, Run::wallSeconds),
          median(list, Run::cpuSeconds), median(list, r -> r.cpuSeconds() * 1e6 / r.events()),
          median(list, Run::peakRssMb), median(list, Run::serverCpuSeconds), vsDefault, vsEqual, vsEqualFlags);
    }
    System.out.println();
    for (Map.Entry<Variant, List<Run>> e : runs.entrySet()) {
      Variant v = e.getKey();
      if (v.compare().isEmpty()) {
        continue;
      }
      Optional<Variant> other = runs.keySet().stream().filter(c -> c.name().equals(v.compare().get())).findFirst();
      if (other.isEmpty()) {
        continue;
      }
      List<Run> a = runs.get(other.get());
      List<Run> b = e.getValue();
      double eps = median(a, Run::eventsPerSecond) / median(b, Run::eventsPerSecond);
      double cpu = median(a, r -> r.cpuSeconds() / r.events()) / median(b, r -> r.cpuSeconds() / r.events());
      System.out.printf(Locale.ROOT, "- %s against %s: events/s %+.1f %%, CPU per event %+.1f %%%n",
          other.get().name(), v.name(), (eps - 1) * 100, (cpu - 1) * 100);
    }
    double fastest = runs.values().stream().mapToDouble(l -> median(l, Run::wallSeconds)).min().orElse(0);
    if (fastest < 10) {
      System.out.printf(Locale.ROOT, "- NOTE: the fastest configuration took %.1f s; JVM start and JIT warm-up weigh"
          + " heavily below 10 s: use --events to make runs longer.%n", fastest);
    }
    if (proxy != null) {
      System.out.println("- S3 latency proxy over these runs: " + proxy.describe());
    }
    if (sqsProxy != null) {
      System.out.println("- SQS latency proxy over these runs: " + sqsProxy.describe());
    }
    System.out.println("- threads: Cairn's decode/match workers (plus 2 SQS pollers and a delete thread); CPL's threadCount"
        + " (plus its one polling thread, which also processes a message itself when the pool's queue is full).");
    System.out.println("- wall s from starting the child to its exit (JVM start included); CPU-s user + system of the"
        + " child; servers CPU-s what the harness process (S3Proxy, ElasticMQ, proxies) used meanwhile; medians.");
    System.out.println();
  }

  private static String ratio(double a, double b) {
    return b == 0 ? "—" : String.format(Locale.ROOT, "%.2f×", a / b);
  }

  private static String thousands(double v) {
    return v >= 10_000 ? String.format(Locale.ROOT, "%.0fk", v / 1000) : String.format(Locale.ROOT, "%.1fk", v / 1000);
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  // ---------------------------------------------------------------------------------------------
  // Machine

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static double totalMemoryGiB() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() / (1024.0 * 1024 * 1024);
  }

  static String javaVersion() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String tail(String text, int lines) {
    String[] all = text.replaceAll("\n+$", "").split("\n", -1); // no empty lines from trailing newlines
    return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  /** A run that cannot be counted: the benchmark stops and says why. */
  static final class BenchmarkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchmarkFailure(String message) {
      super(message);
    }
  }
}
