package dev.cairn.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One call of {@link EventDecoder#decode}: the state of decoding one input. Not thread-safe; lives
 * on the caller's thread for the duration of the call.
 *
 * <p>Reading happens at two levels. The top level of each JSON text is read token by token, so a
 * log file's {@code Records} array (or a CloudWatch Logs {@code logEvents}, or a LookupEvents
 * {@code Events} array, or a top-level array) is never held whole: each element is materialised on
 * its own, size-bounded, and then {@linkplain #classify classified} as a tree. Payloads carried as
 * strings or base64 inside a value ({@code _raw}, {@code CloudTrailEvent}, a log event's {@code
 * message}, {@code awslogs.data}) are decoded again with the same detection, as a nested frame
 * whose problems become skipped values rather than stopping the input.
 *
 * <p>One class past the usual size on purpose: each level (bytes, gzip, top-level JSON, a value's
 * classification, a nested payload) may recurse into the first with a new {@link Frame}, and all of
 * them report into the same counters, notes and listener of this one call.
 */
final class Decoding {
  /** Payloads inside payloads (a string holding JSON whose strings hold JSON …) deeper than this are skipped. */
  private static final int MAX_NESTING = 4;
  /** Arrays inside arrays deeper than this are skipped, bounding recursion on hostile input. */
  private static final int MAX_DEPTH = 32;
  /** Gzip inside gzip is real (CloudWatch Logs through Firehose with compression on); more is not. */
  private static final int MAX_GZIP_LAYERS = 3;
  /** The summary keeps this many notes; the listener still hears all of them. */
  private static final int MAX_NOTES = 100;
  /** How far the JSON parser may read past a value's end (its buffer is 8000 bytes). */
  static final long READ_AHEAD = 64 * 1024;
  /** Field names a top-level object that is worth streaming field by field starts with. */
  private static final Set<String> STREAMED_OBJECT_STARTS = Set.of(
      "Records", "Events", "NextToken", "logEvents", "messageType", "owner", "logGroup", "logStream",
      "subscriptionFilters", "policyLevel");

  private final ObjectMapper mapper;
  /** {@link #mapper} as a reader, for events to parse their kept text with later. */
  private final ObjectReader records;
  private final int bufferSize;
  private final long maxValueBytes;
  private final String source;
  private final DecodeListener listener;
  /** The record fields to parse; the rest of a record is kept as its JSON text. */
  private final RecordFields fields;
  /** Reads {@link #fields} from what the log-file scanner found. */
  private final ScannedFields reader;
  /** Where the outermost gzip layer is inflated, ahead of the parser; null to inflate as it reads. */
  private final Executor decompression;
  private final List<String> notes = new ArrayList<>();
  private long events;
  private long skipped;
  private int gzipLayers;
  private long topLevelValues;
  private String firstShape;
  private String fixedFormat;
  /** The first reason found for the input to hold no events; see {@link #outcome}. */
  private NoEvents noEvents;
  /** Elements at the start of the next streamed container that stand for those the scanner read. */
  private long placeholders;

  Decoding(ObjectMapper mapper, ObjectReader records, int bufferSize, long maxValueBytes, Executor decompression,
      ScannedFields reader, String source, DecodeListener listener) {
    this.fields = reader.fields();
    this.reader = reader;
    this.mapper = mapper;
    this.records = records;
    this.decompression = decompression;
    this.bufferSize = bufferSize;
    this.maxValueBytes = maxValueBytes;
    this.source = source;
    this.listener = listener;
  }

  DecodeSummary run(InputStream in) {
    DecodeError error = null;
    try {
      decodeBytes(in, Frame.TOP);
    } catch (Failure f) {
      error = new DecodeError(source, f.kind, f.line, f.column, f.byteOffset, f.getMessage());
    }
    return new DecodeSummary(source, format(), events, skipped, notes, Optional.ofNullable(error),
        Optional.ofNullable(error == null && events == 0 ? outcome() : null));
  }

  /** Why an input read to its end gave no events. */
  private NoEvents outcome() {
    if (noEvents != null) {
      return noEvents;
    }
    if (skipped > 0) {
      return NoEvents.NOT_EVENTS;
    }
    return topLevelValues == 0 ? NoEvents.EMPTY : NoEvents.NO_RECORDS; // no values at all: whitespace only
  }

