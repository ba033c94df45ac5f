package dev.cairn.bench.sqs;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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
 * S3Proxy (in-memory store, SigV4 enforced), ElasticMQ, and a {@link LatencyProxy} in front of each
 * when its latency is above zero, all in this process.
 */
final class Servers implements Closeable {
  static final String ACCESS_KEY = "AKIDBENCHMARK0000000";
  static final String SECRET_KEY = "benchmarkSecretKey0000000000000000000000";
  static final String REGION = "us-east-1";

  private final S3Proxy s3;
  private final SQSRestServer sqsServer;
  private final URI s3Direct;
  private final URI sqsDirect;
  private final SqsClient sqs;
  private final LatencyProxy s3Proxy;
  private final LatencyProxy sqsProxy;
  private final boolean sqsDelayed;
  private final AtomicInteger queues = new AtomicInteger();
  private S3Client s3Client;

  Servers(long[] sqsLatency) throws Exception {
    s3 = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(5);
    }
    sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();
    s3Direct = URI.create("http://127.0.0.1:" + s3.getPort());
    sqsDirect = URI.create("http://127.0.0.1:" + sqsPort);
    s3Proxy = new LatencyProxy("s3", new InetSocketAddress(InetAddress.getLoopbackAddress(), s3.getPort()), 0, 0);
    sqsDelayed = sqsLatency[1] > 0;
    sqsProxy = new LatencyProxy("sqs", new InetSocketAddress(InetAddress.getLoopbackAddress(), sqsPort), sqsLatency[0], sqsLatency[1]);
    sqs = SqsClient.builder().endpointOverride(sqsDirect).region(Region.of(REGION))
        .credentialsProvider(credentials()).httpClient(ApacheHttpClient.create()).build();
  }

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** Puts every file straight into S3Proxy (not through the latency proxy). */
  void upload(TrailGenerator.Trail trail) throws Exception {
    try (S3Client client = S3Client.builder().endpointOverride(s3Direct).region(Region.of(REGION))
        .credentialsProvider(credentials()).forcePathStyle(true).httpClient(ApacheHttpClient.create()).build()) {
      client.createBucket(b -> b.bucket(trail.bucket()));
      int n = 0;
      for (TrailGenerator.LogFile f : trail.files()) {
        client.putObject(b -> b.bucket(trail.bucket()).key(f.key()).contentType("application/json")
            .contentEncoding("gzip"), RequestBody.fromFile(f.file()));
        if (++n % 500 == 0) {
          System.err.printf("  uploaded %d of %d files%n", n, trail.files().size());
        }
      }
    }
  }

  /** Sets the S3 latency; 0 means clients are pointed at S3Proxy directly. */
  void s3Latency(long[] range) {
    s3Proxy.setDelay(range[0], range[1]);
  }

  /** Where clients send S3 requests under this latency setting. */
  URI s3Endpoint(long[] range) {
    return range[1] > 0 ? URI.create("http://127.0.0.1:" + s3Proxy.port()) : s3Direct;
  }

  /** The S3 latency proxy's address, whatever its delay (0 included): to see each request go through. */
  URI s3ViaProxy() {
    return URI.create("http://127.0.0.1:" + s3Proxy.port());
  }

  /** Where clients send SQS requests. */
  URI sqsEndpoint() {
    return sqsDelayed ? URI.create("http://127.0.0.1:" + sqsProxy.port()) : sqsDirect;
  }

  LatencyProxy s3Proxy() {
    return s3Proxy;
  }

  LatencyProxy sqsProxy() {
    return sqsProxy;
  }

  /**
   * A new queue holding one notice per file, as CloudTrail sends them through SNS: the SNS
   * envelope whose Message is {@code {"s3Bucket":..,"s3ObjectKey":[key]}}. Returns the queue URL as
   * clients should use it (through the SQS latency proxy when there is one: SDK v1 sends requests to
   * the queue URL's host).
   */
  String queueWithNotices(TrailGenerator.Trail trail, List<TrailGenerator.LogFile> files) {
    String url = sqs.createQueue(b -> b.queueName("bench-" + queues.incrementAndGet())).queueUrl();
    Random random = new Random(queues.get());
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String envelope = notice(trail, files.get(i).key(), "2024-05-14T12:00:00.000Z", random);
      batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(envelope).build());
      if (batch.size() == 10 || i == files.size() - 1) {
        List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
        var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        if (!response.failed().isEmpty()) {
          throw new IllegalStateException("sending notices failed: " + response.failed());
        }
        batch.clear();
      }
    }
    // ElasticMQ counts a message sent within the current millisecond as not yet visible: wait until
    // all are, so the clock never starts on a queue still filling.
    long deadline = System.nanoTime() + 5_000_000_000L;
    for (int[] counts = messages(url); counts[0] != files.size(); counts = messages(url)) {
      if (System.nanoTime() > deadline || counts[0] + counts[1] + counts[2] > files.size()) {
        throw new IllegalStateException("queue holds " + Arrays.toString(counts)
            + " (visible, in flight, delayed) notices, expected " + files.size() + " visible");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return clientUrl(url);
  }

  /**
   * CloudTrail's notice for one log file as SQS receives it from SNS: the SNS envelope whose Message
   * is {@code {"s3Bucket":..,"s3ObjectKey":[key]}}, with a signature-sized random signature.
   */
  static String notice(TrailGenerator.Trail trail, String key, String timestamp, Random random) {
    String topic = "arn:aws:sns:" + REGION + ":" + trail.managementAccount() + ":aws-cloudtrail-logs-"
        + trail.organizationId();
    String notice = "{\"s3Bucket\":\"" + trail.bucket() + "\",\"s3ObjectKey\":[\"" + key + "\"]}";
    return "{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"" + UUID.randomUUID() + "\",\n"
        + "  \"TopicArn\" : \"" + topic + "\",\n"
        + "  \"Message\" : \"" + notice.replace("\"", "\\\"") + "\",\n"
        + "  \"Timestamp\" : \"" + timestamp + "\",\n"
        + "  \"SignatureVersion\" : \"1\",\n"
        + "  \"Signature\" : \"" + TrailGenerator.randomString(random,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 342) + "==\",\n"
        + "  \"SigningCertURL\" : \"https://sns." + REGION + ".amazonaws.com/SimpleNotificationService-"
        + TrailGenerator.randomString(random, "0123456789abcdef", 32) + ".pem\",\n"
        + "  \"UnsubscribeURL\" : \"https://sns." + REGION + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
        + topic + ":" + UUID.randomUUID() + "\"\n}";
  }

  /** A new empty queue; its URL as clients should use it (see {@link #queueWithNotices}). */
  String emptyQueue() {
    return clientUrl(sqs.createQueue(b -> b.queueName("bench-" + queues.incrementAndGet())).queueUrl());
  }

  /** Sends one message, straight to ElasticMQ (the harness is not behind the SQS latency proxy). */
  void send(String url, String body) {
    String direct = directUrl(url);
    sqs.sendMessage(b -> b.queueUrl(direct).messageBody(body));
  }

  /** Receives what is visible (no wait) and deletes it; returns how many messages. */
  int receiveAndDelete(String url) {
    String direct = directUrl(url);
    var messages = sqs.receiveMessage(b -> b.queueUrl(direct).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
    if (!messages.isEmpty()) {
      List<software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        String handle = messages.get(i).receiptHandle();
        entries.add(software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
            .id(Integer.toString(i)).receiptHandle(handle).build());
      }
      sqs.deleteMessageBatch(b -> b.queueUrl(direct).entries(entries));
    }
    return messages.size();
  }

  /** Creates a bucket in S3Proxy. */
  void createBucket(String bucket) {
    s3Client().createBucket(b -> b.bucket(bucket));
  }

  /** Puts one log file straight into S3Proxy (not through the latency proxy), as CloudTrail stores it. */
  void put(String bucket, String key, byte[] gzip) {
    s3Client().putObject(b -> b.bucket(bucket).key(key).contentType("application/json").contentEncoding("gzip"),
        RequestBody.fromBytes(gzip));
  }

  private synchronized S3Client s3Client() {
    if (s3Client == null) {
      s3Client = S3Client.builder().endpointOverride(s3Direct).region(Region.of(REGION)).credentialsProvider(credentials())
          .forcePathStyle(true).httpClient(ApacheHttpClient.create()).build();
    }
    return s3Client;
  }

  private String clientUrl(String direct) {
    return sqsDelayed ? direct.replace(sqsDirect.getAuthority(), "127.0.0.1:" + sqsProxy.port()) : direct;
  }

  private String directUrl(String url) {
    return sqsDelayed ? url.replace("127.0.0.1:" + sqsProxy.port(), sqsDirect.getAuthority()) : url;
  }

  /** {visible, in flight, delayed} of a queue (URL as returned by {@link #queueWithNotices}). */
  int[] messages(String url) {
    String direct = directUrl(url);
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(direct).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return new int[] {
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"))};
  }

  void deleteQueue(String url) {
    sqs.deleteQueue(b -> b.queueUrl(directUrl(url)));
  }

  @Override
  public void close() {
    s3Proxy.close();
    sqsProxy.close();
    sqs.close();
    synchronized (this) {
      if (s3Client != null) {
        s3Client.close();
      }
    }
    sqsServer.stopAndWait();
    try {
      s3.stop();
    } catch (Exception e) {
      // stopping anyway
    }
  }
}
