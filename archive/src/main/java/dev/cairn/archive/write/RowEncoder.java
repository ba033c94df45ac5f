package dev.cairn.archive.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.cairn.alert.Alert;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.Column;
import dev.cairn.archive.Layout;
import dev.cairn.archive.PartitionKey;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.match.Rule;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes one event as one row, one line: a JSON object holding the archive's typed columns ({@link
 * dev.cairn.archive.Column}) and {@code _p}, the directory of the row's partition; a tab; the record
 * itself, as the compact JSON text it was read as. The journal is made of these lines; DuckDB
 * reads them into part files ({@link dev.cairn.archive.Column#rowsSource}).
 *
 * <p>Why not one JSON object per line: DuckDB's JSON reader parsed every record (about 2 KB) into
 * a tree and wrote it out again, a third of a flush; read as the second field of a tab-separated
 * line, the record is copied as it is. Neither part can hold a raw tab or newline: Jackson escapes
 * control characters in the typed columns, compact JSON has no whitespace between tokens, and a
 * control byte inside a string of the record (which valid JSON never has) is written escaped.
 *
 * <p>Columns come from the record as it is (attacker-controlled text, written as JSON strings,
 * never interpreted) through the alerting {@link Enricher}, so {@code actor}, {@code mfa} and {@code
 * category} mean in the archive what they mean in alerts. Empty values are written as null.
 *
 * <p>An event without a usable time (no {@code eventTime}, or outside years 1970–9999) gets a null
 * {@code eventTime} and is filed under the hour it was read in.
 *
 * <p>Thread-safe (immutable).
 */
public final class RowEncoder {
  private static final JsonFactory JSON = new JsonFactory();
  /** The text DuckDB reads as a TIMESTAMP, and the format Athena's JSON SerDes expect. */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * The names of the text columns in the order {@link Rows#write} gives their values: the partition
   * {@code _p}, then every typed column but the two that are not text.
   */
  private static final SerializedString[] TEXT_NAMES = Stream.concat(Stream.of("_p"),
          Column.TYPED.stream().map(Column::name).filter(n -> !n.equals("readOnly") && !n.equals("rules")))
      .map(SerializedString::new).toArray(SerializedString[]::new);
  private static final SerializedString READ_ONLY = new SerializedString("readOnly");
  private static final SerializedString RULES = new SerializedString("rules");

  private final Enricher enricher;
  private final Layout layout;
  private final List<PartitionKey> partitionBy;

  public RowEncoder(Enricher enricher, Layout layout, List<PartitionKey> partitionBy) {
    this.enricher = Objects.requireNonNull(enricher, "enricher");
    this.layout = Objects.requireNonNull(layout, "layout");
    this.partitionBy = List.copyOf(partitionBy);
  }

  /** The record fields a row reads beyond the core ones: parse them up front when decoding. */
  public static RecordFields recordFields() {
    return Enricher.recordFields();
  }

  /**
   * {@code time} as {@link #TIME} formats it ({@code 2026-03-01 09:03:07.250}), for a time in years
   * 1970 to 9999, written by hand: the formatter took a tenth of the time spent on a row.
   */
  static String time(Instant time) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
    char[] c = new char[23];
    digits(c, 0, t.getYear(), 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = ' ';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, time.getNano() / 1_000_000, 3);
    return new String(c);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Opens a writer of rows onto {@code out}; close it (or flush it) to push the bytes out. */
  public Rows rows(OutputStream out) throws IOException {
    return rows(out, true);
  }

  /**
   * {@link #rows(OutputStream)}, with the record column left empty unless {@code records}: for a
   * query that does not read it, copying each record (most of a row's bytes) is wasted work.
   */
  public Rows rows(OutputStream out, boolean records) throws IOException {
    JsonGenerator g = JSON.createGenerator(out);
    g.setRootValueSeparator(null);
    return new Rows(g, out, records);
  }

  /** Writes rows, one per line, onto one stream. Not thread-safe. */
  public final class Rows implements AutoCloseable {
    private final JsonGenerator g;
    private final OutputStream out;
    /** Partition directories by account, region and hour: formatting one per row was a tenth of a worker's time. */
    private final Map<Partition, String> directories = new HashMap<>();
    /** Where the record's text goes, or null when rows leave it empty. */
    private final OutputStream record;
    /** The partition of every row written so far, while they all have the same one. */
    private String onlyDirectory;
    private boolean mixed;
    /** The last partition looked up, and its directory. */
    private String lastAccount;
    private String lastRegion;
    private Instant lastHour;
    private String lastDirectory;

    private record Partition(String account, String region, Instant hour) {}

    private Rows(JsonGenerator g, OutputStream out, boolean records) {
      this.g = g;
      this.out = out;
      this.record = records ? new OneLine(out) : null;
    }

    /** Writes the row of {@code event}, which matched {@code rules}; {@code readAt} files an event without a time. */
    public void write(CloudTrailEvent event, List<Rule> rules, Instant readAt) throws IOException {
      Alert.Facts facts = enricher.facts(event);
      Instant time = event.eventTime();
      if (time != null && (time.isBefore(MIN) || time.isAfter(MAX))) {
        time = null;
      }
      Instant hour = (time != null ? time : readAt).truncatedTo(ChronoUnit.HOURS);
      String directory = directory(facts.account(), facts.region(), hour);
      if (onlyDirectory == null) {
        onlyDirectory = directory;
      } else if (!mixed && !onlyDirectory.equals(directory)) {
        mixed = true;
      }
      String[] values = {
          directory,
          time == null ? null : time(time),
          event.eventId(),
          facts.eventName(),
          facts.eventSource(),
          facts.region(),
          facts.account(),
          facts.accountAlias(),
          facts.actor(),
          facts.principalArn(),
          facts.sourceIpAddress(),
          facts.userAgent(),
          facts.errorCode(),
          event.isCloudTrail() ? event.eventType() : null,
          facts.category(),
          facts.mfa()};
      g.writeStartObject();
      // One loop for the text columns: written out one call each, the JIT inlined the generator's
      // string writing sixteen times into this method (two C2 compiles of 100 ms each per run).
      for (int i = 0; i < values.length; i++) {
        g.writeFieldName(TEXT_NAMES[i]);
        String value = values[i];
        if (value == null || value.isEmpty()) {
          g.writeNull();
        } else {
          g.writeString(value);
        }
      }
      g.writeFieldName(READ_ONLY);
      g.writeBoolean(facts.readOnly());
      g.writeFieldName(RULES);
      g.writeStartArray();
      for (Rule rule : rules) {
        g.writeString(rule.id());
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      out.write('\t');
      // Compact JSON text the decoder accepted, its bytes straight to the stream (no String decoded
      // and encoded again), checked on the way for bytes that would end the line.
      if (record != null) {
        event.writeRecordJson(record);
      }
      out.write('\n');
    }

    private String directory(String account, String region, Instant hour) {
      // Rows come in runs of one input, which is mostly one account, region and hour.
      if (hour.equals(lastHour) && account.equals(lastAccount) && region.equals(lastRegion)) {
        return lastDirectory;
      }
      Partition key = new Partition(account, region, hour);
      String directory = directories.get(key);
      if (directory == null) {
        if (directories.size() >= 4096) {
          directories.clear(); // bounded: accounts, regions and hours seen by one journal segment
        }
        directory = layout.directory(partitionBy, account, region, ZonedDateTime.ofInstant(hour, ZoneOffset.UTC));
        directories.put(key, directory);
      }
      lastAccount = account;
      lastRegion = region;
      lastHour = hour;
      lastDirectory = directory;
      return directory;
    }

    /** The partition directory of every row written, when they all have the same one; empty when none or several. */
    public Optional<String> onlyPartition() {
      return mixed ? Optional.empty() : Optional.ofNullable(onlyDirectory);
    }

    /** Pushes buffered bytes to the stream. */
    public void flush() throws IOException {
      g.flush();
    }

    @Override
    public void close() throws IOException {
      g.close();
    }
  }

  /**
   * Passes bytes on, each control byte (below 0x20) as its JSON escape (a backslash, {@code u00},
   * two hex digits): a record's text then never ends its line early. Compact JSON has such bytes
   * only inside strings, where the escape means the same character; the usual record has none and
   * goes through in one write.
   */
  static final class OneLine extends OutputStream {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final OutputStream out;

    OneLine(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      int end = offset + length;
      int from = offset;
      int i = offset;
      while (i <= end - 8) {
        long word = (long) LONGS.get(bytes, i);
        // Some byte is below 0x20 (bytes of 0x80 and above do not count): then look byte by byte.
        if (((word - 0x2020202020202020L) & ~word & 0x8080808080808080L) != 0) {
          break;
        }
        i += 8;
      }
      for (; i < end; i++) {
        int b = bytes[i] & 0xff;
        if (b < 0x20) {
          out.write(bytes, from, i - from);
          out.write(new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xf]});
          from = i + 1;
        }
      }
      out.write(bytes, from, end - from);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