  // ---- bytes: gzip, byte order mark, not JSON -------------------------------------------------

  private void decodeBytes(InputStream in, Frame frame) throws Failure {
    Sniffed head;
    try {
      head = Sniffed.read(in);
    } catch (IOException e) {
      throw Failure.early(e);
    }
    switch (head.kind()) {
      case EMPTY -> notDecodable(frame, NoEvents.EMPTY, "empty",
          frame.gzipLayers > 0 ? "empty input (after gzip)" : "empty input");
      case NOT_UTF8 -> notDecodable(frame, NoEvents.NOT_UTF8, "text in " + head.encoding(),
          "text in " + head.encoding() + ", not UTF-8 (starts with " + head.firstBytes() + ")");
      case NUL -> notDecodable(frame, NoEvents.NUL_BYTES, "NUL bytes",
          "starts with NUL bytes (" + head.firstBytes() + ")");
      case OTHER -> notDecodable(frame, NoEvents.NOT_JSON, "not JSON or gzip",
          "not JSON or gzip (starts with " + head.firstBytes() + ")");
      case GZIP -> decodeGzip(head.stream(), frame);
      case JSON -> decodeJson(head.stream(), frame);
    }
  }

  private void decodeGzip(InputStream compressed, Frame frame) throws Failure {
    if (frame.gzipLayers >= MAX_GZIP_LAYERS) {
      notDecodable(frame, NoEvents.GZIP_TOO_DEEP, "gzip", "gzip nested more than " + MAX_GZIP_LAYERS + " layers deep");
      return;
    }
    if (frame.isTop()) {
      gzipLayers++;
    }
    GzipStream gzip = new GzipStream(compressed, bufferSize);
    ReadAheadStream ahead = readAhead(gzip, frame);
    try {
      decodeBytes(ahead != null ? ahead : gzip, frame.gunzipped());
    } finally {
      if (ahead != null) {
        ahead.close(); // stops the task before the caller can close the input under it; frees the inflater
      } else {
        gzip.close();
      }
    }
    // Read after the task let go of the stream, and only if the parser saw its end, as when unpiped.
    if ((ahead == null || ahead.reachedEnd()) && gzip.trailingDataOffset() >= 0) {
      note("ignored data after the last gzip member (from compressed byte " + gzip.trailingDataOffset() + ")");
    }
  }

  /**
   * The input's own gzip layer inflated on the decompression executor, or null to inflate on this
   * thread: gzip inside it and payloads inside values are small, and not worth a hand-off.
   */
  private ReadAheadStream readAhead(GzipStream gzip, Frame frame) {
    return decompression != null && frame.equals(Frame.TOP) ? ReadAheadStream.start(gzip, decompression) : null;
  }

  /** An input, or a payload inside one, that holds nothing to decode; {@code why} for an input. */
  private void notDecodable(Frame frame, NoEvents why, String format, String what) {
    if (frame.isTop()) {
      fixedFormat = format;
      noEvents(why);
      note("skipped: " + what);
    } else {
      skip(frame.at, frame, what);
    }
  }

  /** Says why the input holds no events, should it turn out to hold none: the first reason found. */
  private void noEvents(NoEvents why) {
    if (noEvents == null) {
      noEvents = why;
    }
  }

  /**
   * A JSON input. A log file's records are read by the {@link LogFileScanner} when only some
   * fields are wanted; the parser reads anything else, and the input from wherever the scanner
   * stopped, reporting positions as in the input itself.
   */
  private void decodeJson(InputStream json, Frame frame) throws Failure {
    if (!frame.isTop() || fields.isWhole()) {
      decodeJson(new GuardedStream(json), frame, LogFileScanner.Shift.NONE);
      return;
    }
    LogFileScanner.Rest rest = scan(json, frame);
    if (rest != null) {
      decodeJson(new GuardedStream(rest.stream()), frame, rest.shift());
    }
  }

