package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory one input can take is bounded: in a JVM with a 256 MiB heap, two threads decode 2 GB
 * gzip bombs at once (one string, in every place a value can be), with the limit {@link
 * EventDecoder#safeMaxValueBytes} gives for that heap; each input ends with one clear error and the
 * JVM never runs out of memory. Values just under that limit, in the shapes that take the most
 * heap, decode and can be used whole on both threads. The bombs are made while they are read (a
 * gzip member of 1 MiB served again and again), so nothing is written to disk.
 */
class EventDecoderMemoryTest {
  @Test
  void bombsFailOneByOneWithAClearErrorAndTheLargestValuesFitInA256MegabyteHeap() throws Exception {
    // The parallel collector, as bin/cairn runs: the worse of the two for large values (see safeMaxValueBytes).
    List<String> lines = child("-Xmx256m", "-XX:+UseParallelGC");

    assertThat(lines).noneMatch(line -> line.contains("OutOfMemoryError") || line.contains("OOM"));
    for (String shape : SmallHeapChild.BOMBS) {
      for (int thread = 0; thread < 2; thread++) {
        String source = "bomb " + shape + " #" + thread;
        // Twice each: with some fields parsed (the log-file scanner) and with records parsed whole.
        assertThat(lines).as(source).filteredOn(line -> line.startsWith("error TOO_LARGE " + source + ": "))
            .hasSize(2)
            .allSatisfy(line -> assertThat(line)
                .startsWith("error TOO_LARGE " + source + ": line 1, column ")
                .contains(" (byte ")
                .contains("is larger than the limit of " + limit(lines) + " bytes per value")
                .contains("raise the limit, and the heap with it"));
      }
    }
    assertThat(lines).filteredOn(line -> line.startsWith("ok awslogs bomb #")).hasSize(4)
        .allSatisfy(line -> assertThat(line).contains("1 skipped: awslogs.data is broken: ").contains("larger than the limit"));
    for (String shape : SmallHeapChild.FITTING) {
      assertThat(lines).as(shape).filteredOn(line -> line.startsWith("ok fitting " + shape + " #")).hasSize(2)
          .allSatisfy(line -> assertThat(line).contains(": 1 event(s), touched "));
    }
    assertThat(lines).last().isEqualTo("done");
  }

  @Test
  void theSafeLimitFollowsTheHeapAndTheDecodingThreads() {
    int mib = 1024 * 1024;
    // Half the heap, less 2 MiB of buffers per decode, at 48 bytes of heap per byte of value.
    assertThat(EventDecoder.safeMaxValueBytes(256L * mib, 2)).isEqualTo((128 * mib / 2 - 2 * mib) / 48);
    assertThat(EventDecoder.safeMaxValueBytes(256L * mib, 2)).isEqualTo(1_354_410);
    assertThat(EventDecoder.safeMaxValueBytes(4096L * mib, 8)).isEqualTo(5_548_714);
    assertThat(EventDecoder.safeMaxValueBytes(32L * mib, 16)).as("no room: the least limit there is").isEqualTo(1024);
    assertThat(EventDecoder.safeMaxValueBytes(1L << 40, 1)).isEqualTo(Integer.MAX_VALUE - mib);
    EventDecoder.create().withMaxValueBytes(EventDecoder.safeMaxValueBytes(1L << 40, 1)); // always a valid limit
  }

  private static long limit(List<String> lines) {
    return lines.stream().filter(line -> line.startsWith("limit ")).mapToLong(line -> Long.parseLong(line.split(" ", -1)[1]))
        .findFirst().orElseThrow();
  }

  /** Runs {@link SmallHeapChild} with these JVM options; its output, line by line. */
  private static List<String> child(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SmallHeapChild.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child ended").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("child exit status; output:%n%s", output).isZero();
    return output.lines().toList();
  }
}
