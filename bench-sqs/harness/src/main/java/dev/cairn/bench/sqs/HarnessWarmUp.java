package dev.cairn.bench.sqs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exercises every server path the alert benchmark uses (S3 put, SQS send, receive and delete, S3 GET
 * through the latency proxy, a webhook POST) for a while before any Cairn run, so that this process
 * compiles its hot code (S3Proxy, ElasticMQ, the SDK) before measuring, not while a Cairn child
 * competes with it for the same cores.
 */
final class HarnessWarmUp {
  private HarnessWarmUp() {}

  static void run(Servers servers, WebhookReceiver receiver, AlertFiles files, int seconds) throws Exception {
    if (seconds <= 0) {
      return;
    }
    Random random = new Random(7);
    String bucket = files.trail().bucket();
    servers.createBucket(bucket);
    String queue = servers.emptyQueue();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long[] delay = {0, 0};
    servers.s3Latency(delay);
    int rounds = 0;
    try (S3Client s3 = S3Client.builder().endpointOverride(servers.s3ViaProxy()).region(Region.of(Servers.REGION))
        .credentialsProvider(Servers.credentials()).forcePathStyle(true).httpClient(ApacheHttpClient.create()).build()) {
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        AlertFiles.LogFile f = files.make(random, Instant.now(), 1, 50);
        servers.put(bucket, f.key(), f.gzip());
        servers.send(queue, Servers.notice(files.trail(), f.key(), Instant.now().toString(), random));
        servers.receiveAndDelete(queue);
        s3.getObjectAsBytes(b -> b.bucket(bucket).key(f.key()));
        String body = "{\"id\":\"warm\",\"events\":[{\"eventID\":\"" + UUID.randomUUID() + "\"}]}";
        http.send(HttpRequest.newBuilder(receiver.url()).header("webhook-id", "warm-" + rounds)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        rounds++;
      }
    }
    servers.deleteQueue(queue);
    receiver.reset();
    System.err.printf(Locale.ROOT, "harness warmed up: %d rounds of put, send, receive, GET and POST in %d s%n", rounds,
        seconds);
  }
}