  /**
   * Reads a log file's records with the scanner; returns the input for the parser to read on
   * from, or null when the scanner read all of it. The scanner, and the element it holds, are let
   * go of here, before the parser reads on.
   */
  private LogFileScanner.Rest scan(InputStream json, Frame frame) throws Failure {
    LogFileScanner scanner = new LogFileScanner(json, maxValueBytes, reader);
    if (scanner.readHeader()) {
      scanRecords(scanner, frame);
      if (scanner.finished()) {
        return null;
      }
      if (scanner.tooLarge()) {
        throw Failure.tooLarge(scanner.elementLine(), scanner.elementColumn(), scanner.elementOffset(), maxValueBytes,
            frame.gzipLayers > 0);
      }
    }
    placeholders = scanner.placeholders();
    return scanner.rest();
  }

  private void scanRecords(LogFileScanner scanner, Frame frame) {
    long valuesBefore = topLevelValues;
    shapeKnown(topLevelValues++ == 0, Shapes.LOG_FILE);
    while (scanner.next()) {
      try {
        scannedElement(scanner, frame);
      } catch (IOException e) {
        scanner.unread(); // not expected of validated JSON; the parser reads it and says what is wrong
        break;
      }
    }
    if (!scanner.finished() && !scanner.tooLarge()) {
      topLevelValues = valuesBefore; // the parser reads the input from its start again
    }
  }

  /** One element of a log file's {@code Records}, as {@link #value} reads it. */
  private void scannedElement(LogFileScanner scanner, Frame frame) throws IOException {
    Position at = new Position(scanner.elementLine(), scanner.elementOffset());
    byte[] text = scanner.buffer();
    int start = scanner.elementStart();
    int length = scanner.elementEnd() - start;
    if (text[start] != '{') {
      classify(mapper.readTree(text, start, length), at, frame, 1);
      return;
    }
    recordOrValue(reader.read(scanner), Arrays.copyOfRange(text, start, start + length), scanner.isCompact(), at,
        frame, 1);
  }

  private void decodeJson(GuardedStream in, Frame frame, LogFileScanner.Shift shift) throws Failure {
    // Where the bytes after the current parser's come from: the input, then (after a bad line) the
    // bytes read ahead of it followed by the input. A skip reads from here, never from the input
    // itself, or bytes handed on by an earlier bad line and not yet parsed would be lost.
    InputStream source = in;
    while (true) {
      // Kept also when records are parsed whole: a bad line is then found in what the parser took.
      in.keepBehind();
      Resync resync;
      try (JsonParser parser = mapper.createParser(in)) {
        Input input = new Input(parser, in, frame, shift);
        try {
          topLevel(input);
          return;
        } catch (IOException e) {
          resync = resync(e, input, source);
          if (resync == null) {
            throw Failure.of(e, parser, in.delivered(), frame.gzipLayers > 0, shift);
          }
        }
      } catch (IOException e) {
        throw Failure.early(e); // creating the parser read the first bytes, or closing it failed
      }
      source = resync.source();
      in = new GuardedStream(source);
      shift = resync.shift();
    }
  }

  /** Where a line-oriented input reads on after a bad line: the bytes from the next line on, and their positions. */
  private record Resync(InputStream source, LogFileScanner.Shift shift) {}

