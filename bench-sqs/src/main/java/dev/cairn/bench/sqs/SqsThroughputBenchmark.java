package dev.cairn.bench.sqs;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.cloudtrail.processinglibrary.AWSCloudTrailProcessingExecutor;
import com.amazonaws.services.cloudtrail.processinglibrary.configuration.ClientConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import dev.cairn.aws.SqsSource;
import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.event.RecordFields;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.CairnProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * End-to-end events/s through ElasticMQ + S3Proxy for Cairn (engine + {@link SqsSource}) and AWS's
 * CloudTrail Processing Library 1.1.3, on the same objects and the same queue shape (CloudTrail's
 * notice in an SNS envelope, one key per message). Each run gets a fresh queue holding every notice
 * before the clock starts; the clock stops when the last event reached the processor.
 *
 * <p>Arguments (all optional): files, events per file, worker threads, rounds, and {@code cairn} or
 * {@code cpl} to run one library only (for profiling).
 */
public final class SqsThroughputBenchmark {
  private static final String ACCESS_KEY = "AKIDBENCH";
  private static final String SECRET_KEY = "secretBENCH";
  private static final String BUCKET = "trail-bucket";

  private final URI s3Endpoint;
  private final URI sqsEndpoint;
  private final SqsClient sqs;
  private final List<String> keys;
  private final long totalEvents;
  private final int workers;

  private SqsThroughputBenchmark(URI s3Endpoint, URI sqsEndpoint, List<String> keys, long totalEvents, int workers) {
    this.s3Endpoint = s3Endpoint;
    this.sqsEndpoint = sqsEndpoint;
    this.keys = keys;
    this.totalEvents = totalEvents;
    this.workers = workers;
    this.sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
        .credentialsProvider(v2Credentials()).httpClient(ApacheHttpClient.create()).build();
  }

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int eventsPerFile = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(2, Runtime.getRuntime().availableProcessors());
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    // For profiling one side: "cairn" or "cpl" skips the other library's rounds.
    String only = args.length > 4 ? args[4] : "all";
    boolean runCairn = !"cpl".equals(only);
    boolean runCpl = !"cairn".equals(only);

