package dev.cairn.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Turns bytes in any shape CloudTrail events come in into {@link dev.cairn.event.CloudTrailEvent}s.
 * See the package documentation for the shapes. Immutable and thread-safe: one instance serves any
 * number of threads decoding at once; the {@code with…} methods return new instances.
 */
public final class EventDecoder {
  /** Default bound on one JSON value (a record, an envelope, a whole non-streamed object). */
  public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024 * 1024;
  /** Buffer for compressed input; large reads keep the inflater's native calls few. */
  private static final int BUFFER_SIZE = 64 * 1024;
  /** Beyond the value limit plus the parser's read-ahead, which the value guard allows. */
  private static final int STRING_SLACK = 1024 * 1024;
  private static final EventDecoder DEFAULT = new EventDecoder(DEFAULT_MAX_VALUE_BYTES);

  private final int maxValueBytes;
  /** Reads every JSON value, now and later: events parse their kept text with {@link #records}. */
  private final ObjectMapper mapper;
  /** The mapper as the immutable reader events keep, to parse their text on demand. */
  private final ObjectReader records;
  /** Null: gzip is inflated on the decoding thread, as the parser reads. */
  private final Executor decompression;
  /** The record fields to parse, and how to read them from what the log-file scanner finds. */
  private final ScannedFields fields;

  private EventDecoder(int maxValueBytes) {
    this(maxValueBytes, new ObjectMapper(jsonFactory(maxValueBytes)), null, null);
  }

  private EventDecoder(int maxValueBytes, ObjectMapper mapper, Executor decompression, ScannedFields fields) {
    this.maxValueBytes = maxValueBytes;
    this.mapper = mapper;
    this.records = mapper.reader();
    this.decompression = decompression;
    this.fields = fields != null ? fields : new ScannedFields(mapper, RecordFields.ALL);
  }

  /** A decoder with default limits. */
  public static EventDecoder create() {
    return DEFAULT;
  }

  /**
   * A decoder like this one that refuses any single JSON value (one record, one envelope, one
   * element of an array) larger than {@code maxValueBytes}: event fields are attacker-controlled,
   * and this bounds the memory one value can take. A larger value stops the input with a {@link
   * DecodeError} naming its position. Streamed containers (a log file's {@code Records} array, a
   * top-level array, JSON lines) are not one value and have no size limit.
   *
   * @throws IllegalArgumentException if {@code maxValueBytes} is below 1024 or within 1 MiB of 2 GiB
   */
  public EventDecoder withMaxValueBytes(int maxValueBytes) {
    if (maxValueBytes < 1024 || maxValueBytes > Integer.MAX_VALUE - STRING_SLACK) {
      throw new IllegalArgumentException(
          "maxValueBytes must be between 1024 and " + (Integer.MAX_VALUE - STRING_SLACK) + ", was " + maxValueBytes);
    }
    if (maxValueBytes == this.maxValueBytes) {
      return this;
    }
    ObjectMapper limited = new ObjectMapper(jsonFactory(maxValueBytes));
    return new EventDecoder(maxValueBytes, limited, decompression, new ScannedFields(limited, fields.fields()));
  }

  /**
   * A decoder like this one that inflates gzip input on a task of {@code executor} while the
   * calling thread parses and delivers events, so one large gzip file decodes in about the time of
   * the slower of the two instead of their sum. Worth it when a core would otherwise be idle: one
   * large file, or fewer files than cores.
   *
   * <p>Results are exactly those of decoding on one thread: the same events, skipped values, notes,
   * summary, and errors of the same kind at the same positions. The listener is still called only
   * on the thread that called {@code decode}, and listener exceptions still propagate unchanged.
   * Only the input's own gzip layer is handed off; plain JSON, and gzip nested inside it, are read
   * on the calling thread as before.
   *
   * <p>Each {@code decode} of gzip input runs one task, which reads {@code in} and holds at most
   * 1 MiB of inflated data ahead of the parser, whatever the input's size. {@code decode} ends the
   * task before it returns or throws, whether the input was read to its end or not; the input is
   * then no longer touched and may be closed. The executor must run the task on a thread other than
   * the caller's, and while the caller waits: a pool whose threads may all be decoding is not
   * suitable (a direct executor is detected, and the input is then decoded on one thread, as it is
   * when the executor rejects the task). A caller interrupted while waiting for inflated data, or a
   * task interrupted by the executor's shutdown, ends that input with an error of kind {@code IO}.
   *
   * @param executor runs one task per gzip input being decoded
   */
  public EventDecoder withDecompressionExecutor(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return new EventDecoder(maxValueBytes, mapper, executor, fields);
  }

  /**
   * A decoder like this one that parses only the given fields of each record it reads from a
   * stream, and keeps the record's JSON text for the rest: {@link CloudTrailEvent#record()} parses
   * it whole on first use, {@link CloudTrailEvent#record(RecordFields)} does not. Faster when
   * rules read a few fields of each record, as they usually do (see {@code RuleSet#fields()}):
   * the rest is tokenised but no tree is built for it. Events are otherwise exactly those of a
   * whole-record decoder: same records, skipped values, notes and errors. Records inside string
   * payloads (LookupEvents, CloudWatch Logs messages, {@code _raw}) and EventBridge envelopes are
   * parsed whole as before.
   *
   * @param fields the fields to parse; {@link RecordFields#ALL} (the default) parses records whole
   */
  public EventDecoder withRecordFields(RecordFields fields) {
    Objects.requireNonNull(fields, "fields");
    return new EventDecoder(maxValueBytes, mapper, decompression, new ScannedFields(mapper, fields));
  }

  /** The bound on one JSON value, in bytes. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /**
   * Decodes one input, streaming: memory stays flat whatever its size. Never throws for bad input:
   * a break is reported in the summary's {@code error}, after every event before it was delivered.
   * Does not close {@code in}.
   *
   * @param in the raw bytes (gzip is detected by its magic bytes, not by name)
   * @param source the input's name, used in every message
   * @param listener receives events, skipped values and notes on this thread
   */
  public DecodeSummary decode(InputStream in, String source, DecodeListener listener) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(listener, "listener");
    return new Decoding(mapper, records, BUFFER_SIZE, maxValueBytes, decompression, fields, source, listener).run(in);
  }

  private static JsonFactory jsonFactory(int maxValueBytes) {
    return JsonFactory.builder()
        // Strings are bounded by the per-value limit, checked on bytes read so that it fails at the
        // same place however reads split; Jackson's own string limit is set above it and never trips first.
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxValueBytes + STRING_SLACK).build())
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
        .build();
  }
}
