package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-split JSON selector such as {@code $.a.b[0]}. Each step is either a field name or an array
 * index; resolving is a loop of {@link JsonNode#get} calls with no string work.
 */
final class Selector {
  private final String text;
  /** Field name per step, or null where the step is an array index. */
  private final String[] names;
  private final int[] indexes;

  private Selector(String text, String[] names, int[] indexes) {
    this.text = text;
    this.names = names;
    this.indexes = indexes;
  }

  /** The node the selector points at, or null when any step is absent (including a JSON null midway). */
  JsonNode resolve(JsonNode root) {
    JsonNode node = root;
    for (int i = 0; i < names.length && node != null; i++) {
      node = names[i] != null ? node.get(names[i]) : node.get(indexes[i]);
    }
    return node;
  }

  /** The field names along the way, array indexes left out. */
  List<String> fieldNames() {
    List<String> fields = new ArrayList<>(names.length);
    for (String name : names) {
      if (name != null) {
        fields.add(name);
      }
    }
    return List.copyOf(fields);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses {@code $} followed by one or more {@code .name} / {@code [digits]} steps. */
  static Selector read(PatternReader reader) throws InvalidPatternException {
    int start = reader.pos();
    reader.advance(1); // '$'
    List<String> names = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    while (true) {
      char c = reader.peek();
      if (c == '.') {
        reader.advance(1);
        names.add(readName(reader));
        indexes.add(-1);
      } else if (c == '[') {
        reader.advance(1);
        indexes.add(readIndex(reader));
        names.add(null);
      } else {
        break;
      }
    }
    if (names.isEmpty()) {
      throw reader.expected("'.' or '[' after '$'");
    }
    int[] idx = indexes.stream().mapToInt(Integer::intValue).toArray();
    return new Selector(reader.text().substring(start, reader.pos()), names.toArray(new String[0]), idx);
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
      throw reader.expected("a field name (letters, digits, '-' or '_') after '.'");
    }
    return reader.text().substring(start, reader.pos());
  }

  private static int readIndex(PatternReader reader) throws InvalidPatternException {
    int start = reader.pos();
    if (reader.peek() == '*') {
      throw reader.error(start - 1, "array wildcard '[*]' is not supported; use an index such as [0]");
    }
    while (PatternReader.isAsciiDigit(reader.peek())) {
      reader.advance(1);
    }
    if (reader.pos() == start) {
      throw reader.expected("an array index (digits) after '['");
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