  /**
   * After a value that is not valid JSON: when the input is line-oriented (JSON lines: every
   * top-level value so far alone on its line, this one starting a line, and not the streamed
   * container of a log file), reports the bad line as a skipped value and returns how to read on
   * from the next line. Null when the input is not line-oriented: the error ends it, as before.
   *
   * <p>Streaming is kept: the bytes the parser read ahead are handed to the next parser, the rest
   * still comes from the input; only the bad line itself is skipped, a buffer at a time.
   */
  private Resync resync(IOException e, Input input, InputStream source) throws IOException {
    if (!(e instanceof com.fasterxml.jackson.core.JsonProcessingException json) || !input.frame.isTop()
        || input.guard == null || input.container || input.valueStart == null
        || input.valueStart.getColumnNr() != 1 || !input.onePerLine) {
      return null;
    }
    JsonLocation start = input.valueStart;
    JsonLocation error = json.getLocation() != null && json.getLocation().getLineNr() > 0
        ? json.getLocation() : input.parser.currentLocation();
    boolean firstValue = input.values == 0 && topLevelValues <= 1;
    if (firstValue && error.getLineNr() != start.getLineNr()) {
      return null; // a first value that spans lines: a document, not a line
    }
    Failure failure = Failure.of(e, input.parser, input.guard.delivered(), input.frame.gzipLayers > 0, input.shift);
    long startOffset = input.offsetOf(start);
    Position at = new Position(input.shift.line(start.getLineNr(), startOffset), input.shift.offset(startOffset));

    java.io.ByteArrayOutputStream released = new java.io.ByteArrayOutputStream();
    input.parser.releaseBuffered(released);
    byte[] ahead = released.toByteArray();
    long parsed = input.guard.delivered() - ahead.length; // what the parser took, in this guard's offsets
    byte[] taken = input.guard.keeps(startOffset) ? input.guard.copy(startOffset, parsed) : new byte[0];
    int newline = indexOf(taken, 0, taken.length);
    long restart;
    long restartLine;
    byte[] next;
    if (newline >= 0) {
      // The parser read past the line's end (into the next line): read on from just after it.
      restart = startOffset + newline + 1;
      restartLine = at.line() + 1;
      next = concat(Arrays.copyOfRange(taken, newline + 1, taken.length), ahead);
    } else {
      // Skip the rest of the line: what the parser read ahead, then the input, to the next newline.
      long skipped = 0;
      InputStream rest = new java.io.SequenceInputStream(new ByteArrayInputStream(ahead), source);
      byte[] buffer = new byte[8192];
      next = null;
      for (int n; (n = rest.read(buffer)) > 0; skipped += n) {
        int found = indexOf(buffer, 0, n);
        if (found >= 0) {
          skipped += found + 1;
          next = Arrays.copyOfRange(buffer, found + 1, n);
          break;
        }
      }
      if (next == null && firstValue) {
        return null; // one value and no line after it: a broken document (a cut log file), not a bad line
      }
      if (next == null) {
        skip(at, input.frame, SkippedValue.INVALID_JSON + failure.describe());
        return new Resync(InputStream.nullInputStream(), input.shift);
      }
      restart = parsed + skipped;
      restartLine = input.shift.line(input.parser.currentLocation().getLineNr(), parsed) + 1;
    }
    skip(at, input.frame, SkippedValue.INVALID_JSON + failure.describe());
    long inputOffset = input.shift.offset(restart);
    // The next parser's positions are the input's moved by where it starts, on a line's first column.
    LogFileScanner.Shift moved = new LogFileScanner.Shift(0, inputOffset, 0, 0, restartLine - 1, inputOffset, 0);
    return new Resync(new java.io.SequenceInputStream(new ByteArrayInputStream(next), source), moved);
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private void decodeText(String text, Frame frame) throws Failure {
    try (JsonParser parser = mapper.createParser(text)) {
      try {
        topLevel(new Input(parser, null, frame, LogFileScanner.Shift.NONE));
      } catch (IOException e) {
        throw Failure.of(e, parser, -1, false, LogFileScanner.Shift.NONE);
      }
    } catch (IOException e) {
      throw Failure.early(e);
    }
  }

  // ---- the top level of a JSON text -----------------------------------------------------------

  /** Every top-level value: JSON lines and values concatenated with no separator alike. */
  private void topLevel(Input in) throws IOException {
    while (in.parser.nextToken() != null) {
      boolean first = in.frame.isTop() && topLevelValues++ == 0;
      JsonLocation start = in.parser.currentTokenLocation();
      in.valueStart = start;
      in.container = false;
      String shape = topLevelValue(in, first);
      if (first && firstShape == null) {
        firstShape = shape;
      }
      // Alone on its line: what makes the input line-oriented, so that a bad line can be skipped.
      in.onePerLine &= start.getColumnNr() == 1 && in.parser.currentLocation().getLineNr() == start.getLineNr();
      in.values++;
    }
  }

  /** Reads one top-level value; {@code first} says to name the input's format as soon as it is known. */
  private String topLevelValue(Input in, boolean first) throws IOException {
    JsonToken token = in.parser.currentToken();
    Position at = in.position();
    if (token == JsonToken.START_ARRAY) {
      in.container = true;
      shapeKnown(first, Shapes.ARRAY); // before streaming, so a summary after a break names it too
      streamArray(in);
      return Shapes.ARRAY;
    }
    if (token == JsonToken.START_OBJECT) {
      return topLevelObject(in, at, first);
    }
    return classify(in.materialise(in.tokenStart(), maxValueBytes), at, in.frame, 0);
  }

  private void shapeKnown(boolean first, String shape) {
    if (first) {
      firstShape = shape;
    }
  }

  private void streamArray(Input in) throws IOException {
    while (in.parser.nextToken() != JsonToken.END_ARRAY) {
      value(in, in.position(), 1);
    }
  }

  /**
   * A top-level object. One that starts like a container (a log file, a CloudWatch Logs payload,
   * LookupEvents output) is read field by field so its big array streams; any other (a record, an
   * envelope) is materialised in one go, which is the fast path for JSON lines.
   */
  private String topLevelObject(Input in, Position at, boolean first) throws IOException {
    JsonLocation start = in.tokenStart();
    if (in.parser.nextToken() != JsonToken.FIELD_NAME) {
      return classify(mapper.getNodeFactory().objectNode(), at, in.frame, 0); // {}
    }
    if (!STREAMED_OBJECT_STARTS.contains(in.parser.currentName())) {
      if (in.canReadFields(start)) {
        return fieldsOf(in, start, at, 0);
      }
      return classify(in.materialise(start, maxValueBytes), at, in.frame, 0);
    }
    ObjectNode fields = mapper.getNodeFactory().objectNode();
    String streamed = null;
    long budget = maxValueBytes;
    do {
      String name = in.parser.currentName();
      JsonToken value = in.parser.nextToken();
      if (value == JsonToken.START_ARRAY && streamed == null && isContainerField(name)) {
        in.container = true;
        streamed = Shapes.container(name);
        shapeKnown(first, streamed);
        streamContainer(in, name, fields);
      } else {
        fields.set(name, in.materialise(in.tokenStart(), budget));
        budget -= in.lastSize;
      }
    } while (in.parser.nextToken() == JsonToken.FIELD_NAME);
    return streamed != null ? streamed : classify(fields, at, in.frame, 0);
  }

  private static boolean isContainerField(String name) {
    return name.equals("Records") || name.equals("Events") || name.equals("logEvents");
  }

  /** Streams the elements of a container array; {@code fields} holds the object's fields read so far. */
  private void streamContainer(Input in, String name, ObjectNode fields) throws IOException {
    if (name.equals("logEvents") && Shapes.isControlMessage(fields)) {
      noEvents(NoEvents.CONTROL_MESSAGE);
      note("skipped: CloudWatch Logs control message" + in.frame.lineSuffix(in.position()));
      in.parser.skipChildren();
      return;
    }
    while (in.parser.nextToken() != JsonToken.END_ARRAY) {
      if (placeholders > 0) {
        placeholders--; // stands for the elements the scanner read
        continue;
      }
      Position at = in.position();
      if (name.equals("logEvents")) {
        logEvent(in.materialise(in.tokenStart(), maxValueBytes), at, in.frame);
      } else {
        value(in, at, 1);
      }
    }
  }

  /** Reads the value at the current token and classifies it; see {@link #fieldsOf}. */
  private String value(Input in, Position at, int depth) throws IOException {
    JsonLocation start = in.tokenStart();
    if (in.parser.currentToken() == JsonToken.START_OBJECT && in.canReadFields(start)) {
      in.parser.nextToken();
      return fieldsOf(in, start, at, depth);
    }
    return classify(in.materialise(start, maxValueBytes), at, in.frame, depth);
  }

  /**
   * An object read as far as {@link #fields} reach, its text kept: a record is delivered like that,
   * and is parsed whole only if someone asks; anything else is parsed whole from its text now. The
   * core fields include all that {@link Shapes#isRecord} looks at, so the test gives the same answer.
   */
  private String fieldsOf(Input in, JsonLocation start, Position at, int depth) throws IOException {
    ObjectNode read = in.readFields(start, maxValueBytes);
    return recordOrValue(read, in.lastText, false, at, in.frame, depth);
  }

  /** An object of which {@code read} holds the {@link #fields} and {@code json} the text. */
  private String recordOrValue(ObjectNode read, byte[] json, boolean compact, Position at, Frame frame, int depth)
      throws IOException {
    if (Shapes.isRecord(read)) {
      return record(read, json, compact, at, frame);
    }
    return classify(mapper.readTree(json), at, frame, depth);
  }

  // ---- materialised values ----------------------------------------------------------------------

  /** Delivers, notes or skips one materialised value; returns its shape, for the summary. */
  private String classify(JsonNode node, Position at, Frame frame, int depth) {
    if (depth > MAX_DEPTH) {
      skip(at, frame, "value nested more than " + MAX_DEPTH + " arrays deep");
      return "deeply nested value";
    }
    if (node instanceof ObjectNode object) {
      return classifyObject(object, at, frame, depth);
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        classify(element, at, frame, depth + 1);
      }
      return Shapes.ARRAY;
    }
    if (node.isTextual()) {
      decodePayload(node.textValue(), at, frame, "JSON string");
      return "JSON string";
    }
    skip(at, frame, "JSON " + Shapes.typeName(node));
    return "JSON " + Shapes.typeName(node);
  }

