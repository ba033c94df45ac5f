package dev.cairn.bench.sqs;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * An organisation trail's worth of CloudTrail log files made from {@link RecordPool} records.
 *
 * <ul>
 *   <li>Accounts: {@code accounts} random 12-digit ids in one organisation {@code o-xxxxxxxxxx}; a
 *       file's account is drawn with Zipf weights (1, 1/2, 1/3, ...): a few busy accounts.
 *   <li>Regions: us-east-1 35 %, us-west-2 15 %, eu-west-1 15 %, us-east-2 10 %, eu-central-1 10 %,
 *       ap-southeast-2 5 %, ap-northeast-1 5 %, sa-east-1 5 %. Files outside us-east-1 hold no
 *       events of global services (IAM, CloudFront, Route 53, Organizations, ...), which CloudTrail
 *       delivers in us-east-1.
 *   <li>Events per file: log-normal with σ = 1 and the given mean (default 500: median ≈ 300, 90th
 *       percentile ≈ 1,100, 99th ≈ 3,100), at least 1 and at most {@code maxPerFile} (default
 *       5,000); the last file takes what is left to make the total exact.
 *   <li>Each event: a record drawn uniformly from the pool, with a random UUID eventID, a requestID
 *       shaped like the original, an eventTime within the file's 5-minute window, the file's account
 *       as recipient (everywhere the record named its own account) and region (awsRegion and ARNs).
 *   <li>File: compact {@code {"Records":[...]}} JSON, gzip (java.util.zip, default level), key
 *       {@code AWSLogs/o-xxxxxxxxxx/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_YYYYMMDDTHHMMZ_<16 alnum>.json.gz},
 *       the timestamp a 5-minute mark of one day, the window the 5 minutes before it.
 * </ul>
 *
 * Seeded: the same arguments and pool give the same bytes, which are cached under {@code cacheRoot}.
 */
