package dev.cairn.runtime;

import static dev.cairn.runtime.TestLogs.logFile;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cairn.decode.NoEvents;
import dev.cairn.runtime.source.SkippedInput;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What is acknowledged without being read (digest files, test events) and what is read but holds no
 * events (UTF-16 text, NUL-padded files) is logged at INFO and told to the listener, which counts it
 * in the metrics: never only at DEBUG.
 */
class NothingSilentTest {

  @Test
  void skippedPartsAndEmptyInputsAreLoggedAtInfoAndReported() throws Exception {
    List<String> reported = new CopyOnWriteArrayList<>();
    PipelineListener listener = new PipelineListener() {
      @Override
      public void inputSkipped(String input, String reason) {
        reported.add("skipped " + input + ": " + reason);
      }

      @Override
      public void inputEmpty(String input, String reason) {
        reported.add("empty " + input + ": " + reason);
      }
    };
    TestSource source = new TestSource();
    source.add("test event", List.of(new SkippedInput("sqs message m-1", "S3 test event")));
    source.add("notice", List.of(new SkippedInput("s3://b/AWSLogs/1/CloudTrail-Digest/d.json.gz", "digest file")),
        TestSource.input("s3://b/AWSLogs/1/CloudTrail/empty.json", "{\"Records\":[]}"),
        TestSource.input("s3://b/AWSLogs/1/CloudTrail/full.json", logFile("e", 2)));

    Logger pipelineLog = (Logger) LoggerFactory.getLogger(Worker.class);
    Logger readerLog = (Logger) LoggerFactory.getLogger(InputReader.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Level before = pipelineLog.getLevel();
    pipelineLog.addAppender(log);
    readerLog.addAppender(log);
    pipelineLog.setLevel(Level.INFO);
    readerLog.setLevel(Level.INFO);
    try {
      CairnProcessor.Stats stats = CairnProcessor.builder().source(source).decoder(TestDecoder.INSTANCE)
          .listener(listener).eventsProcessor(events -> { }).build().runUntilDrained();
      assertThat(stats.itemsCompleted()).as("both acknowledged").isEqualTo(2);
    } finally {
      pipelineLog.detachAppender(log);
      readerLog.detachAppender(log);
      pipelineLog.setLevel(before);
      readerLog.setLevel(before);
    }

    assertThat(reported).containsExactlyInAnyOrder(
        "skipped sqs message m-1: S3 test event",
        "skipped s3://b/AWSLogs/1/CloudTrail-Digest/d.json.gz: digest file",
        "empty s3://b/AWSLogs/1/CloudTrail/empty.json: no-records");
    assertThat(log.list).filteredOn(e -> e.getLevel() == Level.INFO).extracting(ILoggingEvent::getFormattedMessage)
        .contains("sqs message m-1: not read: S3 test event",
            "s3://b/AWSLogs/1/CloudTrail-Digest/d.json.gz: not read: digest file",
            "s3://b/AWSLogs/1/CloudTrail/empty.json: no events (no-records): " + NoEvents.NO_RECORDS.description());
  }
}