  private String classifyObject(ObjectNode object, Position at, Frame frame, int depth) {
    if (Shapes.isRecord(object)) {
      return record(object, at, frame);
    }
    if (Shapes.isEnvelope(object)) {
      deliver(CloudTrailEvent.ofEnvelope(object));
      return Shapes.ENVELOPE;
    }
    if (Shapes.isDigest(object)) {
      noEvents(NoEvents.DIGEST);
      note("skipped: CloudTrail digest file (it lists log files, it holds no events)" + frame.lineSuffix(at));
      return Shapes.DIGEST;
    }
    JsonNode container = object.get("Records");
    if (container != null && container.isArray()) {
      classifyElements(container, at, frame, depth);
      return Shapes.LOG_FILE;
    }
    container = object.get("logEvents");
    if (container != null && container.isArray()) {
      logEvents(object, container, at, frame);
      return Shapes.CLOUDWATCH_LOGS;
    }
    container = object.get("Events");
    if (container != null && container.isArray()) {
      classifyElements(container, at, frame, depth);
      return Shapes.LOOKUP_EVENTS;
    }
    return payload(object, at, frame);
  }

  private String record(ObjectNode object, Position at, Frame frame) {
    return record(object, null, false, at, frame);
  }

  /**
   * A record: {@code object} is the whole of it when {@code json} is null, else its {@link #fields};
   * {@code compact} when the scanner saw no whitespace between the tokens of {@code json}.
   */
  private String record(ObjectNode object, byte[] json, boolean compact, Position at, Frame frame) {
    String eventSource = Shapes.text(object, "eventSource");
    if (eventSource != null && eventSource.startsWith("aws:")) {
      // S3, DynamoDB, Kinesis and SQS notifications to Lambda look like records but are not.
      skip(at, frame, "event notification record (eventSource " + Shapes.printable(eventSource)
          + "), not a CloudTrail record");
      return "event notification";
    }
    deliver(json == null ? CloudTrailEvent.ofRecord(object) : CloudTrailEvent.ofRecordJson(json, compact, object, fields, records));
    return Shapes.RECORD;
  }

