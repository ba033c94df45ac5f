package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A space-delimited pattern {@code [slot, slot, ...]}. Slots bind message fields by position; a
 * single {@code ...} absorbs any number of fields. Without {@code ...} the last slot takes the rest
 * of the line, which is why AWS advises naming one slot more than you test.
 */
final class SpaceDelimitedPattern implements Evaluator {
  /** Characters that end an unquoted value besides whitespace, "&&" and "||". */
  private static final String VALUE_STOP_CHARS = ",[](){}\"";

  /** Slot conditions, null for a slot that only names its field. */
  private final FieldTest[] before;
  private final FieldTest[] after;
  /** Slot names, in the order of {@link #before} and {@link #after}; null for an empty last slot. */
  private final String[] beforeNames;
  private final String[] afterNames;
  private final boolean ellipsis;

  private SpaceDelimitedPattern(List<FieldTest> before, List<FieldTest> after, List<String> beforeNames,
      List<String> afterNames, boolean ellipsis) {
    this.before = before.toArray(new FieldTest[0]);
    this.after = after.toArray(new FieldTest[0]);
    this.beforeNames = beforeNames.toArray(new String[0]);
    this.afterNames = afterNames.toArray(new String[0]);
    this.ellipsis = ellipsis;
  }

  /**
   * The value each named slot takes in {@code message} (as {@link #matches} binds them: the last
   * slot of a pattern without {@code ...} takes the rest of the line); empty when the message has
   * too few fields.
   */
  Map<String, String> bind(String message) {
    Fields fields = Fields.split(message);
    int count = fields.count();
    Map<String, String> values = new LinkedHashMap<>();
    if (count < before.length + after.length) {
      return values;
    }
    for (int i = 0; i < beforeNames.length; i++) {
      boolean rest = !ellipsis && i == beforeNames.length - 1 && count != beforeNames.length;
      if (beforeNames[i] != null) {
        values.put(beforeNames[i], rest ? fields.restFrom(i) : fields.value(i));
      }
    }
    for (int i = 0; i < afterNames.length; i++) {
      if (afterNames[i] != null) {
        values.put(afterNames[i], fields.value(count - afterNames.length + i));
      }
    }
    return values;
  }

  @Override
  public boolean matches(JsonNode json, Supplier<String> message) {
    Fields fields = Fields.split(Evaluator.messageOf(message));
    int count = fields.count();
    if (count < before.length + after.length) {
      return false;
    }
    if (!ellipsis) {
      return matchesWithoutEllipsis(fields);
    }
    for (int i = 0; i < before.length; i++) {
      if (!slotMatches(before[i], fields, i)) {
        return false;
      }
    }
    for (int i = 0; i < after.length; i++) {
      if (!slotMatches(after[i], fields, count - after.length + i)) {
        return false;
      }
    }
    return true;
  }

  private boolean matchesWithoutEllipsis(Fields fields) {
    int last = before.length - 1;
    for (int i = 0; i < last; i++) {
      if (!slotMatches(before[i], fields, i)) {
        return false;
      }
    }
    FieldTest lastTest = before[last];
    return lastTest == null || lastTest.test(fields.count() == before.length ? fields.value(last) : fields.restFrom(last));
  }

  private static boolean slotMatches(FieldTest test, Fields fields, int index) {
    return test == null || test.test(fields.value(index));
  }

  /**
   * Parses the whole pattern; the reader is positioned at the opening bracket. {@code []} matches
   * every event, and an empty last slot ({@code [..., status_code=4*,]}, as in the TestMetricFilter
   * API reference) is an unnamed slot without conditions.
   */
  static Evaluator parse(PatternReader reader) throws InvalidPatternException {
    reader.advance(1); // '['
    reader.skipWhitespace();
    if (reader.consume("]")) {
      reader.skipWhitespace();
      if (!reader.atEnd()) {
        throw reader.expected("end of pattern after ']'");
      }
      return Evaluator.EVERYTHING;
    }
    List<FieldTest> before = new ArrayList<>();
    List<FieldTest> after = new ArrayList<>();
    List<String> beforeNames = new ArrayList<>();
    List<String> afterNames = new ArrayList<>();
    boolean ellipsis = false;
    boolean first = true;
    do {
      reader.skipWhitespace();
      int slotAt = reader.pos();
      if (!first && reader.peek() == ']') {
        (ellipsis ? after : before).add(null);
        (ellipsis ? afterNames : beforeNames).add(null);
        break;
      }
      first = false;
      if (reader.consume("...")) {
        if (ellipsis) {
          throw reader.error(slotAt, "only one '...' is allowed per pattern");
        }
        ellipsis = true;
      } else {
        (ellipsis ? after : before).add(slot(reader, ellipsis ? afterNames : beforeNames));
      }
      reader.skipWhitespace();
    } while (reader.consume(","));
    if (!reader.consume("]")) {
      throw reader.expected("',' or ']'");
    }
    reader.skipWhitespace();
    if (!reader.atEnd()) {
      throw reader.expected("end of pattern after ']'");
    }
    return new SpaceDelimitedPattern(before, after, beforeNames, afterNames, ellipsis);
  }

