package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-split JSON selector such as {@code $.a.b[0]}, {@code $.['cluster.name']} or, with one
 * wildcard step, {@code $.arrayKey[*]} and {@code $.*}. Each step is a field name, an array index
 * or the wildcard; resolving is a loop of {@link JsonNode#get} calls with no string work.
 *
 * <p>A wildcard step ({@code .*} or {@code [*]}, as in JSONPath) selects every member of an object
 * and every element of an array, one level deep; a condition on a wildcard selector holds when it
 * holds for any selected value.
 */
final class Selector {
  /** AWS: "up to one wildcard per selector". */
  static final int MAX_WILDCARDS_PER_SELECTOR = 1;

  private final String text;
  /** Field name per step, or null where the step is an array index or the wildcard. */
  private final String[] names;
  private final int[] indexes;
  /** The wildcard step, or -1. */
  private final int wildcard;

  private Selector(String text, String[] names, int[] indexes, int wildcard) {
    this.text = text;
    this.names = names;
    this.indexes = indexes;
    this.wildcard = wildcard;
  }

  /**
   * The node a selector without a wildcard points at, or null when any step is absent (including a
   * JSON null midway).
   */
  JsonNode resolve(JsonNode root) {
    return walk(root, 0, names.length);
  }

  private JsonNode walk(JsonNode from, int firstStep, int endStep) {
    JsonNode node = from;
    for (int i = firstStep; i < endStep && node != null; i++) {
      node = names[i] != null ? node.get(names[i]) : node.get(indexes[i]);
    }
    return node;
  }

  boolean hasWildcard() {
    return wildcard >= 0;
  }

  /**
   * Whether {@code test} holds for the selected node: for a selector without a wildcard the one node
   * (null when absent), for a wildcard selector any selected node that exists.
   */
  boolean anyMatches(JsonNode root, NodeTest test) {
    if (wildcard < 0) {
      return test.holdsFor(resolve(root));
    }
    JsonNode parent = walk(root, 0, wildcard);
    if (parent == null || !parent.isContainerNode()) {
      return false;
    }
    for (JsonNode child : parent) {
      JsonNode node = walk(child, wildcard + 1, names.length);
      if (node != null && test.holdsFor(node)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the selector selects no node at all (for {@code NOT EXISTS}). */
  boolean selectsNothing(JsonNode root) {
    return !anyMatches(root, node -> node != null && !node.isMissingNode());
  }

  /**
   * The field names along the way, array indexes left out, up to a wildcard step: what a decoder
   * must parse (wholly, from the last name on) for the selector to see everything it selects.
   */
  List<String> fieldNames() {
    List<String> fields = new ArrayList<>(names.length);
    int end = wildcard < 0 ? names.length : wildcard;
    for (int i = 0; i < end; i++) {
      if (names[i] != null) {
        fields.add(names[i]);
      }
    }
    return List.copyOf(fields);
  }

  /** The single field name of a selector like {@code $.eventName}, else null. */
  String topLevelName() {
    return names.length == 1 && wildcard < 0 ? names[0] : null;
  }

  @Override
  public String toString() {
    return text;
  }

  /** A test on the node a selector reaches; the node is null when nothing is there. */
  interface NodeTest {
    boolean holdsFor(JsonNode node);
  }

  /**
   * Parses {@code $} followed by one or more {@code .name}, {@code [digits]}, {@code .*}, {@code
   * [*]} or {@code .['key']} (also {@code ['key']}) steps.
   */
  static Selector read(PatternReader reader) throws InvalidPatternException {
    int start = reader.pos();
    reader.advance(1); // '$'
    List<String> names = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    int wildcard = -1;
    while (true) {
      int stepAt = reader.pos();
      char c = reader.peek();
      boolean star = false;
      if (c == '.' && reader.startsWith(".['")) {
        reader.advance(1);
        names.add(readQuotedKey(reader));
        indexes.add(-1);
      } else if (c == '.') {
        reader.advance(1);
        star = reader.consume("*");
        names.add(star ? null : readName(reader));
        indexes.add(-1);
      } else if (c == '[' && reader.startsWith("['")) {
        names.add(readQuotedKey(reader));
        indexes.add(-1);
      } else if (c == '[') {
        reader.advance(1);
        star = reader.consume("*]");
        names.add(null);
        indexes.add(star ? -1 : readIndex(reader));
      } else {
        break;
      }
      if (star) {
        if (wildcard >= 0) {
          throw reader.error(stepAt, "a selector may hold only " + MAX_WILDCARDS_PER_SELECTOR
              + " wildcard; " + reader.text().substring(start, stepAt) + " already has one");
        }
        wildcard = names.size() - 1;
      }
    }
    if (names.isEmpty()) {
      throw reader.expected("'.' or '[' after '$'");
    }
    int[] idx = indexes.stream().mapToInt(Integer::intValue).toArray();
    return new Selector(reader.text().substring(start, reader.pos()), names.toArray(new String[0]), idx, wildcard);
  }

  /** {@code ['key']}: any characters but a single quote; for keys holding dots or spaces. */
  private static String readQuotedKey(PatternReader reader) throws InvalidPatternException {
    int open = reader.pos();
    reader.advance(2); // "['"
    int close = reader.text().indexOf("']", reader.pos());
    int quote = reader.text().indexOf('\'', reader.pos());
    if (close < 0 || quote < close) {
      throw reader.error(open, "unterminated key: expected ']' to close ['"
          + " (a key in brackets may hold any character but a single quote)");
    }
    String key = reader.text().substring(reader.pos(), close);
    reader.advance(close + 2 - reader.pos());
    return key;
  }

  private static String readName(PatternReader reader) throws InvalidPatternException {
    int start = reader.pos();
    while (isNameChar(reader.peek())) {
      reader.advance(1);
    }
    if (reader.pos() == start) {
      if (reader.peek() == '.') {
        throw reader.error(start - 1, "recursive descent '..' is not supported; name each step, as in $.a.b");
      }
      throw reader.expected("a field name (letters, digits, '-' or '_'), '*' or ['key'] after '.'");
    }
    return reader.text().substring(start, reader.pos());
  }

  private static int readIndex(PatternReader reader) throws InvalidPatternException {
    int start = reader.pos();
    while (PatternReader.isAsciiDigit(reader.peek())) {
      reader.advance(1);
    }
    if (reader.pos() == start) {
      throw reader.expected("an array index (digits), '*' or 'key' after '['");
    }
    String digits = reader.text().substring(start, reader.pos());
    if (reader.peek() != ']') {
      throw reader.expected("']' after array index " + digits);
    }
    reader.advance(1);
    String significant = digits.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 9) {
      throw reader.error(start, "array index " + digits + " is too large");
    }
    return Integer.parseInt(significant);
  }

  private static boolean isNameChar(char c) {
    return PatternReader.isAsciiLetter(c) || PatternReader.isAsciiDigit(c) || c == '_' || c == '-';
  }
}