  private void classifyElements(JsonNode container, Position at, Frame frame, int depth) {
    for (JsonNode element : container) {
      classify(element, at, frame, depth + 1);
    }
  }

  /** Wrappers that hold their payload as a string: the Lambda awslogs form, LookupEvents, {@code _raw}. */
  private String payload(ObjectNode object, Position at, Frame frame) {
    JsonNode data = object.path("awslogs").get("data");
    if (data != null && data.isTextual()) {
      decodeBase64(data.textValue(), at, frame, "awslogs.data");
      return Shapes.AWSLOGS;
    }
    JsonNode text = object.get("CloudTrailEvent");
    if (text != null && text.isTextual()) {
      decodePayload(text.textValue(), at, frame, "CloudTrailEvent");
      return Shapes.LOOKUP_EVENT;
    }
    text = object.get("_raw");
    if (text != null && text.isTextual()) {
      decodePayload(text.textValue(), at, frame, "_raw");
      return Shapes.RAW;
    }
    skip(at, frame, Shapes.describeObject(object));
    return "unrecognised JSON object";
  }

  private void logEvents(ObjectNode payload, JsonNode logEvents, Position at, Frame frame) {
    if (Shapes.isControlMessage(payload)) {
      noEvents(NoEvents.CONTROL_MESSAGE);
      note("skipped: CloudWatch Logs control message" + frame.lineSuffix(at));
      return;
    }
    for (JsonNode element : logEvents) {
      logEvent(element, at, frame);
    }
  }

