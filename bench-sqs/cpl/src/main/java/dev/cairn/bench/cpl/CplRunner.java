package dev.cairn.bench.cpl;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.cloudtrail.processinglibrary.AWSCloudTrailProcessingExecutor;
import com.amazonaws.services.cloudtrail.processinglibrary.configuration.ClientConfiguration;
import com.amazonaws.services.cloudtrail.processinglibrary.impl.DefaultExceptionHandler;
import com.amazonaws.services.cloudtrail.processinglibrary.interfaces.EventsProcessor;
import com.amazonaws.services.cloudtrail.processinglibrary.interfaces.ExceptionHandler;
import com.amazonaws.services.cloudtrail.processinglibrary.model.CloudTrailEvent;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.GetQueueAttributesRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One benchmark run of AWS's CloudTrail Processing Library 1.1.3: an {@link
 * AWSCloudTrailProcessingExecutor} with CPL's defaults except what a local endpoint needs, an
 * events processor that counts events and reads each one's eventID, and an exit as soon as every
 * expected event was counted <em>and</em> the queue holds no visible, delayed or in-flight message
 * (CPL deletes a message after processing its log files). Prints {@code events=N} and exits 0. The
 * one other change from CPL's defaults: an exception handler that logs like CPL's default one and
 * then ends the run with status 3, instead of leaving the message to come back forever.
 *
 * <p>CPL 1.1.3 defaults (ProcessingConfiguration): threadCount 1, visibilityTimeout 60 s,
 * maxEventsPerEmit 1, enableRawEventInfo false, deleteMessageUponFailure false; SqsManager receives
 * up to 10 messages with a 20 s long poll from one scheduler thread, which also runs a source itself
 * when the bounded pool (queue of threadCount) is full. The S3 client is built like CPL's own
 * builder builds it (connection and socket timeouts of 10 s), plus the endpoint and path-style
 * addressing a local server needs; the SQS client like CPL's (SDK defaults) plus the endpoint.
 *
 * <p>Arguments: {@code queueUrl sqsEndpoint s3Endpoint region expectedEvents threadCount|default
 * timeoutSeconds}; credentials from {@code BENCH_ACCESS_KEY_ID} / {@code BENCH_SECRET_ACCESS_KEY}.
 * CPL logs through commons-logging, which falls back to java.util.logging here; it is set to WARNING
 * so that CPL's per-file INFO lines ("Polled 10 sqs messages", "Downloaded log file") are not
 * printed, as an application would configure it.
 */
public final class CplRunner {
  private CplRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: CplRunner queueUrl sqsEndpoint s3Endpoint region expectedEvents threadCount|default timeoutSeconds");
      System.exit(2);
    }
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    for (var handler : root.getHandlers()) {
      handler.setLevel(Level.WARNING);
    }
    String queueUrl = args[0];
    String sqsEndpoint = args[1];
    String s3Endpoint = args[2];
    String region = args[3];
    long expected = Long.parseLong(args[4]);
    String threads = args[5];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[6]));

    AWSStaticCredentialsProvider credentials = new AWSStaticCredentialsProvider(new BasicAWSCredentials(
        System.getenv("BENCH_ACCESS_KEY_ID"), System.getenv("BENCH_SECRET_ACCESS_KEY")));
    ClientConfiguration config = new ClientConfiguration(queueUrl, credentials);
    config.setSqsRegion(region);
    config.setS3Region(region);
    if (!"default".equals(threads)) {
      config.setThreadCount(Integer.parseInt(threads));
    }

    // As AWSCloudTrailProcessingExecutor.Builder#buildS3Client makes it, plus endpoint and path style.
    com.amazonaws.ClientConfiguration s3Config = new com.amazonaws.ClientConfiguration();
    s3Config.setConnectionTimeout(10_000);
    s3Config.setSocketTimeout(10_000);
    AmazonS3 s3 = AmazonS3ClientBuilder.standard()
        .withCredentials(credentials)
        .withClientConfiguration(s3Config)
        .withEndpointConfiguration(new EndpointConfiguration(s3Endpoint, region))
        .withPathStyleAccessEnabled(true)
        .build();
    // As #buildSqsClient makes it, plus the endpoint.
    AmazonSQS sqs = AmazonSQSClientBuilder.standard()
        .withCredentials(credentials)
        .withEndpointConfiguration(new EndpointConfiguration(sqsEndpoint, region))
        .build();

    // CPL's default handler logs and goes on, and the message comes back forever; this one logs the
    // same way and ends the run, so that a record CPL cannot read fails the benchmark at once.
    DefaultExceptionHandler logging = new DefaultExceptionHandler();
    ExceptionHandler failFast = e -> {
      logging.handleException(e);
      fail("CPL reported an error: " + e.getMessage() + " (" + e.getStatus().getProgressState() + ")");
    };
    LongAdder events = new LongAdder();
    EventsProcessor processor = new EventsProcessor() {
      @Override
      public void process(List<CloudTrailEvent> batch) {
        for (CloudTrailEvent event : batch) {
          if (event.getEventData().getEventId() != null) {
            events.increment();
          }
        }
      }
    };
    AWSCloudTrailProcessingExecutor executor =
        new AWSCloudTrailProcessingExecutor.Builder(processor, config).withS3Client(s3).withSQSClient(sqs)
            .withExceptionHandler(failFast).build();
    executor.start();

    while (events.sum() < expected) {
      if (System.nanoTime() > deadline) {
        fail("timed out with " + events.sum() + " of " + expected + " events");
      }
      Thread.sleep(10);
    }
    // Every event was seen; done once the last messages were deleted. A separate client, so the
    // check does not queue behind CPL's own calls.
    AmazonSQS control = AmazonSQSClientBuilder.standard()
        .withCredentials(credentials)
        .withEndpointConfiguration(new EndpointConfiguration(sqsEndpoint, region))
        .build();
    while (messagesLeft(control, queueUrl) > 0) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for the queue to empty; " + events.sum() + " events");
      }
      Thread.sleep(50);
    }
    System.out.println("events=" + events.sum());
    System.out.flush();
    // No executor.stop(): it waits for the scheduler's 20 s long poll. The work is done.
    System.exit(0);
  }

  private static int messagesLeft(AmazonSQS sqs, String queueUrl) {
    Map<String, String> a = new HashMap<>(sqs.getQueueAttributes(new GetQueueAttributesRequest(queueUrl).withAttributeNames(
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"))
        .getAttributes());
    return Integer.parseInt(a.getOrDefault("ApproximateNumberOfMessages", "0"))
        + Integer.parseInt(a.getOrDefault("ApproximateNumberOfMessagesNotVisible", "0"))
        + Integer.parseInt(a.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"));
  }

  private static void fail(String message) {
    System.err.println("cpl-runner: " + message);
    System.exit(3);
  }
}
