package dev.cairn.aws;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The SDK clients of an {@link SqsSource}, built from its config. */
final class SqsClients {
  private static final Pattern AWS_QUEUE_HOST =
      Pattern.compile("^(?:sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?|([a-z0-9-]+)\\.queue\\.amazonaws\\.com)$");

  private SqsClients() {}

  /** The region named by an AWS queue URL, or us-east-1 for a local server, else the SDK chain. */
  static Optional<Region> regionOf(SqsSourceConfig config) {
    String host = URI.create(config.queueUrl()).getHost();
    Matcher m = AWS_QUEUE_HOST.matcher(host == null ? "" : host);
    if (m.matches()) {
      return Optional.of(Region.of(m.group(1) != null ? m.group(1) : m.group(2)));
    }
    if (config.sqsEndpoint().isPresent()) {
      return Optional.of(Region.US_EAST_1);
    }
    return Optional.empty();
  }

  /** An SQS client (Apache HTTP) for the queue: its region, endpoint and credentials. */
  static SqsClient sqs(SqsSourceConfig config, Optional<Region> region) {
    SqsClientBuilder b = SqsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
    region.ifPresent(b::region);
    config.sqsEndpoint().ifPresent(b::endpointOverride);
    config.credentials().ifPresent(b::credentialsProvider);
    return b.build();
  }

  /**
   * An S3 client for the objects the notices name: path-style at a configured endpoint, else able to
   * reach a bucket in another region; up to 64 connections (the downloads run in parallel).
   */
  static S3Client s3(SqsSourceConfig config, Optional<Region> region) {
    S3ClientBuilder b = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
    region.ifPresent(b::region);
    if (config.s3Endpoint().isPresent()) {
      b.endpointOverride(config.s3Endpoint().get()).forcePathStyle(true);
    } else {
      // A trail bucket often lives in another region than the queue.
      b.crossRegionAccessEnabled(true);
    }
    config.credentials().ifPresent(b::credentialsProvider);
    return b.build();
  }
}