  /** One named slot with optional conditions; returns null when it has none. */
  private static FieldTest slot(PatternReader reader, List<String> names) throws InvalidPatternException {
    String name = readName(reader, "a field name or '...'");
    names.add(name);
    reader.skipWhitespace();
    if (reader.atEnd() || reader.peek() == ',' || reader.peek() == ']') {
      return null;
    }
    List<FieldTest> alternatives = new ArrayList<>();
    do {
      List<FieldTest> conjunction = new ArrayList<>();
      do {
        conjunction.add(condition(reader, name, alternatives.isEmpty() && conjunction.isEmpty()));
        reader.skipWhitespace();
      } while (reader.consume("&&"));
      alternatives.add(conjunction.size() == 1 ? conjunction.get(0) : new FieldTest.All(List.copyOf(conjunction)));
    } while (reader.consume("||"));
    return alternatives.size() == 1 ? alternatives.get(0) : new FieldTest.Any(List.copyOf(alternatives));
  }

  /** {@code name op value}; the first condition's name was already read as the slot name. */
  private static FieldTest condition(PatternReader reader, String slotName, boolean first) throws InvalidPatternException {
    if (!first) {
      reader.skipWhitespace();
      int at = reader.pos();
      String name = readName(reader, "field name '" + slotName + "'");
      if (!name.equals(slotName)) {
        throw reader.error(at, "a condition in slot '" + slotName + "' can only test '" + slotName
            + "' but found '" + name + "'");
      }
      reader.skipWhitespace();
    }
    Operator op = Operator.read(reader);
    if (op == null) {
      throw reader.expected("',', ']' or an operator (=, !=, <, <=, >, >=) after '" + slotName + "'");
    }
    Literal literal = Literal.read(reader, op, VALUE_STOP_CHARS);
    if (literal instanceof Literal.Numeric number) {
      return new FieldTest.Numeric(op, number);
    }
    return new FieldTest.Text(((Literal.Text) literal).test(), op == Operator.NE);
  }

  private static String readName(PatternReader reader, String what) throws InvalidPatternException {
    int start = reader.pos();
    while (!reader.atEnd() && (PatternReader.isAsciiLetter(reader.peek())
        || PatternReader.isAsciiDigit(reader.peek()) || reader.peek() == '_')) {
      reader.advance(1);
    }
    if (reader.pos() == start) {
      throw reader.expected(what);
    }
    return reader.text().substring(start, reader.pos());
  }

  /**
   * Field boundaries of one message. Fields are separated by whitespace; a field that starts with
   * '[' or '"' runs to the matching ']' or '"' (or the end of the message), and its value excludes
   * the brackets or quotes.
   */
  static final class Fields {
    private final String message;
    private int[] spans = new int[32]; // per field: rawStart, valueStart, valueEnd, rawEnd
    private int count;

    private Fields(String message) {
      this.message = message;
    }

    static Fields split(String message) {
      Fields fields = new Fields(message);
      int i = 0;
      int n = message.length();
      while (true) {
        while (i < n && Character.isWhitespace(message.charAt(i))) {
          i++;
        }
        if (i >= n) {
          return fields;
        }
        i = fields.addField(i);
      }
    }

    private int addField(int start) {
      char open = message.charAt(start);
      char close = open == '[' ? ']' : open == '"' ? '"' : 0;
      if (close != 0) {
        int end = message.indexOf(close, start + 1);
        int valueEnd = end < 0 ? message.length() : end;
        int rawEnd = end < 0 ? message.length() : end + 1;
        add(start, start + 1, valueEnd, rawEnd);
        return rawEnd;
      }
      int end = start;
      while (end < message.length() && !Character.isWhitespace(message.charAt(end))) {
        end++;
      }
      add(start, start, end, end);
      return end;
    }

    private void add(int rawStart, int valueStart, int valueEnd, int rawEnd) {
      if ((count + 1) * 4 > spans.length) {
        spans = java.util.Arrays.copyOf(spans, spans.length * 2);
      }
      int at = count * 4;
      spans[at] = rawStart;
      spans[at + 1] = valueStart;
      spans[at + 2] = valueEnd;
      spans[at + 3] = rawEnd;
      count++;
    }

    int count() {
      return count;
    }

    String value(int index) {
      return message.substring(spans[index * 4 + 1], spans[index * 4 + 2]);
    }

    /** The raw text from field {@code index} to the end of the last field. */
    String restFrom(int index) {
      return message.substring(spans[index * 4], spans[(count - 1) * 4 + 3]);
    }
  }
}