  private void logEvent(JsonNode element, Position at, Frame frame) {
    JsonNode message = element.get("message");
    if (message != null && message.isTextual()) {
      decodePayload(message.textValue(), at, frame, "logEvents[].message");
    } else {
      skip(at, frame, "CloudWatch Logs log event without a message string: " + Shapes.describe(element));
    }
  }

  // ---- payloads nested in strings -------------------------------------------------------------

  private void decodePayload(String text, Position at, Frame frame, String via) {
    int first = Shapes.firstSignificant(text);
    if (first < 0) {
      skip(at, frame, via + " is an empty string");
      return;
    }
    char c = text.charAt(first);
    if (c != '{' && c != '[') {
      skip(at, frame, via + " is not JSON (starts with " + Shapes.quoteStart(text, first) + ")");
      return;
    }
    if (frame.nesting >= MAX_NESTING) {
      skip(at, frame, via + " nests payloads more than " + MAX_NESTING + " deep");
      return;
    }
    try {
      decodeText(text, frame.nested(via, at));
    } catch (Failure f) {
      skip(at, frame, via + " holds invalid JSON: " + f.describe());
    }
  }

  private void decodeBase64(String text, Position at, Frame frame, String via) {
    if (frame.nesting >= MAX_NESTING) {
      skip(at, frame, via + " nests payloads more than " + MAX_NESTING + " deep");
      return;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      skip(at, frame, via + " is not base64 (" + e.getMessage() + ")");
      return;
    }
    try {
      decodeBytes(new ByteArrayInputStream(bytes), frame.nested(via, at));
    } catch (Failure f) {
      skip(at, frame, via + " is broken: " + f.describe());
    }
  }

  // ---- reporting --------------------------------------------------------------------------------

  private void deliver(CloudTrailEvent event) {
    events++;
    listener.onEvent(event);
  }

  private void skip(Position at, Frame frame, String reason) {
    skipped++;
    listener.onSkipped(new SkippedValue(source, at.line(), at.offset(), frame.prefix(reason)));
  }

  private void note(String note) {
    if (notes.size() < MAX_NOTES) {
      notes.add(note);
    } else if (notes.size() == MAX_NOTES) {
      notes.add("(more notes were given to the listener but not kept here)");
    }
    listener.onNote(note);
  }

  private String format() {
    String shape = fixedFormat != null ? fixedFormat : firstShape != null ? firstShape : "no JSON values";
    if (topLevelValues > 1) {
      shape = "JSON lines or concatenated values (first: " + shape + ")";
    }
    return gzipLayers > 0 ? "gzip: " + shape : shape;
  }

  // ---- small types ------------------------------------------------------------------------------

  /** Where a value starts: 1-based line and 0-based byte offset in the (decompressed) input. */
  record Position(long line, long offset) {}

  /**
   * What is being decoded: the input itself ({@link #TOP}), or a payload nested inside one of its
   * values, whose findings are all reported at that value's position.
   */
  private record Frame(int nesting, int gzipLayers, String via, Position at) {
    static final Frame TOP = new Frame(0, 0, null, null);

    boolean isTop() {
      return at == null;
    }

    Frame gunzipped() {
      return new Frame(nesting, gzipLayers + 1, via, at);
    }

    Frame nested(String what, Position where) {
      return new Frame(nesting + 1, 0, via == null ? what : via + " > " + what, where);
    }

    String prefix(String reason) {
      return via == null ? reason : "in " + via + ": " + reason;
    }

