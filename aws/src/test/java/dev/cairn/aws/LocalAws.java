package dev.cairn.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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

/** S3Proxy and ElasticMQ on ephemeral loopback ports, with clients for setting up tests. */
final class LocalAws implements AutoCloseable {
  static final String ACCESS_KEY = "AKIDTEST";
  static final String SECRET_KEY = "secretTEST";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  final S3Proxy s3Proxy;
  final SQSRestServer sqsServer;
  final URI s3Endpoint;
  final URI sqsEndpoint;
  final S3Client s3;
  final SqsClient sqs;

  private LocalAws(S3Proxy s3Proxy, SQSRestServer sqsServer, URI s3Endpoint, URI sqsEndpoint) {
    this.s3Proxy = s3Proxy;
    this.sqsServer = sqsServer;
    this.s3Endpoint = s3Endpoint;
    this.sqsEndpoint = sqsEndpoint;
    this.s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .forcePathStyle(true).httpClient(ApacheHttpClient.create()).build();
    this.sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(ApacheHttpClient.create()).build();
  }

  static LocalAws start() throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(5);
    }
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int sqsPort = server.waitUntilStarted().localAddress().getPort();
    return new LocalAws(proxy, server, URI.create("http://127.0.0.1:" + proxy.getPort()),
        URI.create("http://127.0.0.1:" + sqsPort));
  }

  String createQueue() {
    return sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID())).queueUrl();
  }

  String createQueue(Map<QueueAttributeName, String> attributes) {
    return sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID()).attributes(attributes)).queueUrl();
  }

  String createBucket() {
    String bucket = "b-" + UUID.randomUUID();
    s3.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  void put(String bucket, String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  void send(String queueUrl, String body) {
    sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
  }

  /** Visible plus in-flight messages. */
  int messagesLeft(String queueUrl) {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /**
   * Messages left once the count reaches {@code expected}, or after 5 s: acknowledged messages are
   * deleted by the source's background sender, a few milliseconds after {@code completed()}.
   */
  int awaitMessagesLeft(String queueUrl, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int left = messagesLeft(queueUrl);
    while (left != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
      left = messagesLeft(queueUrl);
    }
    return left;
  }

  SqsSourceConfig.Builder config(String queueUrl) {
    return SqsSourceConfig.builder(queueUrl).sqsEndpoint(sqsEndpoint).s3Endpoint(s3Endpoint)
        .credentials(CREDENTIALS).waitTime(Duration.ofSeconds(1));
  }

  /** A CloudTrail log file, gzip, with {@code count} records whose eventIDs start with {@code idPrefix}. */
  static byte[] logFile(String idPrefix, int count) {
    StringBuilder json = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append(record(idPrefix + "-" + i, i));
    }
    return gzip(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  static String record(String eventId, int i) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA" + i
        + "\",\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\",\"userName\":\"alice\"},"
        + "\"eventTime\":\"2024-01-02T03:04:05Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
        + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2." + (i % 250) + "\",\"userAgent\":\"aws-cli/2\","
        + "\"requestParameters\":{\"instanceType\":\"t3.micro\",\"n\":" + i + "},\"responseElements\":null,"
        + "\"requestID\":\"req-" + eventId + "\",\"eventID\":\"" + eventId + "\",\"readOnly\":false,"
        + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\"}";
  }

  static byte[] gzip(byte[] bytes) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(bytes);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String logKey(String account, String region, String suffix) {
    return "AWSLogs/" + account + "/CloudTrail/" + region + "/2024/01/02/" + account + "_CloudTrail_" + region
        + "_20240102T0305Z_" + suffix + ".json.gz";
  }

  @Override
  public void close() {
    s3.close();
    sqs.close();
    sqsServer.stopAndWait();
    try {
      s3Proxy.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("stopping S3Proxy", e);
    }
  }
}
