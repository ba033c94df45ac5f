package dev.cairn.decode;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the {@code Records} array of a CloudTrail log file ({@code {"Records":[{…},{…}]}}) one
 * element at a time, without a general JSON parser: it finds where each element ends and where
 * each of the element's top-level fields lies, and validates the JSON on the way. It is the fast
 * path for the one shape nearly every byte Cairn reads comes in; {@link Decoding} builds the fields
 * rules read from the ranges it reports.
 *
 * <p>It reports one error only: an element over the size limit ({@link #tooLarge()}), once it
 * has read so far into it that the parser, reading from the element's start, could find nothing
 * but that either. On anything else it does not handle (invalid JSON, a truncated input, a failing
 * stream, a byte order mark, fields after {@code Records}, more than one top-level value, deep
 * nesting, long numbers or names, a long run of whitespace) it stops and hands back the input from
 * the end of the last element it finished, as a {@link Rest} that the general parser reads from
 * there: that parser then reports the same errors, at the same positions, as if it had read the
 * whole input itself. So the scanner is only ever stricter than the parser, never looser.
 *
 * <p>Memory: its buffer holds the element being read and never grows past the size limit plus
 * {@link #SLACK}. Time: however small the reads of the underlying stream, an element is scanned
 * again only after at least as many bytes as it holds so far were read, so a large element costs
 * a few scans of itself, not one per read.
 *
 * <p>One class past the usual size on purpose: every scanning method reads and moves the same
 * buffer and cursor, on the path nearly every byte takes; split up, they would pass that state
 * between objects on every value.
 *
 * <p>Not thread-safe.
 */
final class LogFileScanner {
  /** Returned by scanning methods: the buffer ends before the value does. */
  private static final int NEED_MORE = -1;
  /** Returned by scanning methods: something the scanner does not handle; hand over. */
  private static final int GIVE_UP = -2;
  /** Containers nested deeper than this inside one element are left to the parser. */
  private static final int MAX_DEPTH = 200;
  /** Numbers and field names longer than this are left to the parser, which has limits on them. */
  private static final int MAX_TOKEN = 200;
  private static final int INITIAL_BUFFER = 64 * 1024;
  /**
   * The buffer may hold this much beyond the size limit: the parser's read-ahead, which an element
   * must pass before it is reported too large, plus room for whitespace and a comma before it.
   */
  static final int SLACK = (int) Decoding.READ_AHEAD + 64 * 1024;
  private static final byte[] RECORDS = {'"', 'R', 'e', 'c', 'o', 'r', 'd', 's', '"'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  /** Eight bytes of a byte array as one little-endian long: the first byte is the lowest. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** The index of the {@code Records} array in a JSON pointer. */
  private static final Pattern RECORDS_INDEX = Pattern.compile("/Records/(\\d+)");

  /** Byte classes inside a string: 0 is an ordinary byte, the rest need a look. */
  private static final byte[] STRING_BYTE = new byte[256];
  private static final byte PLAIN = 0;
  private static final byte QUOTE = 1;
  private static final byte BACKSLASH = 2;
  private static final byte CONTROL = 3;
  private static final byte NON_ASCII = 4;

  static {
    for (int b = 0; b < 0x20; b++) {
      STRING_BYTE[b] = CONTROL;
    }
    STRING_BYTE['"'] = QUOTE;
    STRING_BYTE['\\'] = BACKSLASH;
    for (int b = 0x80; b < 0x100; b++) {
      STRING_BYTE[b] = NON_ASCII;
    }
  }

  /**
   * Kept just past the last byte read, so that scanning loops stop there without checking the
   * length at every byte: no JSON token goes on over a NUL outside strings, and inside a string it
   * is a control character, which is checked anyway.
   */
  private static final byte SENTINEL = 0;

  private final InputStream in;
  /** The top-level fields worth noting. */
  private final ScannedFields names;
  private final long maxElementBytes;
  /** The most {@link #buffer} grows to. */
  private final int maxBuffer;
  private byte[] buffer;
  /**
   * Bytes {@code [0, limit)} of the buffer hold input, and {@code buffer[limit]} is the {@link
   * #SENTINEL}; {@code buffer[0]} is input byte {@link #base}.
   */
  private int limit;
  private long base;
  private boolean ended;
  private IOException readFailure;

  /** The header, <code>{"Records":[</code> with any whitespace, as read: replayed to the parser on a hand-over. */
  private byte[] header;
  /** Where the next element (or the array's end) is looked for: the end of the last element finished. */
  private int cut;
  private long elementsDone;
  /** Newlines before {@link #cut}, and the input offset where the line holding it starts. */
  private long linesAtCut;
  private long lineStartAtCut;
  /** {@link #cut} and its line before the last element, for {@link #unread()}. */
  private int previousCut;
  private long previousLines;
  private long previousLineStart;
  /** Set when the array and the object closed and nothing but whitespace followed. */
  private boolean finished;
  /** Set when the scanner stopped inside an element it knows is over the size limit. */
  private boolean tooLarge;

  // What scanning the current element found.
  /** Where the element starts in the buffer; -1 while the whitespace or comma before it is read. */
  private int elementStart = -1;
  private int elementEnd;
  private long elementLine;
  /** The input offset where the element's first line starts. */
  private long elementLineStart;
  /** Newlines seen while scanning, and where the last line started: committed at the element's end. */
  private long lines;
  private long lineStart;
  private final byte[] stack = new byte[MAX_DEPTH];
  /** Whether the element's strings are all ASCII without escapes, so each is its bytes as they are. */
  private boolean plain;
  /** Whether the element has no whitespace between its tokens (what CloudTrail writes). */
  private boolean compact;
  /** The element's wanted top-level fields: name (its index in {@link #names}), value start, value end, flattened. */
  private int[] fields = new int[48];
  private int fieldCount;

  LogFileScanner(InputStream in, long maxElementBytes, ScannedFields names) {
    this.in = in;
    this.names = names;
    this.maxElementBytes = maxElementBytes;
    this.maxBuffer = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(INITIAL_BUFFER, maxElementBytes + SLACK));
    this.buffer = new byte[INITIAL_BUFFER];
  }

  /**
   * Reads the header. False when the input does not start with exactly <code>{"Records":[</code> (give
   * or take whitespace): then nothing is consumed, and {@link #rest()} is the whole input.
   */
  boolean readHeader() {
    while (true) {
      int end = header(0);
      if (end >= 0) {
        header = Arrays.copyOf(buffer, end);
        cut = end;
        linesAtCut = lines;
        lineStartAtCut = lineStart;
        return true;
      }
      if (end == GIVE_UP || !fill(0)) {
        return false;
      }
    }
  }

  private int header(int i) {
    lines = 0;
    lineStart = 0;
    i = whitespace(i);
    if (buffer[i] != '{') {
      return stop(i);
    }
    i = whitespace(i + 1);
    for (byte b : RECORDS) {
      if (buffer[i] != b) {
        return stop(i);
      }
      i++;
    }
    i = colon(i);
    if (i < 0) {
      return i;
    }
    return buffer[i] == '[' ? i + 1 : stop(i);
  }

  /**
   * Where scanning met a byte it did not expect at {@code i}: the end of what has been read (the
   * sentinel), or something to leave to the parser.
   */
  private int stop(int i) {
    return i >= limit ? NEED_MORE : GIVE_UP;
  }

  /**
   * Moves to the next element. True when there is one ({@link #elementStart()} …); false at the
   * end of the input, or when the scanner stops: then {@link #finished()} says which.
   */
  boolean next() {
    while (true) {
      int result = element(cut);
      if (result >= 0) {
        return true;
      }
      if (result == GIVE_UP || !fill(cut)) {
        return false;
      }
    }
  }

  /**
   * Takes back the element {@link #next()} last found, so that {@link #rest()} starts before it:
   * for an element the caller could not handle after all.
   */
  void unread() {
    cut = previousCut;
    linesAtCut = previousLines;
    lineStartAtCut = previousLineStart;
    elementsDone--;
  }

  /** True when the whole input was read: the array and the object closed, and nothing followed. */
  boolean finished() {
    return finished;
  }

  /**
   * True when the scanner stopped inside an element larger than the size limit, at {@link
   * #elementLine()}, {@link #elementColumn()} and {@link #elementOffset()}: the parser would report
   * just that, having read the same valid JSON up to its read-ahead past the limit. Decoding stops
   * there without handing over, so the element's bytes are not buffered a second time.
   */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Scans from {@code i}: a separator (or the array's end), then a whole element. */
  private int element(int i) {
    lines = linesAtCut;
    lineStart = lineStartAtCut;
    elementStart = -1;
    i = whitespace(i);
    byte b = buffer[i];
    if (b == ']') {
      return end(i + 1);
    }
    if (elementsDone > 0) {
      if (b != ',') {
        return stop(i);
      }
      i = whitespace(i + 1);
    }
    if (i >= limit && !ended) {
      return NEED_MORE; // the element has not started yet
    }
    elementStart = i;
    elementLine = lines + 1;
    elementLineStart = lineStart;
    fieldCount = 0;
    plain = true;
    compact = true;
    int end = buffer[i] == '{' ? record(i) : value(i);
    if (end < 0) {
      return end;
    }
    if (end - i > maxElementBytes) {
      tooLarge = true; // valid JSON, all of it read: the parser would find only that it is too large
      return GIVE_UP;
    }
    elementEnd = end;
    previousCut = cut;
    previousLines = linesAtCut;
    previousLineStart = lineStartAtCut;
    cut = end;
    linesAtCut = lines;
    lineStartAtCut = lineStart;
    elementsDone++;
    return end;
  }

  /** After the array's {@code ]}: the object's {@code }}, then nothing but whitespace. */
  private int end(int i) {
    i = whitespace(i);
    if (buffer[i] != '}') {
      return stop(i);
    }
    i = whitespace(i + 1);
    if (i < limit) {
      return GIVE_UP; // another value follows: the parser reads them all
    }
    if (!ended) {
      return NEED_MORE;
    }
    finished = true;
    return GIVE_UP; // not an element; next() returns false and finished() says why
  }

  /** An object whose wanted top-level fields are noted in {@link #fields}. */
  private int record(int i) {
    i = whitespace(i + 1);
    if (buffer[i] == '}') {
      return i + 1;
    }
    while (true) {
      if (buffer[i] != '"') {
        return stop(i);
      }
      int nameStart = i + 1;
      int nameEnd = name(nameStart);
      if (nameEnd < 0) {
        return nameEnd;
      }
      i = colon(nameEnd + 1);
      if (i < 0) {
        return i;
      }
      int valueStart = i;
      i = value(i);
      if (i < 0) {
        return i;
      }
      int wanted = names.indexOf(buffer, nameStart, nameEnd);
      if (wanted >= 0) {
        noteField(wanted, valueStart, i);
      }
      i = whitespace(i);
      byte b = buffer[i];
      if (b == '}') {
        return i + 1;
      }
      if (b != ',') {
        return stop(i);
      }
      i = whitespace(i + 1);
    }
  }

  private void noteField(int name, int valueStart, int valueEnd) {
    int at = fieldCount * 3;
    if (at + 3 > fields.length) {
      fields = Arrays.copyOf(fields, fields.length * 2);
    }
    fields[at] = name;
    fields[at + 1] = valueStart;
    fields[at + 2] = valueEnd;
    fieldCount++;
  }

  /** A field name without escapes (any other is left to the parser); returns the index of its closing quote. */
  private int name(int i) {
    int start = i;
    while (STRING_BYTE[buffer[i] & 0xff] == PLAIN) {
      i++;
    }
    return buffer[i] == '"' && i - start <= MAX_TOKEN ? i : stop(i);
  }

  /** Whitespace, a colon, whitespace: returns where the value starts. */
  private int colon(int i) {
    i = whitespace(i);
    if (buffer[i] != ':') {
      return stop(i);
    }
    return whitespace(i + 1);
  }

  /**
   * Any JSON value starting at {@code i} (not whitespace), validated; returns the index just past
   * it. Iterative: containers push onto {@link #stack}.
   */
  private int value(int i) {
    int depth = 0;
    while (true) {
      // A value starts at i.
      byte b = buffer[i];
      if (b == '"') {
        i = string(i + 1);
      } else if (b == '{' || b == '[') {
        if (depth == MAX_DEPTH) {
          return GIVE_UP;
        }
        i = whitespace(i + 1);
        byte close = b == '{' ? (byte) '}' : (byte) ']';
        if (buffer[i] == close) {
          i++;
        } else {
          stack[depth++] = close;
          i = close == '}' ? member(i) : i;
          if (i < 0) {
            return i;
          }
          continue;
        }
      } else if (b == '-' || (b >= '0' && b <= '9')) {
        i = number(i);
      } else if (b == 't' || b == 'f' || b == 'n') {
        i = literal(i);
      } else {
        return stop(i);
      }
      // A value ended just before i: close containers, or move to the next value.
      while (true) {
        if (i < 0 || depth == 0) {
          return i;
        }
        i = whitespace(i);
        byte close = stack[depth - 1];
        b = buffer[i];
        if (b == close) {
          depth--;
          i++;
        } else if (b == ',') {
          i = whitespace(i + 1);
          i = close == '}' ? member(i) : i;
          if (i < 0) {
            return i;
          }
          break;
        } else {
          return stop(i);
        }
      }
    }
  }

  /** In an object, at a field name: the name and the colon; returns where the value starts. */
  private int member(int i) {
    if (buffer[i] != '"') {
      return stop(i);
    }
    int end = string(i + 1);
    if (end < 0) {
      return end;
    }
    if (end - i > MAX_TOKEN * 100) {
      return GIVE_UP; // names this long meet the parser's name limit
    }
    return colon(end);
  }

  private int literal(int i) {
    byte first = buffer[i];
    byte[] word = first == 't' ? TRUE : first == 'f' ? FALSE : NULL;
    for (byte b : word) {
      if (buffer[i] != b) {
        return stop(i);
      }
      i++;
    }
    return delimited(i);
  }

  /** A value must be followed by whitespace, a separator or a bracket ({@code truex} is not {@code true}). */
  private int delimited(int i) {
    byte b = buffer[i];
    if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
      return i;
    }
    return i >= limit && ended ? i : stop(i);
  }

  /** A JSON number, strictly: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private int number(int i) {
    int start = i;
    if (buffer[i] == '-') {
      i++;
    }
    i = digits(i, true);
    if (i >= 0 && buffer[i] == '.') {
      i = digits(i + 1, false);
    }
    if (i >= 0 && (buffer[i] == 'e' || buffer[i] == 'E')) {
      i++;
      if (buffer[i] == '+' || buffer[i] == '-') {
        i++;
      }
      i = digits(i, false);
    }
    if (i < 0) {
      return i;
    }
    return i - start > MAX_TOKEN ? GIVE_UP : delimited(i);
  }

  /** One or more digits; for an integer part, no leading zero. */
  private int digits(int i, boolean integerPart) {
    int start = i;
    while (buffer[i] >= '0' && buffer[i] <= '9') {
      i++;
    }
    if (i >= limit && !ended) {
      return NEED_MORE;
    }
    if (i == start || (integerPart && buffer[start] == '0' && i - start > 1)) {
      return GIVE_UP;
    }
    return i;
  }

  /** The rest of a string whose opening quote is before {@code i}; returns the index past its closing quote. */
  private int string(int i) {
    byte[] bytes = buffer;
    while (true) {
      i = plainRun(bytes, i, limit - 8);
      byte kind;
      while ((kind = STRING_BYTE[bytes[i] & 0xff]) == PLAIN) {
        i++;
      }
      if (kind == QUOTE) {
        return i + 1;
      }
      plain = false;
      i = kind == BACKSLASH ? escape(i + 1) : kind == NON_ASCII ? utf8(i) : stop(i);
      if (i < 0) {
        return i;
      }
    }
  }

  /**
   * Skips plain string bytes eight at a time, up to {@code last}: returns the index of the first
   * word holding a quote, a backslash, a control character or a non-ASCII byte (the byte loop
   * finds which), so the common long runs of plain text cost one test per word.
   */
  private static int plainRun(byte[] bytes, int i, int last) {
    while (i <= last) {
      long word = (long) LONGS.get(bytes, i);
      if (((hasByte(word, 0x2222222222222222L) | hasByte(word, 0x5c5c5c5c5c5c5c5cL)
          | (word - 0x2020202020202020L) | word) & 0x8080808080808080L) != 0) {
        return i;
      }
      i += 8;
    }
    return i;
  }

  /** High bit set in each byte of {@code word} equal to the byte repeated in {@code pattern} (and maybe in higher ones). */
  private static long hasByte(long word, long pattern) {
    long x = word ^ pattern;
    return (x - 0x0101010101010101L) & ~x;
  }

  /** After a backslash: one of {@code "\/bfnrt}, or {@code u} and four hex digits. */
  private int escape(int i) {
    return switch (buffer[i]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i + 1;
      case 'u' -> {
        for (int k = i + 1; k < i + 5; k++) {
          if (Character.digit(buffer[k], 16) < 0) {
            yield stop(k);
          }
        }
        yield i + 5;
      }
      default -> stop(i);
    };
  }

  /** One well-formed UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF). */
  private int utf8(int i) {
    int lead = buffer[i] & 0xff;
    int length;
    int min;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return GIVE_UP;
    }
    int code = lead & (0x7f >> length);
    for (int k = i + 1; k < i + length; k++) {
      int b = buffer[k] & 0xff;
      if ((b & 0xc0) != 0x80) {
        return stop(k);
      }
      code = code << 6 | (b & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return GIVE_UP;
    }
    return i + length;
  }

  /** JSON whitespace, counting lines as the parser does (a lone CR ends a line too). */
  private int whitespace(int i) {
    while (true) {
      byte b = buffer[i];
      if (b == ' ' || b == '\t') {
        i++;
        compact = false;
      } else if (b == '\n' || b == '\r') {
        compact = false;
        if (b == '\r' && buffer[i + 1] == '\n') {
          i++;
        } else if (b == '\r' && i + 1 == limit && !ended) {
          return limit; // whether the CR and an LF after it are one line end is not known yet
        }
        i++;
        lines++;
        lineStart = base + i;
      } else {
        return i;
      }
    }
  }

  /**
   * Reads more input, keeping the buffer from {@code keep} on. False when there is no more: the
   * input ended or failed, or keeping more would pass the element limit.
   */
  private boolean fill(int keep) {
    if (ended || readFailure != null) {
      return false;
    }
    if (keep > 0) {
      System.arraycopy(buffer, keep, buffer, 0, limit - keep);
      limit -= keep;
      base += keep;
      cut -= keep;
      previousCut -= keep;
      elementStart -= elementStart >= 0 ? keep : 0;
    }
    if (limit == buffer.length - 1 && !grow()) {
      return false;
    }
    if (buffer.length > INITIAL_BUFFER && limit < buffer.length / 8) {
      // A large element is behind: do not keep its buffer for the small ones after it.
      buffer = Arrays.copyOf(buffer, Math.max(INITIAL_BUFFER, Integer.highestOneBit(limit) * 4));
    }
    // What is held is scanned again from its start: read at least as much again first, so small
    // reads (a slow stream) do not make a large element cost one scan of itself per read.
    int held = limit;
    try {
      do {
        int n = in.read(buffer, limit, buffer.length - 1 - limit);
        if (n < 0) {
          ended = true;
          break;
        }
        limit += n;
      } while (limit - held < held && limit < buffer.length - 1);
      return true;
    } catch (IOException e) {
      readFailure = e;
      return false;
    } finally {
      buffer[limit] = SENTINEL;
    }
  }

  /**
   * Doubles the full buffer, up to {@link #maxBuffer}. False when it is that large already: then
   * the element in it is over the limit by more than the parser reads ahead ({@link #tooLarge}),
   * or whitespace runs on before it, which the parser reads without buffering.
   */
  private boolean grow() {
    if (buffer.length >= maxBuffer) {
      tooLarge = elementStart >= 0 && limit - elementStart > maxElementBytes + Decoding.READ_AHEAD;
      return false;
    }
    buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, maxBuffer));
    return true;
  }

  // ---- the current element ----------------------------------------------------------------------

  byte[] buffer() {
    return buffer;
  }

  int elementStart() {
    return elementStart;
  }

  int elementEnd() {
    return elementEnd;
  }

  /** The element's position in the input: 1-based line, 0-based byte offset. */
  long elementLine() {
    return elementLine;
  }

  long elementOffset() {
    return base + elementStart;
  }

  /** The element's 1-based column, in bytes, as the parser counts it. */
  long elementColumn() {
    return base + elementStart - elementLineStart + 1;
  }

  /** True when every string in the current element is plain ASCII with no escapes. */
  boolean isPlain() {
    return plain;
  }

  /** True when the current element has no whitespace between its tokens. */
  boolean isCompact() {
    return compact;
  }

  /** How many wanted top-level fields the current element has, when it is an object. */
  int fieldCount() {
    return fieldCount;
  }

  /** The wanted field {@code n}'s name, as {@link ScannedFields#indexOf} gave it. */
  int fieldName(int n) {
    return fields[n * 3];
  }

  /** Where the wanted field {@code n}'s value starts in {@link #buffer()}. */
  int valueStart(int n) {
    return fields[n * 3 + 1];
  }

  /** Where the wanted field {@code n}'s value ends in {@link #buffer()}, exclusive. */
  int valueEnd(int n) {
    return fields[n * 3 + 2];
  }

  // ---- handing over ---------------------------------------------------------------------------------

  /**
   * The input from the end of the last finished element, for the parser to read on from there,
   * with the header replayed before it (and a placeholder element {@code ""} for those finished,
   * which the reader skips) so the parser is in the same state as if it had read all of it.
   */
  Rest rest() {
    if (header == null) {
      return new Rest(new Replay(new byte[0], buffer, 0, limit, remainder()), Shift.NONE);
    }
    boolean placeholder = elementsDone > 0;
    // An empty string: a token that ends itself, so whatever follows is read as it would have been.
    byte[] replay = placeholder ? Arrays.copyOf(header, header.length + 2) : header;
    if (placeholder) {
      replay[header.length] = '"';
      replay[header.length + 1] = '"';
    }
    long cutOffset = base + cut;
    Shift shift = new Shift(replay.length, cutOffset, headerLines(), headerLineStart(), linesAtCut, lineStartAtCut,
        placeholder ? elementsDone - 1 : 0);
    return new Rest(new Replay(replay, buffer, cut, limit, remainder()), shift);
  }

  /** Elements finished that the parser must skip: the placeholder, if {@link #rest()} put one in. */
  long placeholders() {
    return header != null && elementsDone > 0 ? 1 : 0;
  }

  private InputStream remainder() {
    if (readFailure != null) {
      IOException failure = readFailure;
      return new InputStream() {
        @Override
        public int read() throws IOException {
          throw failure;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          throw failure;
        }
      };
    }
    return ended ? InputStream.nullInputStream() : in;
  }

  private long headerLines() {
    long n = 0;
    for (int i = 0; i < header.length; i++) {
      if (header[i] == '\n' || (header[i] == '\r' && (i + 1 == header.length || header[i + 1] != '\n'))) {
        n++;
      }
    }
    return n;
  }

  private long headerLineStart() {
    for (int i = header.length - 1; i >= 0; i--) {
      if (header[i] == '\n' || header[i] == '\r') {
        return i + 1L;
      }
    }
    return 0;
  }

  /**
   * The replayed header, then the buffer's unread bytes, then the rest of the input. Lets go of the
   * buffer once it has been read, so an element the scanner held is not held twice while the
   * parser reads it again and on.
   */
  private static final class Replay extends InputStream {
    private byte[] header;
    private int headerRead;
    private byte[] buffer;
    private int position;
    private final int end;
    private final InputStream rest;

    Replay(byte[] header, byte[] buffer, int from, int end, InputStream rest) {
      this.header = header;
      this.buffer = buffer;
      this.position = from;
      this.end = end;
      this.rest = rest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (header != null) {
        int n = Math.min(length, header.length - headerRead);
        System.arraycopy(header, headerRead, into, offset, n);
        headerRead += n;
        if (headerRead == header.length) {
          header = null;
        }
        if (n > 0) {
          return n;
        }
      }
      if (buffer != null) {
        int n = Math.min(length, end - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        if (position == end) {
          buffer = null;
        }
        if (n > 0) {
          return n;
        }
      }
      return rest.read(into, offset, length);
    }
  }

  /** The input the parser reads on with, and how its positions map back to the input's. */
  record Rest(InputStream stream, Shift shift) {}

  /**
   * Maps positions in the replayed input to the real one: past the replayed header, byte {@code s}
   * of the replay is byte {@code s - replayed + cut} of the input, lines move by the newlines
   * skipped, and on the line the cut is on, columns move by where the cut sits on its line.
   * Indexes in the {@code Records} array move by the elements the placeholder stands for.
   */
  record Shift(long replayed, long cut, long headerLines, long headerLineStart, long linesAtCut,
      long lineStartAtCut, long indexShift) {
    /** No hand-over: the parser read the input from its start, so its positions are the input's. */
    static final Shift NONE = new Shift(Long.MAX_VALUE, 0, 0, 0, 0, 0, 0);

    boolean applies(long offset) {
      return offset >= replayed;
    }

    long offset(long offset) {
      return applies(offset) ? offset - replayed + cut : offset;
    }

    long line(long line, long offset) {
      return applies(offset) ? line + linesAtCut - headerLines : line;
    }

    /** A JSON pointer such as {@code /Records/3/requestParameters}, its {@code Records} index moved. */
    String pointer(String pointer) {
      Matcher index = RECORDS_INDEX.matcher(pointer);
      if (indexShift == 0 || !index.lookingAt()) {
        return pointer;
      }
      return "/Records/" + (Long.parseLong(index.group(1)) + indexShift) + pointer.substring(index.end());
    }

    long column(long line, long column, long offset) {
      if (!applies(offset) || line != headerLines + 1) {
        return column;
      }
      return column + (cut - lineStartAtCut) - (replayed - headerLineStart);
    }
  }
}
