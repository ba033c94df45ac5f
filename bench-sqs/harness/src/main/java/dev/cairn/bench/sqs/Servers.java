package dev.cairn.bench.sqs;

import java.io.Closeable;
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
    s3Proxy = new LatencyProxy("s3", new InetSocketAddress("127.0.0.1", s3.getPort()), 0, 0);
    sqsDelayed = sqsLatency[1] > 0;
    sqsProxy = new LatencyProxy("sqs", new InetSocketAddress("127.0.0.1", sqsPort), sqsLatency[0], sqsLatency[1]);
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
    String topic = "arn:aws:sns:" + REGION + ":" + trail.managementAccount() + ":aws-cloudtrail-logs-"
        + trail.organizationId();
    List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String notice = "{\"s3Bucket\":\"" + trail.bucket() + "\",\"s3ObjectKey\":[\"" + files.get(i).key() + "\"]}";
      String envelope = "{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"" + UUID.randomUUID() + "\",\n"
          + "  \"TopicArn\" : \"" + topic + "\",\n"
          + "  \"Message\" : \"" + notice.replace("\"", "\\\"") + "\",\n"
          + "  \"Timestamp\" : \"2024-05-14T12:00:00.000Z\",\n"
          + "  \"SignatureVersion\" : \"1\",\n"
          + "  \"Signature\" : \"" + TrailGenerator.randomString(random,
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 342) + "==\",\n"
          + "  \"SigningCertURL\" : \"https://sns." + REGION + ".amazonaws.com/SimpleNotificationService-"
          + TrailGenerator.randomString(random, "0123456789abcdef", 32) + ".pem\",\n"
          + "  \"UnsubscribeURL\" : \"https://sns." + REGION + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
          + topic + ":" + UUID.randomUUID() + "\"\n}";
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
    int[] counts;
    while ((counts = messages(url))[0] != files.size()) {
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
    return sqsDelayed ? url.replace(sqsDirect.getAuthority(), "127.0.0.1:" + sqsProxy.port()) : url;
  }

  /** {visible, in flight, delayed} of a queue (URL as returned by {@link #queueWithNotices}). */
  int[] messages(String url) {
    String direct = sqsDelayed ? url.replace("127.0.0.1:" + sqsProxy.port(), sqsDirect.getAuthority()) : url;
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(direct).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return new int[] {
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"))};
  }

  void deleteQueue(String url) {
    String direct = sqsDelayed ? url.replace("127.0.0.1:" + sqsProxy.port(), sqsDirect.getAuthority()) : url;
    sqs.deleteQueue(b -> b.queueUrl(direct));
  }

  @Override
  public void close() {
    s3Proxy.close();
    sqsProxy.close();
    sqs.close();
    sqsServer.stopAndWait();
    try {
      s3.stop();
    } catch (Exception e) {
      // stopping anyway
    }
  }
}
