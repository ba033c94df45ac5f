package dev.cairn.aws;

import static dev.cairn.aws.NoticeParserTest.cloudTrailNotice;
import static dev.cairn.aws.NoticeParserTest.sns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.runtime.CairnProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drain after a {@code kill -9}, with the default 2-minute visibility timeout: the messages the
 * killed run held are invisible for up to two minutes, and a drain must wait for them to come back
 * and handle them (or give up at its timeout, saying what is left) rather than end with their events
 * unhandled. Takes about two minutes, as it must.
 */
class DrainAfterCrashIT {
  private static LocalAws aws;
  private static String bucket;

  @BeforeAll
  static void start() throws Exception {
    aws = LocalAws.start();
    bucket = aws.createBucket();
  }

  @AfterAll
  static void stop() throws Exception {
    aws.close();
  }

  @Test
  void aDrainWaitsForTheMessagesAKilledRunHeldAndHandlesThem(@TempDir Path dir) throws Exception {
    String queue = aws.createQueue();
    Set<String> expected = new HashSet<>();
    for (int f = 0; f < 4; f++) {
      String key = LocalAws.logKey("111122223333", "us-east-1", "held" + f);
      aws.put(bucket, key, LocalAws.logFile("held" + f, 400));
      aws.send(queue, sns(cloudTrailNotice(bucket, key)));
      for (int i = 0; i < 400; i++) {
        expected.add("held" + f + "-" + i);
      }
    }
    Path state = dir.resolve("state.db");
    Path handled = dir.resolve("handled.txt");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), queue,
        aws.sqsEndpoint.toString(), aws.s3Endpoint.toString(), state.toString(), handled.toString(),
        "default-visibility")
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lines(handled).size() < 200 && System.nanoTime() < deadline) {
        assertThat(child.isAlive()).as("child alive; see %s", dir.resolve("child.log")).isTrue();
        Thread.sleep(10);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL, holding every message it received for up to 2 minutes
      child.waitFor(10, TimeUnit.SECONDS);
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    seen.addAll(lines(handled));
    assertThat(seen).as("killed mid-way").hasSizeBetween(200, expected.size() - 1);

    // A drain that may not wait that long says so, and what is left, instead of exiting as if done.
    CairnProcessor impatient = processor(queue, state, seen);
    assertThatThrownBy(() -> impatient.runUntilDrained(Duration.ofSeconds(3)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("not drained after PT3S")
        .hasMessageMatching("(?s).*queue: 0 visible, [1-9]\\d* in flight, 0 delayed.*");

    long start = System.nanoTime();
    CairnProcessor patient = processor(queue, state, seen);
    CairnProcessor.Stats stats = patient.runUntilDrained(Duration.ofMinutes(5));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(seen).as("every event handled, those the killed run held included").isEqualTo(expected);
    assertThat(aws.messagesLeft(queue)).isZero();
    assertThat(stats.itemsFailed()).isZero();
    assertThat(took).as("it waited for the held messages to come back").isGreaterThan(Duration.ofSeconds(30));
  }

  /** The engine with the source's defaults (the 2-minute visibility timeout included). */
  private static CairnProcessor processor(String queue, Path state, Set<String> seen) {
    SqsSource source = SqsSource.create(aws.config(queue).build());
    return CairnProcessor.builder().source(source).stateFile(state).pollWait(Duration.ofSeconds(1))
        .eventsProcessor(events -> events.forEach(e -> seen.add(e.eventId()))).build();
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    for (String line : (end < 0 ? "" : text.substring(0, end)).split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
