package dev.cairn.archive.write;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.PartitionKey;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link ArchiveCrashIT} kills: the engine over a folder, archiving with flushes every
 * 50 ms. Arguments: inbox, state file, staging folder, archive folder, mode. Mode {@code
 * stop-mid-flush} writes the file {@code mid-flush} next to the state after the first part of the
 * second flush is committed, then hangs there (so the kill lands between two parts of one flush);
 * mode {@code run} just runs.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    // The parent watches this process's log for flushes.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.cairn.archive"))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    Path inbox = Path.of(args[0]);
    Path state = Path.of(args[1]);
    Path staging = Path.of(args[2]);
    Path archive = Path.of(args[3]);
    boolean stopMidFlush = args[4].equals("stop-mid-flush");
    ArchiveSettings settings = ArchiveSettings.to(archive.toString())
        .withPartitionBy(List.of(PartitionKey.account))
        .withFlush(64 << 10, Duration.ofMillis(50));
    AtomicInteger commits = new AtomicInteger();
    StateStore store = StateStore.open(state);
    ArchiveWriter writer = ArchiveWriter.open(settings, store, staging, Enricher.withAccounts(Map.of()),
        InstantSource.system(), target -> !stopMidFlush ? target : new Target() {
          @Override
          public String describe() {
            return target.describe();
          }

          @Override
          public void commit(String relative, Path file) throws IOException {
            target.commit(relative, file);
            if (commits.incrementAndGet() == 3) {
              Files.writeString(state.resolveSibling("mid-flush"), relative);
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public void close() {
            target.close();
          }
        });
    writer.start();
    CairnProcessor processor = CairnProcessor.builder()
        .folder(inbox)
        .settleTime(Duration.ZERO)
        .stateStore(store)
        .workers(2)
        .batchSize(7)
        .checkpointInterval(Duration.ofMillis(20))
        .maxInterruptions(1_000) // the parent's kills are not the inputs' fault
        .archiver(writer)
        .build();
    processor.start();
    processor.awaitStopped();
  }
}