    S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int sqsPort = server.waitUntilStarted().localAddress().getPort();
    URI s3Endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);

    List<String> keys = new ArrayList<>();
    long bytes = 0;
    try (S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1)
        .credentialsProvider(v2Credentials()).forcePathStyle(true).httpClient(ApacheHttpClient.create()).build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
      for (int f = 0; f < files; f++) {
        String account = String.format(Locale.ROOT, "1111222233%02d", f % 7);
        String key = "AWSLogs/" + account + "/CloudTrail/us-east-1/2024/01/02/" + account
            + "_CloudTrail_us-east-1_20240102T0305Z_" + String.format(Locale.ROOT, "bench%011d", f) + ".json.gz";
        byte[] file = logFile(f, eventsPerFile);
        bytes += file.length;
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(file));
        keys.add(key);
      }
    }
    long totalEvents = (long) files * eventsPerFile;
    System.out.printf(Locale.ROOT, "uploaded %d files, %d events, %.1f MiB gzip; workers %d; rounds %d%n",
        files, totalEvents, bytes / 1048576.0, workers, rounds);

    SqsThroughputBenchmark bench = new SqsThroughputBenchmark(s3Endpoint, sqsEndpoint, keys, totalEvents, workers);
    // Warm-up, not reported: full rounds of each until the JIT has settled (compiling less than a
    // tenth of the wall time), at least 2 and at most 15. ElasticMQ, S3Proxy, both SDKs and both
    // libraries share one JVM, and with a tenth of the files as warm-up C2 kept compiling through
    // the measured rounds, taking up to one of the two cores.
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    int warmUps = 0;
    double jitShare = 1;
    while (warmUps < 2 || (jitShare > 0.1 && warmUps < 15)) {
      long jitBefore = jit.getTotalCompilationTime();
      long wallBefore = System.nanoTime();
      if (runCairn) {
        bench.runCairn(keys, false, RecordFields.ALL);
        bench.runCairn(keys, false, CIS_FIELDS);
      }
      if (runCpl) {
        bench.runProcessingLibrary(keys);
      }
      jitShare = (jit.getTotalCompilationTime() - jitBefore) / ((System.nanoTime() - wallBefore) / 1e6);
      warmUps++;
    }
    System.out.printf(Locale.ROOT, "warm-up: %d round(s) of each; JIT compiling %.0f%% of the last one%n",
        warmUps, jitShare * 100);
    List<double[]> cairn = new ArrayList<>();
    List<double[]> cairnFields = new ArrayList<>();
    List<double[]> cairnSqlite = new ArrayList<>();
    List<double[]> cpl = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      if (runCairn) {
        cairn.add(bench.runCairn(keys, false, RecordFields.ALL));
        cairnFields.add(bench.runCairn(keys, false, CIS_FIELDS));
        cairnSqlite.add(bench.runCairn(keys, true, CIS_FIELDS));
      }
      if (runCpl) {
        cpl.add(bench.runProcessingLibrary(keys));
      }
    }
    if (!runCairn || !runCpl) {
      System.out.println("only " + only + ": " + (runCairn ? "Cairn whole records " + best(cairn)[0]
          + " events/s, CIS fields " + best(cairnFields)[0] + ", CIS fields + SQLite " + best(cairnSqlite)[0]
          : "CPL " + best(cpl)[0]) + " events/s");
      System.exit(0);
    }
    double[] cplBest = best(cpl);
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-44s | %6s | %8s | %9s | %7s | %6s | %11s |%n",
        "library", "files", "events", "events/s", "vs CPL", "wall s", "CPU s (srv)");
    System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(8), "-".repeat(10),
        "-".repeat(11), "-".repeat(9), "-".repeat(8), "-".repeat(13));
    row("Cairn, records parsed whole, in-memory dedup", files, totalEvents, best(cairn), cplBest);
    row("Cairn, CIS-pack fields, in-memory dedup", files, totalEvents, best(cairnFields), cplBest);
    row("Cairn, CIS-pack fields, SQLite dedup", files, totalEvents, best(cairnSqlite), cplBest);
    row("AWS CloudTrail Processing Library 1.1.3", files, totalEvents, cplBest, cplBest);
    System.out.println("(best of " + rounds + " rounds each; every round: " + totalEvents + " events, "
        + workers + " worker threads for each library; CPU s = process CPU during the best round,"
        + " in brackets the part used by the in-process ElasticMQ and S3Proxy threads)");

    bench.sqs.close();
    server.stopAndWait();
    proxy.stop();
    System.exit(0);
  }

  private static void row(String name, int files, long events, double[] run, double[] baseline) {
    System.out.printf(Locale.ROOT, "| %-44s | %6d | %8d | %9.0f | %6.2fx | %6.2f | %4.1f (%4.1f) |%n",
        name, files, events, run[0], run[0] / baseline[0], run[1], run[2], run[3]);
  }

  /** The fastest round: {events/s, wall s, process CPU s, server CPU s}. */
  private static double[] best(List<double[]> runs) {
    return runs.stream().max((a, b) -> Double.compare(a[0], b[0])).orElseThrow();
  }

  private String queueWithNotices(List<String> keys) {
    String url = sqs.createQueue(b -> b.queueName("bench-" + UUID.randomUUID())).queueUrl();
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String notice = "{\"s3Bucket\":\"" + BUCKET + "\",\"s3ObjectKey\":[\"" + keys.get(i) + "\"]}";
      String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"" + UUID.randomUUID()
          + "\",\"TopicArn\":\"arn:aws:sns:us-east-1:111122223333:trail\",\"Subject\":\"[AWS Notification Message]\","
          + "\"Message\":\"" + notice.replace("\"", "\\\"") + "\",\"Timestamp\":\"2024-01-02T03:05:00.000Z\"}";
      batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(envelope).build());
      if (batch.size() == 10 || i == keys.size() - 1) {
        List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        batch.clear();
      }
    }
    return url;
  }

  /**
   * The fields the shipped CIS pack reads, which is what {@code cairn run} parses with its default
   * rules; the rest of each record stays text until something asks for it.
   */
  private static final RecordFields CIS_FIELDS = cisFields();

  private static RecordFields cisFields() {
    try {
      return RuleSet.load(List.of(Path.of("rules/cis-aws-foundations.yaml"))).fields();
    } catch (InvalidRulesException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns {events/s, wall s, process CPU s, server CPU s}. */
  private double[] runCairn(List<String> keys, boolean sqlite, RecordFields fields) throws Exception {
    String url = queueWithNotices(keys);
    long expected = totalEvents * keys.size() / this.keys.size();
    LongAdder events = new LongAdder();
    // Defaults except endpoints and workers: what a user who just builds a processor gets.
    SqsSource source = SqsSource.create(SqsSourceConfig.builder(url).sqsEndpoint(sqsEndpoint).s3Endpoint(s3Endpoint)
        .credentials(v2Credentials()).build());
    Path dir = Files.createTempDirectory("cairn-bench");
    CairnProcessor.Builder builder = CairnProcessor.builder().source(source)
        .eventsProcessor(batch -> events.add(batch.size()))
        .recordFields(fields)
        .workers(workers);
    if (sqlite) {
      builder.stateFile(dir.resolve("state.db"));
    }
    CairnProcessor processor = builder.build();
    CpuMeter cpu = CpuMeter.start();
    processor.start();
    awaitDone(events, expected, url, "Cairn");
    double[] result = cpu.stop(expected);
    processor.stop();
    return result;
  }

  private double[] runProcessingLibrary(List<String> keys) throws Exception {
    String url = queueWithNotices(keys);
    long expected = totalEvents * keys.size() / this.keys.size();
    LongAdder events = new LongAdder();
    BasicAWSCredentials credentials = new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY);
    ClientConfiguration config = new ClientConfiguration(url, new AWSStaticCredentialsProvider(credentials));
    config.setSqsRegion("us-east-1");
    config.setS3Region("us-east-1");
    config.setThreadCount(workers);
    config.setThreadTerminationDelaySeconds(1);
    AmazonS3 s3 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(s3Endpoint.toString(), "us-east-1"))
        .withPathStyleAccessEnabled(true).withCredentials(new AWSStaticCredentialsProvider(credentials)).build();
    AmazonSQS sqsV1 = AmazonSQSClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(sqsEndpoint.toString(), "us-east-1"))
        .withCredentials(new AWSStaticCredentialsProvider(credentials)).build();
    AWSCloudTrailProcessingExecutor executor = new AWSCloudTrailProcessingExecutor.Builder(
        batch -> events.add(batch.size()), config).withS3Client(s3).withSQSClient(sqsV1).build();
    CpuMeter cpu = CpuMeter.start();
    executor.start();
    awaitDone(events, expected, url, "CloudTrail Processing Library");
    double[] result = cpu.stop(expected);
    executor.stop();
    // The v1 clients are left open: the library's scheduled job may still poll once after stop().
    return result;
  }

  /**
   * Waits until every event reached the processor and every message was deleted (the work a
   * consumer must do before a notice counts as handled), for either library alike.
   */
  private void awaitDone(LongAdder events, long expected, String queueUrl, String who) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (events.sum() < expected || messagesLeft(queueUrl) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(who + " saw " + events.sum() + " of " + expected + " events in 10 min");
      }
      Thread.sleep(5);
    }
  }

  private int messagesLeft(String queueUrl) {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static StaticCredentialsProvider v2Credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  private static byte[] logFile(int file, int count) throws IOException {
    StringBuilder json = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < count; i++) {
      String id = String.format(Locale.ROOT, "%08x-%04x-4000-8000-%012x", file, i & 0xffff, (long) file * 100_000 + i);
      json.append(i == 0 ? "" : ",")
          .append("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE")
          .append(i % 50).append("\",\"arn\":\"arn:aws:iam::111122223333:user/user").append(i % 50)
          .append("\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLE\",\"userName\":\"user")
          .append(i % 50).append("\"},\"eventTime\":\"2024-01-02T03:")
          .append(String.format(Locale.ROOT, "%02d:%02d", (i / 60) % 60, i % 60))
          .append("Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"")
          .append(i % 3 == 0 ? "DescribeInstances" : i % 3 == 1 ? "RunInstances" : "GetConsoleOutput")
          .append("\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.").append(i % 250)
          .append("\",\"userAgent\":\"aws-cli/2.15.0 Python/3.11\",\"requestParameters\":{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0")
          .append(Integer.toHexString(file * 1000 + i)).append("\"}]},\"filterSet\":{}},\"responseElements\":null,")
          .append("\"requestID\":\"").append(id).append("\",\"eventID\":\"").append(id)
          .append("\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,")
          .append("\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}");
    }
    json.append("]}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
