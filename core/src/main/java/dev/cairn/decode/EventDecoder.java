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
  /**
   * Default bound on one JSON value (a record, an envelope, a whole non-streamed object): far more
   * than any CloudTrail record, and more than a small heap can hold at worst (see {@link
   * #safeMaxValueBytes}, which a service decoding on several threads should use).
   */
  public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024 * 1024;
  /** Buffer for compressed input; large reads keep the inflater's native calls few. */
  private static final int BUFFER_SIZE = 64 * 1024;
  /** Beyond the value limit plus the parser's read-ahead, which the value guard allows. */
  private static final int STRING_SLACK = 1024 * 1024;
  private static final int MIN_VALUE_BYTES = 1024;
  /** Heap one value may take per byte, at worst; see {@link #safeMaxValueBytes}. */
  static final int HEAP_PER_VALUE_BYTE = 48;
  /** Heap one decode takes whatever its values: buffers. See {@link #safeMaxValueBytes}. */
  static final int HEAP_PER_DECODE = 2 * 1024 * 1024;
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
   * and this bounds the memory one value can take: up to {@value #HEAP_PER_VALUE_BYTE} bytes of heap
   * per byte of the limit, for the worst shapes ({@link #safeMaxValueBytes} works a limit out from
   * the heap). A larger value stops the input with a {@link DecodeError} of kind {@code TOO_LARGE}
   * naming its position; no path reads more than the limit (and the parser's read-ahead) of one
   * value before that. Streamed containers (a log file's {@code Records} array, a
   * top-level array, JSON lines) are not one value and have no size limit.
   *
   * @throws IllegalArgumentException if {@code maxValueBytes} is below 1024 or within 1 MiB of 2 GiB
   */
  public EventDecoder withMaxValueBytes(int maxValueBytes) {
    if (maxValueBytes < MIN_VALUE_BYTES || maxValueBytes > Integer.MAX_VALUE - STRING_SLACK) {
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

  /**
   * The largest {@linkplain #withMaxValueBytes value limit} with which {@code concurrentDecodes}
   * decodes at once fit in half of a heap of {@code maxHeapBytes}, however hostile the input: a
   * value over it ends its input with a {@link DecodeError.Kind#TOO_LARGE} error instead of the JVM
   * running out of memory (a 2 GB single-string gzip bomb is the usual case). A service decoding on
   * several threads should use the smaller of this and the limit it is configured with:
   *
   * <pre>{@code
   * int limit = Math.min(configured, EventDecoder.safeMaxValueBytes(Runtime.getRuntime().maxMemory(), workers));
   * EventDecoder decoder = EventDecoder.create().withMaxValueBytes(limit);
   * }</pre>
   *
   * <p>How much heap one value takes was measured ({@code HeapProbe} in the tests: the smallest
   * {@code -Xmx} at which a value of N bytes decodes and is then used whole, for N of 16 and 48 MiB
   * or 2 and 6 MiB, the difference divided by the difference in N; JDK 17, G1 and the parallel
   * collector). Per byte of the value:
   *
   * <ul>
   *   <li>one long string, the shape of a gzip bomb, in any place (a log file's record read by the
   *       scanner or the parser, JSON lines, an envelope, a payload string): 5 to 8 bytes. The
   *       bytes held while reading (the scanner's buffer, or the parser's kept copy of a record's
   *       text), the record text the event keeps, Jackson's {@code char[]} text buffer (2 bytes a
   *       character), the {@code String} it becomes (1 byte a character for Latin-1 text, 2
   *       otherwise) and the builder in between, and the record's JSON text when asked for;
   *   <li>many tiny containers, the worst shape: 39 to 43 bytes for {@code [{},{},…]}, where each
   *       three bytes become an {@code ObjectNode} and its {@code LinkedHashMap} (about 80 bytes)
   *       plus its slot in the array; 25 for {@code [[],…]}, 22 for {@code ["a",…]}, 14 for small
   *       numbers.
   * </ul>
   *
   * <p>Two decodes at once take twice what one does. A value over the limit costs less than one
   * at the limit: reading stops a little past the limit, holding its bytes once (2 to 3 bytes of
   * heap per byte of the limit).
   *
   * <p>So the limit allows {@value #HEAP_PER_VALUE_BYTE} bytes of heap per byte of value (the worst
   * shape, with a margin) and {@value #HEAP_PER_DECODE} bytes per decode for its buffers (the
   * scanner's, the parser's, gzip's, and the hand-off's when inflating on another thread), within
   * half the heap: the other half is for everything else a service holds, its batches of events
   * first. Values never need the whole limit to be real: CloudTrail records are at most a few
   * hundred kilobytes.
   *
   * @param maxHeapBytes the JVM's maximum heap, {@code Runtime.getRuntime().maxMemory()}
   * @param concurrentDecodes how many decodes may run at once (worker threads)
   * @return a limit for {@link #withMaxValueBytes}: at least 1024 (the least it takes, even when
   *     the heap is too small for that), at most 2 GiB less 1 MiB
   * @throws IllegalArgumentException if either argument is not positive
   */
  public static int safeMaxValueBytes(long maxHeapBytes, int concurrentDecodes) {
    if (maxHeapBytes <= 0 || concurrentDecodes <= 0) {
      throw new IllegalArgumentException(
          "maxHeapBytes and concurrentDecodes must be positive, were " + maxHeapBytes + " and " + concurrentDecodes);
    }
    long perDecode = maxHeapBytes / 2 / concurrentDecodes - HEAP_PER_DECODE;
    return (int) Math.max(MIN_VALUE_BYTES, Math.min(Integer.MAX_VALUE - STRING_SLACK, perDecode / HEAP_PER_VALUE_BYTE));
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
