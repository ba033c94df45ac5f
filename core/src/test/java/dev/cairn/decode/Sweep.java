package dev.cairn.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The cases a sweep test runs: every truncation, every damaged byte, every place a stream fails.
 * Each decodes its input eight ways ({@link Decoded#of}), so running every case every time is most
 * of the module's test time. By default a sweep runs a sample: the cases split into equal stretches
 * and one drawn from each, from a seed printed once per run, so every run covers the whole range
 * and runs differ in what they cover.
 *
 * <ul>
 *   <li>{@code -Dcairn.seed=N} replays a run's samples (a failure names its seed);
 *   <li>{@code -Dcairn.sweep=full} runs every case, as before sampling (about 10× the cases).
 * </ul>
 */
final class Sweep {
  static final boolean FULL = "full".equals(System.getProperty("cairn.sweep"));
  static final long SEED = Long.getLong("cairn.seed", new SplittableRandom().nextLong());

  static {
    System.out.println(FULL
        ? "[sweep] every case (-Dcairn.sweep=full)"
        : "[sweep] sampled with seed " + SEED + " (replay: -Dcairn.seed=" + SEED + "; every case: -Dcairn.sweep=full)");
  }

  private Sweep() {}

  /** {@code from}, {@code from + step}, … up to {@code to} inclusive. */
  static int[] range(int from, int to, int step) {
    return IntStream.iterate(from, i -> i <= to, i -> i + step).toArray();
  }

  /**
   * Runs {@code test} on this run's cases of {@code candidates}: all of them with {@link #FULL},
   * else {@code sample} of them, one from each of {@code sample} equal stretches. A failure is
   * rethrown naming the case and the seed.
   */
  static void run(String name, int[] candidates, int sample, IntConsumer test) {
    for (int c : cases(name, candidates, sample)) {
      try {
        test.accept(c);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("sweep " + name + " failed at case " + c + (FULL ? " (full sweep)"
            : " (seed " + SEED + ": replay with -Dcairn.seed=" + SEED + ")") + ": " + e.getMessage(), e);
      }
    }
  }

  /** The cases {@link #run} runs, in order. */
  static List<Integer> cases(String name, int[] candidates, int sample) {
    List<Integer> chosen = new ArrayList<>();
    if (FULL || candidates.length <= sample) {
      for (int c : candidates) {
        chosen.add(c);
      }
      return chosen;
    }
    // Each sweep draws from its own stream, so what it covers does not depend on which tests ran before.
    SplittableRandom random = new SplittableRandom(SEED ^ name.hashCode());
    for (int stretch = 0; stretch < sample; stretch++) {
      int from = (int) ((long) candidates.length * stretch / sample);
      int to = (int) ((long) candidates.length * (stretch + 1) / sample);
      chosen.add(candidates[from + random.nextInt(to - from)]);
    }
    return chosen;
  }
}
