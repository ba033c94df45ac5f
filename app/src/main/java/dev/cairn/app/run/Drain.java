package dev.cairn.app.run;

import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.cli.Terminal;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.source.FolderSource;
import dev.cairn.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * {@code cairn run --drain}: every source read until it has nothing left, then every alert
 * delivered, then a summary and an exit status a batch job can act on (0 all done; 1 something
 * failed, timed out or is dead; 2 a source never answered). SIGTERM ends it early with 0: the next
 * run goes on from where this one stopped.
 *
 * <p>Used once, from the command's thread.
 */
final class Drain {
  private final Duration timeout;
  private final Duration giveUp;
  private final List<FolderSource> folders;

  /**
   * @param timeout {@code --drain-timeout}: the longest the drain and the deliveries may take
   * @param giveUp {@code --drain-give-up}: how long a source may fail to answer before the drain ends
   * @param folders the folder sources, whose unreadable files are reported at the end
   */
  Drain(Duration timeout, Duration giveUp, List<FolderSource> folders) {
    this.timeout = timeout;
    this.giveUp = giveUp;
    this.folders = folders;
  }

  /**
   * Runs every processor until its source is drained, in parallel, then delivers what they alerted
   * (groups' digests now rather than at the end of their windows) until every delivery is delivered
   * or dead; progress on a terminal.
   */
  int run(List<CairnProcessor> processors, AlertWiring alerts, AlarmWiring alarms, Metrics metrics,
      PrintWriter err) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<String> timedOut = new CopyOnWriteArrayList<>();
    for (CairnProcessor processor : processors) {
      Thread t = new Thread(() -> {
        try {
          processor.runUntilDrained(timeout);
        } catch (TimeoutException e) {
          timedOut.add(e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "cairn-drain");
      t.start();
      threads.add(t);
    }
    boolean tty = Terminal.progressWanted();
    Optional<String> unreachable;
    StopSignals signals = StopSignals.install(() -> processors.forEach(p -> p.stop(RunCommand.STOP_TIMEOUT)));
    try (signals) {
      unreachable = awaitDrains(threads, processors, tty, err);
    }
    if (signals.received()) {
      err.println("cairn: stopped before the drain finished; the next run goes on from here");
      return ExitCodes.OK;
    }
    alarms.evaluateAfterDrain();
    alerts.deliverer().closeGroupsNow();
    while (!alerts.deliverer().settled()) {
      if (System.nanoTime() - deadline > 0) {
        timedOut.add("alerts still pending after " + timeout + " (see cairn alerts list)");
        break;
      }
      Thread.sleep(50);
    }
    if (tty) {
      err.println();
    }
    if (unreachable.isPresent()) {
      err.println(Printable.of("cairn: drain gave up: " + unreachable.get()));
      return ExitCodes.USAGE;
    }
    for (String message : timedOut) {
      err.println(Printable.of("cairn: drain gave up: " + message));
    }
    err.println("cairn: drained: " + DrainProgress.describe(processors) + "; " + metrics.deliverySummary());
    List<Path> unreadable = folders.stream().flatMap(f -> f.unreadable().stream()).sorted().toList();
    unreadable.forEach(path -> err.println(Printable.of("cairn: error: " + path + ": cannot be read: permission denied")));
    long dead = metrics.deadDeliveries();
    if (dead > 0) {
      err.println("cairn: " + dead + " alert deliver" + (dead == 1 ? "y is" : "ies are")
          + " dead: cairn alerts list --dead shows them, cairn alerts retry --dead sends them again");
    }
    return timedOut.isEmpty() && dead == 0 && unreadable.isEmpty()
        && processors.stream().allMatch(p -> p.stats().itemsFailed() == 0)
        ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /**
   * Waits for the drain threads, drawing progress on a terminal; stops every processor when a
   * source has failed to answer for {@code --drain-give-up}, and returns why.
   */
  private Optional<String> awaitDrains(List<Thread> threads, List<CairnProcessor> processors, boolean tty,
      PrintWriter err) throws InterruptedException {
    Optional<String> unreachable = Optional.empty();
    for (Thread t : threads) {
      while (t.isAlive()) {
        t.join(200);
        if (unreachable.isEmpty()) {
          unreachable = unreachable(processors);
          unreachable.ifPresent(cause -> processors.forEach(p -> p.stop(RunCommand.STOP_TIMEOUT)));
        }
        if (tty) {
          err.print("\r" + DrainProgress.describe(processors) + "   ");
          err.flush();
        }
      }
    }
    return unreachable;
  }

  /** A source that has failed to answer for {@code --drain-give-up}: what to tell. */
  private Optional<String> unreachable(List<CairnProcessor> processors) {
    for (CairnProcessor processor : processors) {
      Optional<String> cause = processor.pollingFailure(giveUp);
      if (cause.isPresent()) {
        return Optional.of(cause.get() + " (for " + DurationConverter.format(giveUp) + "; nothing was read)");
      }
    }
    return Optional.empty();
  }
}