final class TrailGenerator {
  /** Bumped whenever the output for the same arguments changes, so old caches are not reused. */
  private static final int VERSION = 3;
  private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "us-east-2", "eu-central-1",
      "ap-southeast-2", "ap-northeast-1", "sa-east-1"};
  private static final int[] REGION_PERCENT = {35, 15, 15, 10, 10, 5, 5, 5};
  private static final Instant DAY = Instant.parse("2024-05-14T00:00:00Z");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final Pattern KEY_STAMP = Pattern.compile("_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]{16}\\.json\\.gz$");
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  record Params(long events, int meanPerFile, int maxPerFile, int accounts, long seed, int recordBytes) {}

  /** Of a file's events, this share comes from the file's working set, the rest from the whole pool. */
  static final double WORKING_SET_SHARE = 0.8;

  /**
   * Draws templates with weights exp(-lambda * size), lambda chosen so that the expected size is
   * the target (0: uniform). This keeps every record in play and only shifts the mix towards smaller
   * ones, as much as needed to match what real trails average.
   */
  static final class Sampler {
    private final List<RecordPool.Template> templates;
    private final double[] cumulative;
    final double lambda;
    final double expectedSize;

    Sampler(List<RecordPool.Template> templates, int targetBytes) {
      this.templates = templates;
      int[] sizes = templates.stream().mapToInt(RecordPool.Template::size).toArray();
      double lo = 0;
      double hi = 0;
      if (targetBytes > 0 && mean(sizes, 0) > targetBytes) {
        hi = 1e-4;
        while (mean(sizes, hi) > targetBytes && hi < 1) {
          hi *= 2;
        }
        for (int i = 0; i < 100; i++) {
          double mid = (lo + hi) / 2;
          if (mean(sizes, mid) > targetBytes) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
      }
      lambda = hi;
      expectedSize = mean(sizes, lambda);
      cumulative = new double[sizes.length];
      double total = 0;
      for (int i = 0; i < sizes.length; i++) {
        total += Math.exp(-lambda * (sizes[i] - sizes[0]));
        cumulative[i] = total;
      }
    }

    private static double mean(int[] sizes, double lambda) {
      double w = 0;
      double ws = 0;
      for (int s : sizes) {
        double x = Math.exp(-lambda * (s - sizes[0]));
        w += x;
        ws += x * s;
      }
      return ws / w;
    }

    RecordPool.Template pick(Random random) {
      double r = random.nextDouble() * cumulative[cumulative.length - 1];
      int i = java.util.Arrays.binarySearch(cumulative, r);
      return templates.get(Math.min(templates.size() - 1, i >= 0 ? i : -i - 1));
    }
  }

  /** One log file on disk (gzip), its S3 key and what is in it. */
  record LogFile(String key, Path file, int events, long jsonBytes, long gzipBytes) {}

  /** The bucket, the organisation and the files. */
  record Trail(String bucket, String organizationId, String managementAccount, List<LogFile> files) {
    long events() {
      return files.stream().mapToLong(LogFile::events).sum();
    }

    long jsonBytes() {
      return files.stream().mapToLong(LogFile::jsonBytes).sum();
    }

    long gzipBytes() {
      return files.stream().mapToLong(LogFile::gzipBytes).sum();
    }

    /**
     * The same files in the order CloudTrail delivers them: by the delivery time in each key, ties
     * kept as generated. A queue filled as files arrive holds its notices in this order.
     */
    Trail inDeliveryOrder() {
      List<LogFile> sorted = new ArrayList<>(files);
      sorted.sort(Comparator.comparing(f -> deliveryStamp(f.key())));
      return new Trail(bucket, organizationId, managementAccount, List.copyOf(sorted));
    }
  }

  /** The {@code YYYYMMDDTHHMMZ} in a key {@link #objectKey} made. */
  static String deliveryStamp(String key) {
    Matcher m = KEY_STAMP.matcher(key);
    if (!m.find()) {
      throw new IllegalArgumentException("no delivery time in " + key);
    }
    return m.group(1);
  }

  private record Plan(String key, int events, String account, String region, long windowStart, long fileSeed) {}

  private TrailGenerator() {}

  static Trail generate(RecordPool pool, Params params, Path cacheRoot, int threads) throws IOException {
    Random random = new Random(params.seed());
    String org = "o-" + randomString(random, "abcdefghijklmnopqrstuvwxyz0123456789", 10);
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < params.accounts(); i++) {
      accounts.add((1 + random.nextInt(9)) + randomString(random, "0123456789", 11));
    }
    double[] accountWeights = new double[accounts.size()];
    for (int i = 0; i < accountWeights.length; i++) {
      accountWeights[i] = 1.0 / (i + 1);
    }
    String bucket = "aws-cloudtrail-logs-" + accounts.get(0) + "-" + randomString(random, "0123456789abcdef", 8);
    double mu = Math.log(params.meanPerFile()) - 0.5; // log-normal mean = exp(mu + sigma^2 / 2), sigma = 1

    List<Plan> plans = new ArrayList<>();
    long left = params.events();
    while (left > 0) {
      int n = (int) Math.max(1, Math.min(params.maxPerFile(), Math.round(Math.exp(mu + random.nextGaussian()))));
      n = (int) Math.min(n, left);
      left -= n;
      String account = accounts.get(pick(random, accountWeights));
      String region = REGIONS[pickPercent(random)];
      Instant stamp = DAY.plusSeconds(300L * (1 + random.nextInt(288)));
      String key = objectKey(org, account, region, stamp, random);
      plans.add(new Plan(key, n, account, region, stamp.getEpochSecond() - 300, random.nextLong()));
    }

    Path dir = cacheRoot.resolve("trail-" + cacheKey(pool, params));
    Path manifest = dir.resolve("manifest.tsv");
    List<LogFile> files = new ArrayList<>();
    if (Files.isRegularFile(manifest)) {
      for (String line : Files.readAllLines(manifest)) {
        String[] f = line.split("\t", -1);
        files.add(new LogFile(f[0], dir.resolve(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
      }
      if (files.size() == plans.size()) {
        return new Trail(bucket, org, accounts.get(0), files);
      }
      files.clear();
    }
    Files.createDirectories(dir);
    List<RecordPool.Template> all = pool.templates();
    Sampler everywhere = new Sampler(all, params.recordBytes());
    Sampler regional = new Sampler(all.stream().filter(t -> !t.global()).toList(), params.recordBytes());
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    try {
      List<Future<LogFile>> futures = new ArrayList<>();
      for (int i = 0; i < plans.size(); i++) {
        Plan plan = plans.get(i);
        Path file = dir.resolve(String.format(Locale.ROOT, "%06d.json.gz", i));
        futures.add(executor.submit(() -> {
          LogFile f = write(plan, file, plan.region().equals("us-east-1") ? everywhere : regional);
          int d = done.incrementAndGet();
          if (d % 200 == 0) {
            System.err.printf(Locale.ROOT, "  generated %d of %d files%n", d, plans.size());
          }
          return f;
        }));
      }
      for (Future<LogFile> f : futures) {
        files.add(f.get());
      }
    } catch (Exception e) {
      throw new IOException("generating the trail failed", e);
    } finally {
      executor.shutdownNow();
    }
    Path tmp = dir.resolve("manifest.tsv.tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp)) {
      for (LogFile f : files) {
        out.write(f.key() + "\t" + f.file().getFileName() + "\t" + f.events() + "\t" + f.jsonBytes() + "\t" + f.gzipBytes() + "\n");
      }
    }
    Files.move(tmp, manifest, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new Trail(bucket, org, accounts.get(0), files);
  }

  /**
   * An organisation trail's object key for a file delivered at {@code stamp}:
   * {@code AWSLogs/<org>/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_YYYYMMDDTHHMMZ_<16 alnum>.json.gz}.
   */
  static String objectKey(String org, String account, String region, Instant stamp, Random random) {
    String name = account + "_CloudTrail_" + region + "_" + STAMP.format(stamp) + "_" + randomString(random, ALNUM, 16)
        + ".json.gz";
    return "AWSLogs/" + org + "/" + account + "/CloudTrail/" + region + "/" + FOLDER.format(stamp) + "/" + name;
  }

  private static LogFile write(Plan plan, Path file, Sampler sampler) {
    Random random = new Random(plan.fileSeed());
    // A file's events repeat a few principals and calls, as real ones do: most come from a working
    // set of the file's own, the rest from anywhere.
    List<RecordPool.Template> workingSet = new ArrayList<>();
    for (int i = 0, n = Math.max(10, Math.min(200, plan.events() / 10)); i < n; i++) {
      workingSet.add(sampler.pick(random));
    }
    StringBuilder json = new StringBuilder(plan.events() * 1600 + 16);
    json.append("{\"Records\":[");
    for (int i = 0; i < plan.events(); i++) {
      if (i > 0) {
        json.append(',');
      }
      RecordPool.Template t = random.nextDouble() < WORKING_SET_SHARE
          ? workingSet.get(random.nextInt(workingSet.size())) : sampler.pick(random);
      String time = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(plan.windowStart() + random.nextInt(300)));
      t.append(json, uuid(random), t.requestId(random), time, plan.account(), plan.region());
    }
    json.append("]}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream(bytes.length / 5);
    try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
      out.write(bytes);
      out.finish();
      Files.write(file, gz.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LogFile(plan.key(), file, plan.events(), bytes.length, gz.size());
  }

  /** A random (version 4) UUID from {@code random}, so seeded runs repeat. */
  static String uuid(Random random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xCL << 60)) | (0x8L << 60);
    return new UUID(msb, lsb).toString();
  }

  private static int pick(Random random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int pickPercent(Random random) {
    int r = random.nextInt(100);
    for (int i = 0; i < REGION_PERCENT.length; i++) {
      r -= REGION_PERCENT[i];
      if (r < 0) {
        return i;
      }
    }
    return 0;
  }

  static String randomString(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String cacheKey(RecordPool pool, Params params) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((VERSION + " " + params).getBytes(StandardCharsets.UTF_8));
      for (RecordPool.Template t : pool.templates()) {
        for (String literal : t.literals()) {
          sha.update(literal.getBytes(StandardCharsets.UTF_8));
        }
        sha.update(new String(t.markers()).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
