package dev.cairn.bench.sqs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Command-line options of {@link SqsBenchmark}; {@code --help} lists them. */
record Options(
    Path repo,
    long events,
    int meanPerFile,
    int maxPerFile,
    int accounts,
    long seed,
    int recordBytes,
    int rounds,
    List<long[]> s3Latencies,
    long[] sqsLatency,
    Path variants,
    Pattern only,
    int timeoutSeconds,
    int warmupEvents,
    boolean shuffled) {

  static final String USAGE = """
      usage: bench-sqs/run.sh [options]
        --events N            events in the trail (default 500000)
        --mean-per-file N     mean events per log file, log-normal, sigma 1 (default 500)
        --max-per-file N      most events in one file (default 5000)
        --accounts N          accounts in the organisation (default 40)
        --seed N              seed of the generated trail (default 1); the trail is cached per arguments
        --record-bytes N      mean record size to draw the pool towards, 0 = uniform draw (default 1250)
        --rounds N            measured runs of each configuration per latency setting (default 3)
        --latency LIST        S3 latency settings in ms, each MIN-MAX or one value; 0 = no proxy
                              (default 20-40,0: both, in that order)
        --sqs-latency RANGE   latency added to every SQS request, ms (default 0 = no proxy)
        --variants FILE       configurations to run (default bench-sqs/variants.conf)
        --only REGEX          run only the configurations whose name matches (find, case-insensitive)
        --timeout S           longest a single run may take, seconds (default 900)
        --warmup-events N     events in each configuration's unmeasured warm-up run; 0 = none (default 20000)
        --order ORDER         the queue's notices: delivery (by each file's delivery time, as CloudTrail
                              delivers them) or shuffled (the day's files in random order) (default delivery)
      """;

  static Options parse(String[] args) {
    Path repo = Path.of("").toAbsolutePath();
    long events = 500_000;
    int mean = 500;
    int max = 5000;
    int accounts = 40;
    long seed = 1;
    int recordBytes = 1250;
    int rounds = 3;
    List<long[]> latencies = List.of(new long[] {20, 40}, new long[] {0, 0});
    long[] sqs = {0, 0};
    Path variants = null;
    Pattern only = null;
    int timeout = 900;
    int warmup = 20_000;
    boolean shuffled = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        usage("missing value after " + a);
      }
      String v = args[++i];
      try {
        switch (a) {
          case "--repo" -> repo = Path.of(v).toAbsolutePath();
          case "--events" -> events = Long.parseLong(v.replace("_", "").replace(",", ""));
          case "--mean-per-file" -> mean = Integer.parseInt(v);
          case "--max-per-file" -> max = Integer.parseInt(v);
          case "--accounts" -> accounts = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--record-bytes" -> recordBytes = Integer.parseInt(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--latency" -> {
            List<long[]> list = new ArrayList<>();
            for (String range : v.split(",", -1)) {
              list.add(range(range));
            }
            latencies = List.copyOf(list);
          }
          case "--sqs-latency" -> sqs = range(v);
          case "--variants" -> variants = Path.of(v).toAbsolutePath();
          case "--only" -> only = Pattern.compile(v, Pattern.CASE_INSENSITIVE);
          case "--timeout" -> timeout = Integer.parseInt(v);
          case "--warmup-events" -> warmup = Integer.parseInt(v);
          case "--order" -> shuffled = switch (v) {
            case "delivery" -> false;
            case "shuffled" -> true;
            default -> throw new IllegalArgumentException(v);
          };
          default -> usage("unknown option " + a);
        }
      } catch (IllegalArgumentException e) {
        usage("bad value for " + a + ": " + v);
      }
    }
    if (events < 1 || mean < 1 || max < 1 || accounts < 1 || recordBytes < 0 || rounds < 1 || timeout < 1 || warmup < 0) {
      usage("sizes must be positive");
    }
    if (variants == null) {
      variants = repo.resolve("bench-sqs/variants.conf");
    }
    return new Options(repo, events, mean, max, accounts, seed, recordBytes, rounds, latencies, sqs, variants, only, timeout, warmup,
        shuffled);
  }

  static long[] range(String text) {
    String[] parts = text.trim().split("-", -1);
    long min = Long.parseLong(parts[0].trim());
    long max = parts.length > 1 ? Long.parseLong(parts[1].trim()) : min;
    if (parts.length > 2 || min < 0 || max < min) {
      throw new IllegalArgumentException(text);
    }
    return new long[] {min, max};
  }

  static String describe(long[] range) {
    return range[0] == range[1] ? range[0] + " ms" : range[0] + "–" + range[1] + " ms";
  }

  private static void usage(String problem) {
    System.err.println("bench-sqs: " + problem);
    System.err.print(USAGE);
    System.exit(2);
  }
}
