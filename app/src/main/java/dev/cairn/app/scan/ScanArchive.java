package dev.cairn.app.scan;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.app.cli.TempFolder;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.write.ArchiveWriter;
import dev.cairn.runtime.state.StateStore;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Map;

/**
 * {@code cairn scan --archive}: the archive writer for a backfill, its journal in a temporary
 * folder and its bookkeeping in memory (a scan is one run: there is nothing to resume).
 */
final class ScanArchive {
  private final ArchiveWriter writer;
  private final StateStore store;
  private final TempFolder staging;

  private ScanArchive(ArchiveWriter writer, StateStore store, TempFolder staging) {
    this.writer = writer;
    this.store = store;
    this.staging = staging;
  }

  static ScanArchive open(String location) throws Exception {
    TempFolder staging = TempFolder.create("cairn-scan-archive");
    StateStore store = StateStore.inMemory();
    try {
      ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(location), store, staging.path(),
          Enricher.withAccounts(Map.of()), InstantSource.system());
      writer.start();
      return new ScanArchive(writer, store, staging);
    } catch (Exception | Error e) {
      store.close();
      staging.close();
      throw e;
    }
  }

  ArchiveWriter writer() {
    return writer;
  }

  /** Flushes everything and says where it went; false when the last flush failed. */
  boolean close(PrintWriter err) {
    writer.close();
    ArchiveWriter.Stats stats = writer.stats();
    store.close();
    staging.close();
    err.println("cairn: archived " + stats.rowsFlushed() + " event(s) in " + stats.parts() + " part(s) to "
        + writer.describe());
    if (stats.lastError().isPresent() || stats.pendingBytes() > 0) {
      err.println("cairn: error: archiving failed: " + stats.lastError().orElse("rows left unflushed"));
      return false;
    }
    return true;
  }
}
