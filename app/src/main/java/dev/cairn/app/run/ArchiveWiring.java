package dev.cairn.app.run;

import dev.cairn.alert.enrich.EnrichConfig;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveConfig;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.write.ArchiveWriter;
import dev.cairn.config.Config;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.Health;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The {@code archive} section of {@code cairn.yaml} wired into {@code cairn run}: one archive writer
 * shared by every source's engine, its journal next to the state file. Closing it (after the engines
 * stopped) flushes what is staged.
 */
final class ArchiveWiring implements AutoCloseable {
  private final ArchiveWriter writer;

  private ArchiveWiring(ArchiveWriter writer) {
    this.writer = writer;
  }

  /** A config problem found while opening the archive (an invalid include filter, an unusable folder). */
  static final class InvalidArchiveException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidArchiveException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The archive the config asks for, started, its flushes and levels on {@code metrics} (if given); or none. */
  static ArchiveWiring open(Config config, StateStore store, Metrics metrics) throws InvalidArchiveException {
    Optional<Config> section = config.find(ArchiveConfig.ARCHIVE);
    if (section.isEmpty()) {
      return new ArchiveWiring(null);
    }
    ArchiveSettings settings;
    try {
      settings = ArchiveSettings.from(section.get());
    } catch (IllegalArgumentException e) {
      throw new InvalidArchiveException("invalid config: archive.include: " + e.getMessage(), e);
    }
    try {
      Path staging = settings.staging().orElseGet(() -> config.get(RunConfig.STATE)
          .map(state -> state.toAbsolutePath().resolveSibling("archive"))
          .orElseGet(ArchiveWiring::temporary));
      ArchiveWriter writer = ArchiveWriter.open(settings, store, staging,
          Enricher.withAccounts(config.get(EnrichConfig.ACCOUNTS)), InstantSource.system());
      if (metrics != null) {
        writer.listen(metrics.archive(writer.describe(), settings.format(), writer::stats));
      }
      try {
        writer.start();
      } catch (IOException | SQLException | RuntimeException e) {
        writer.close();
        throw e;
      }
      LoggerFactory.getLogger(ArchiveWiring.class).info("archive: to {} ({} layout, {}), journal in {}",
          writer.describe(), settings.layout(), settings.format(), staging);
      return new ArchiveWiring(writer);
    } catch (IOException | SQLException | RuntimeException e) {
      throw new InvalidArchiveException("archive: cannot open " + settings.to() + ": " + e.getMessage(), e);
    }
  }

  private static Path temporary() {
    try {
      return Files.createTempDirectory("cairn-archive");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The builder with the archive added, if there is one. */
  CairnProcessor.Builder wire(CairnProcessor.Builder builder) {
    return writer == null ? builder : builder.archiver(writer);
  }

  /**
   * {@code engines} unless the archive's last flush failed: then DEGRADED (the flush is retried and
   * its rows wait in the journal, so nothing is lost), with the reason.
   */
  Health health(Health engines) {
    if (writer == null || engines.status().compareTo(Health.Status.DEGRADED) >= 0) {
      return engines;
    }
    ArchiveWriter.Stats stats = writer.stats();
    return stats.lastError().map(error -> new Health(Health.Status.DEGRADED, "archive: flushes to "
        + writer.describe() + " are failing (" + stats.failures() + " failure(s)); " + stats.stagedRows()
        + " row(s) wait in the journal: " + error)).orElse(engines);
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
