package dev.cairn.archive.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Format;
import dev.cairn.runtime.state.ArchiveLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and carries out flushes: segments → part files → committed under deterministic names →
 * recorded. See the package documentation for why this is exactly once.
 *
 * <p>Not thread-safe: {@link ArchiveWriter} runs one flush at a time.
 */
final class Flusher {
  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArchiveSettings settings;
  private final ArchiveLedger ledger;
  private final Path journal;
  private final Path parts;
  private final Target target;
  private final PartWriter writer;
  private final String instance;
  private final InstantSource clock;

  Flusher(ArchiveSettings settings, ArchiveLedger ledger, Path journal, Path parts, Target target, PartWriter writer,
      String instance, InstantSource clock) {
    this.settings = settings;
    this.ledger = ledger;
    this.journal = journal;
    this.parts = parts;
    this.target = target;
    this.writer = writer;
    this.instance = instance;
    this.clock = clock;
  }

  /**
   * Flushes {@code taken} segments: the lengths recorded for them are the rows (a segment without a
   * record holds none and is deleted). Returns what was written, or null when nothing was.
   */
  ArchiveListener.Flushed flush(List<Segment> taken) throws IOException, SQLException {
    Map<String, Long> recorded = ledger.segments();
    Map<String, Long> planned = new LinkedHashMap<>();
    List<String> empty = new ArrayList<>();
    Set<Optional<String>> partitions = new HashSet<>();
    long rows = 0;
    for (Segment s : taken) {
      Long length = recorded.get(s.name);
      if (length == null || length == 0) {
        empty.add(s.name);
      } else {
        planned.put(s.name, length);
        partitions.add(s.partition());
        rows += s.committedRows;
      }
    }
    if (!empty.isEmpty()) {
      ledger.forget(empty);
      for (String name : empty) {
        Files.deleteIfExists(journal.resolve(name));
      }
    }
    if (planned.isEmpty()) {
      return null;
    }
    ObjectNode plan = JSON.createObjectNode();
    plan.put("to", settings.to());
    plan.put("format", settings.format().text());
    plan.put("instance", instance);
    ArrayNode list = plan.putArray("segments");
    planned.forEach((name, length) -> list.addArray().add(name).add(length));
    Optional<String> only = partitions.size() == 1 ? partitions.iterator().next() : Optional.empty();
    if (only.isPresent() && rows <= PartWriter.ROW_GROUP) {
      plan.put("partition", only.get()); // every row in one partition, one row group: copied straight
    }
    long id = ledger.plan(plan.toString(), clock.instant());
    return carryOut(new ArchiveLedger.Flush(id, plan.toString()));
  }

  /**
   * Carries out a recorded plan: truncates each segment to its recorded length (dropping rows no
   * checkpoint covers), writes the parts, commits each under {@code cairn-<instance>-<id>}, and
   * records the flush as finished. Done again after a crash, it writes the same names and rows.
   */
  ArchiveListener.Flushed carryOut(ArchiveLedger.Flush flush) throws IOException, SQLException {
    long started = System.nanoTime();
    JsonNode plan = JSON.readTree(flush.plan());
    String to = plan.path("to").asText();
    Format format = Format.parse(plan.path("format").asText("parquet"));
    String name = "cairn-" + plan.path("instance").asText(instance) + "-" + String.format("%010d", flush.id());
    List<String> names = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (JsonNode entry : plan.path("segments")) {
      String segment = entry.get(0).asText();
      long length = entry.get(1).asLong();
      names.add(segment);
      Path file = journal.resolve(segment);
      if (!Files.exists(file)) {
        // The journal was removed under us: nothing can bring these rows back. Say so loudly once.
        LOG.error("archive: journal segment {} ({} bytes of rows) is missing; its rows are lost", file, length);
        continue;
      }
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
        if (c.size() > length) {
          c.truncate(length); // rows written after the last checkpoint belong to no handled event
        }
      }
      files.add(file);
    }
    Path out = parts.resolve(Long.toString(flush.id()));
    deleteTree(out);
    JsonNode partition = plan.get("partition");
    List<PartWriter.Part> written = writer.write(files, format, out,
        partition == null ? Optional.empty() : Optional.of(partition.asText()));
    Target destination = to.equals(settings.to()) ? target : Target.open(to, settings.s3());
    long rows = 0;
    long bytes = 0;
    try {
      for (PartWriter.Part part : written) {
        long size = Files.size(part.file());
        destination.commit(part.directory() + "/" + name + format.suffix(), part.file());
        rows += part.rows();
        bytes += size;
      }
    } finally {
      if (destination != target) {
        destination.close();
      }
    }
    Instant finished = clock.instant();
    ledger.finish(flush.id(), names, "{\"parts\":" + written.size() + ",\"rows\":" + rows + "}", finished);
    for (String segment : names) {
      Files.deleteIfExists(journal.resolve(segment));
    }
    deleteTree(out);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("archive: flush {}: {} row(s) in {} part(s), {} bytes, to {} in {} ms", flush.id(), rows, written.size(),
        bytes, to, took.toMillis());
    return new ArchiveListener.Flushed(to, format, written.size(), rows, bytes, took, finished);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
