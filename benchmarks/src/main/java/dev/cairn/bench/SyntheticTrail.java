package dev.cairn.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Realistic synthetic CloudTrail log files: records drawn from real ones (the bundled example trail),
 * each given a fresh eventID and time, written as gzip {@code {"Records":[...]}} files named and laid
 * out as CloudTrail does. Seeded, so the same arguments give the same bytes.
 *
 * <p>Usage: {@code SyntheticTrail <examples-dir> <out-dir> <files> <records-per-file> [seed]}
 */
public final class SyntheticTrail {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ObjectNode> pool;
  private final Random random;

  public SyntheticTrail(List<ObjectNode> pool, long seed) {
    this.pool = List.copyOf(pool);
    this.random = new Random(seed);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: SyntheticTrail <examples-dir> <out-dir> <files> <records-per-file> [seed]");
      System.exit(2);
    }
    SyntheticTrail trail = new SyntheticTrail(readPool(Path.of(args[0])), args.length > 4 ? Long.parseLong(args[4]) : 42);
    Path out = Path.of(args[1]);
    int files = Integer.parseInt(args[2]);
    int perFile = Integer.parseInt(args[3]);
    for (int i = 0; i < files; i++) {
      trail.writeFile(out, i, perFile);
    }
    System.err.println("wrote " + files + " files of " + perFile + " records to " + out);
  }

  /** Every record of every {@code .json.gz} or {@code .json} CloudTrail file under {@code dir}. */
  public static List<ObjectNode> readPool(Path dir) throws IOException {
    List<ObjectNode> pool = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
          for (JsonNode record : JSON.readTree(in).path("Records")) {
            pool.add((ObjectNode) record);
          }
        }
      }
    }
    if (pool.isEmpty()) {
      throw new IOException("no CloudTrail .json.gz files under " + dir);
    }
    return pool;
  }

  /** One record, a copy of a random real one with a new identity. */
  public ObjectNode nextRecord(Instant around) {
    ObjectNode record = pool.get(random.nextInt(pool.size())).deepCopy();
    record.put("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
    record.put("eventTime", around.plusSeconds(random.nextInt(300)).toString());
    return record;
  }

  /** Writes file number {@code index} under a CloudTrail-style key; returns its path. */
  public Path writeFile(Path root, int index, int records) throws IOException {
    Instant hour = Instant.parse("2023-07-10T00:00:00Z").plusSeconds(300L * index);
    String stamp = hour.toString().substring(0, 16).replace("-", "").replace(":", "");
    Path dir = root.resolve("AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10");
    Files.createDirectories(dir);
    Path file = dir.resolve(String.format("218007301253_CloudTrail_us-east-1_%sZ_%016x.json.gz", stamp, (long) index));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator json = JSON.createGenerator(out)) {
      writeRecords(json, hour, records);
    }
    return file;
  }

  /** Writes {@code {"Records":[...]}} to a generator (gzip or not is the caller's choice). */
  public void writeRecords(JsonGenerator json, Instant around, int records) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("Records");
    for (int r = 0; r < records; r++) {
      json.writeTree(nextRecord(around));
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
