package dev.cairn.decode;

import static dev.cairn.testkit.SampleRecords.CREATE_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import dev.cairn.testkit.SyntheticRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Gzip inflated on another thread ({@link EventDecoder#withDecompressionExecutor}): the same results
 * as on one thread (every test through {@link Decoded#of} checks that too; these add inputs larger
 * than the hand-off's chunks and streams that fail), and the task always ends with the decode.
 */
class EventDecoderPipelinedTest {
  private static final EventDecoder SINGLE = EventDecoder.create();
  private static final byte[] LINES = Streams.utf8(SampleRecords.jsonLines(Collections.nCopies(3_000, CREATE_USER)));
  /** About 2.5 MiB inflated, in three members: many chunks, and members ending mid-chunk. */
  private static final byte[] MEMBERS = Streams.gzipMembers(LINES, Streams.utf8(SampleRecords.logFile(
      Collections.nCopies(1_500, CREATE_USER))), LINES);

  private final Tracking executor = new Tracking();
  private final EventDecoder pipelined = SINGLE.withDecompressionExecutor(executor);

  @Test
  void largeMultiMemberGzipGivesTheSameResult() {
    Decoded decoded = Decoded.of(MEMBERS);

    assertThat(decoded.events()).hasSize(7_500);
    assertThat(decoded.summary().ok()).isTrue();
  }

  @Test
  void gzipCutAnywhereGivesTheSameEventsAndError() {
    // Sampled (see Sweep): two cuts a run, one from each half of the file.
    Sweep.run("gzip members cut", Sweep.range(11, MEMBERS.length - 1, MEMBERS.length / 14), 2, cut -> {
      Decoded decoded = Decoded.of(Streams.truncate(MEMBERS, cut));

      assertThat(decoded.error().kind()).as("cut at %d", cut).isEqualTo(DecodeError.Kind.GZIP);
    });
  }

  @Test
  void gzipDamagedAnywhereGivesTheSameEventsAndError() {
    Sweep.run("gzip members damaged", Sweep.range(40, MEMBERS.length - 1, MEMBERS.length / 18), 2, at -> {
      byte[] damaged = MEMBERS.clone();
      damaged[at] ^= 0x55;

      Decoded decoded = Decoded.of(damaged);

      assertThat(decoded.maybeError()).as("damaged at %d", at).isPresent();
    });
  }

  @Test
  void streamFailingAnywhereUnderGzipGivesTheSameIoError() throws Exception {
    for (int after = 5; after < MEMBERS.length; after += MEMBERS.length / 5) {
      IOException failure = new IOException("disk gone");

      Decoded alone = Decoded.once(SINGLE, Streams.failingAfter(MEMBERS, after, failure));
      Decoded piped = Decoded.once(pipelined, Streams.failingAfter(MEMBERS, after, failure));

      assertThat(piped.error()).as("failing after %d", after).isEqualTo(alone.error());
      assertThat(piped.error().kind()).isEqualTo(DecodeError.Kind.IO);
      assertThat(piped.eventIds()).isEqualTo(alone.eventIds());
    }
    executor.assertAllEnded();
  }

  @Test
  void listenerExceptionPropagatesAndEndsTheTask() throws Exception {
    Endless endless = new Endless(Streams.gzip(LINES));
    IllegalStateException boom = new IllegalStateException("listener failed");
    List<String> seen = new ArrayList<>();
    DecodeListener listener = event -> {
      seen.add(event.eventName());
      if (seen.size() == 100) {
        throw boom;
      }
    };

    assertThatThrownBy(() -> pipelined.decode(endless, "endless", listener)).isSameAs(boom);

    executor.assertAllEnded();
    long readWhenDone = endless.read.get();
    assertThat(readWhenDone).as("compressed bytes read ahead").isLessThan(LINES.length);
    assertThat(endless.read.get()).as("no reads after decode returned").isEqualTo(readWhenDone);
  }

  @Test
  void inputThatIsNotJsonAfterGzipStopsTheTaskWithoutReadingOn() throws Exception {
    Endless endless = new Endless(Streams.gzip(new byte[300_000]));

    DecodeSummary summary = pipelined.decode(endless, "zeros", event -> {});

    assertThat(summary.notes()).containsExactly("skipped: starts with NUL bytes (0x00 0x00 0x00 0x00 …)");
    executor.assertAllEnded();
    assertThat(endless.read.get()).isLessThan(ReadAheadStream.CHUNKS * 300_000L);
  }

  @Test
  void plainJsonIsNotHandedOff() {
    Decoded decoded = Decoded.once(pipelined, new ByteArrayInputStream(LINES));

    assertThat(decoded.events()).hasSize(3_000);
    assertThat(executor.started).isEmpty();
  }

  @Test
  void rejectingOrDirectExecutorsDecodeOnOneThread() {
    Executor rejecting = task -> {
      throw new RejectedExecutionException("full");
    };
    Executor direct = Runnable::run;
    Decoded alone = Decoded.once(SINGLE, new ByteArrayInputStream(MEMBERS));

    Decoded rejected = Decoded.once(SINGLE.withDecompressionExecutor(rejecting), new ByteArrayInputStream(MEMBERS));
    Decoded ranDirectly = Decoded.once(SINGLE.withDecompressionExecutor(direct), new ByteArrayInputStream(MEMBERS));

    assertThat(rejected.summary()).isEqualTo(alone.summary());
    assertThat(ranDirectly.summary()).isEqualTo(alone.summary());
    assertThat(ranDirectly.eventIds()).isEqualTo(alone.eventIds());
  }

  @Test
  void interruptedCallerEndsWithAnIoErrorAndTheLateTaskReadsNothing() {
    List<Runnable> queued = new ArrayList<>();
    Endless endless = new Endless(Streams.gzip(LINES));
    Thread.currentThread().interrupt();

    DecodeSummary summary = SINGLE.withDecompressionExecutor(queued::add).decode(endless, "x", event -> {});

    assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
    assertThat(summary.error().orElseThrow().kind()).isEqualTo(DecodeError.Kind.IO);
    assertThat(summary.error().orElseThrow().message()).contains("InterruptedIOException");
    long sniffed = endless.read.get();
    queued.forEach(Runnable::run);
    assertThat(queued).hasSize(1);
    assertThat(endless.read.get()).as("read by a task that started after the decode").isEqualTo(sniffed);
  }

  @Test
  void oneDecoderServesManyThreadsAtOnce() throws Exception {
    List<CompletableFuture<Decoded>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] input = i % 2 == 0 ? MEMBERS : Streams.gzip(SyntheticRecords.withSeed(i).jsonLines(5_000).readAllBytes());
      running.add(CompletableFuture.supplyAsync(
          () -> Decoded.once(pipelined, new ByteArrayInputStream(input)), Decoded.INFLATING));
    }

    for (int i = 0; i < 4; i++) {
      Decoded decoded = running.get(i).get(60, TimeUnit.SECONDS);
      assertThat(decoded.events()).hasSize(i % 2 == 0 ? 7_500 : 5_000);
      assertThat(decoded.summary().ok()).isTrue();
    }
    executor.assertAllEnded();
  }

  /** Runs tasks on the shared test pool and remembers each, to check that all ended. */
  private static final class Tracking implements Executor {
    final List<Future<?>> started = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void execute(Runnable task) {
      started.add(Decoded.INFLATING.submit(task));
    }

    void assertAllEnded() throws Exception {
      assertThat(started).isNotEmpty();
      for (Future<?> task : List.copyOf(started)) {
        task.get(10, TimeUnit.SECONDS); // throws, failing the test, if a task is still blocked
      }
    }
  }

  /** One gzip member repeated for ever (a multi-member file with no end), counting bytes read. */
  private static final class Endless extends InputStream {
    final AtomicLong read = new AtomicLong();
    private final byte[] member;
    private int position;

    Endless(byte[] member) {
      this.member = member;
    }

    @Override
    public int read() {
      read.incrementAndGet();
      int b = member[position] & 0xff;
      position = (position + 1) % member.length;
      return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      int n = Math.min(length, member.length - position);
      System.arraycopy(member, position, into, offset, n);
      position = (position + n) % member.length;
      read.addAndGet(n);
      return n;
    }
  }
}
