package dev.cairn.aws;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.CairnProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The process {@link EngineIT} kills: runs the engine on an SQS queue, appending each handled
 * eventID durably to a file, slowly, until it is killed.
 *
 * <p>Arguments: queue URL, SQS endpoint, S3 endpoint, state file, handled-ids file, and optionally
 * {@code default-visibility} for the default 2-minute visibility timeout instead of 2 s.
 */
final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    SqsSourceConfig.Builder config = SqsSourceConfig.builder(args[0]).sqsEndpoint(URI.create(args[1]))
        .s3Endpoint(URI.create(args[2])).credentials(LocalAws.CREDENTIALS).waitTime(Duration.ofSeconds(1));
    if (args.length < 6 || !args[5].equals("default-visibility")) {
      config.visibilityTimeout(Duration.ofSeconds(2)).visibilityExtensionInterval(Duration.ofSeconds(1));
    }
    SqsSource source = SqsSource.create(config.build());
    try (FileChannel handled = FileChannel.open(Path.of(args[4]), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      CairnProcessor processor = CairnProcessor.builder().source(source).stateFile(Path.of(args[3]))
          .batchSize(50).workers(2).pollWait(Duration.ofSeconds(1))
          .eventsProcessor(events -> {
            StringBuilder ids = new StringBuilder();
            for (CloudTrailEvent e : events) {
              ids.append(e.eventId()).append('\n');
            }
            try {
              handled.write(ByteBuffer.wrap(ids.toString().getBytes(StandardCharsets.UTF_8)));
              handled.force(false);
              Thread.sleep(25);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          })
          .build();
      processor.start();
      System.out.println("started");
      processor.awaitStopped();
    }
  }
}