    String lineSuffix(Position position) {
      return position.line() > 0 ? " (line " + position.line() + ")" : "";
    }
  }

  /** One JSON text being parsed: the parser, and the guard under it when it reads a stream. */
  private final class Input {
    final JsonParser parser;
    final GuardedStream guard;
    final Frame frame;
    /** How positions in what the parser reads map to the input's: moved after a scanner hand-over. */
    final LogFileScanner.Shift shift;
    long lastSize;
    /** The text of the value {@link #readFields} read last. */
    byte[] lastText;
    /** Where the top-level value being read started. */
    JsonLocation valueStart;
    /** True while the top-level value being read is a streamed array (a log file's records, say), not one line. */
    boolean container;
    /** True while every top-level value read so far was alone on its line (JSON lines). */
    boolean onePerLine = true;
    /** Top-level values this parser read whole. */
    int values;

    Input(JsonParser parser, GuardedStream guard, Frame frame, LogFileScanner.Shift shift) {
      this.parser = parser;
      this.guard = guard;
      this.frame = frame;
      this.shift = shift;
    }

    /** Where the current token starts, as reported to the listener. */
    Position position() {
      if (!frame.isTop()) {
        return frame.at;
      }
      JsonLocation location = parser.currentTokenLocation();
      long offset = offsetOf(location);
      return new Position(shift.line(location.getLineNr(), offset), shift.offset(offset));
    }

    JsonLocation tokenStart() {
      return parser.currentTokenLocation();
    }

    /**
     * Reads the value at the current token as a tree, refusing one over {@code budget} bytes before
     * it fills memory: the guard stops the parser a little past the budget, and the exact size is
     * checked once the value is read.
     */
    JsonNode materialise(JsonLocation startLocation, long budget) throws IOException {
      if (guard == null) {
        lastSize = 0;
        return parser.readValueAsTree(); // a string payload: bounded by the value that held it
      }
      long start = offsetOf(startLocation);
      long from = start >= 0 ? start : guard.delivered();
      guard.limitTo(from + budget + READ_AHEAD);
      try {
        JsonNode node = parser.readValueAsTree();
        long end = offsetOf(parser.currentLocation());
        lastSize = (end >= 0 ? end : guard.delivered()) - from;
        if (lastSize > budget) {
          throw tooLarge(startLocation);
        }
        return node;
      } catch (GuardedStream.LimitReached e) {
        throw tooLarge(startLocation);
      } finally {
        guard.unlimited();
      }
    }

    /** True when the object starting at {@code start} can be read with {@link #readFields}. */
    boolean canReadFields(JsonLocation start) {
      return guard != null && !fields.isWhole() && guard.keeps(offsetOf(start));
    }

    /**
     * Reads the object that started at {@code startLocation} (its first field name, or its end, is
     * the current token) as far as {@link #fields} reach, and keeps its text in {@link #lastText}.
     * Bounded like {@link #materialise}.
     */
    ObjectNode readFields(JsonLocation startLocation, long budget) throws IOException {
      long from = offsetOf(startLocation);
      guard.holdFrom(from);
      guard.limitTo(from + budget + READ_AHEAD);
      try {
        ObjectNode read = FieldReader.readObject(parser, fields);
        long end = offsetOf(parser.currentLocation());
        lastSize = end - from;
        if (lastSize > budget) {
          throw tooLarge(startLocation);
        }
        lastText = guard.copy(from, end);
        if (lastText[0] != '{' || lastText[lastText.length - 1] != '}') {
          throw new IllegalStateException("object text at byte " + from + " is not one object");
        }
        return read;
      } catch (GuardedStream.LimitReached e) {
        throw tooLarge(startLocation);
      } finally {
        guard.unlimited();
        guard.release();
      }
    }

    private Failure.ValueTooLarge tooLarge(JsonLocation start) {
      long offset = offsetOf(start);
      long line = start.getLineNr();
      long column = start.getColumnNr();
      return new Failure.ValueTooLarge(shift.line(line, offset), shift.column(line, column, offset),
          shift.offset(offset), maxValueBytes);
    }

    long offsetOf(JsonLocation location) {
      return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }
  }
}
