package dev.cairn.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.event.RecordFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * Builds the tree of the fields a {@link RecordFields} names from JSON text that {@link
 * LogFileScanner} has already validated, so it can skip values without checking them again.
 * Immutable, made once per decoder and shared by its threads. The
 * nodes are exactly those {@link FieldReader} makes from the same text: text, booleans and null
 * are built here; numbers and fields read whole are handed to Jackson, so their node types match.
 */
final class ScannedFields {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectMapper mapper;
  private final RecordFields wanted;
  /** The top-level names read; their nested objects' names below them. */
  private final Level root;

  ScannedFields(ObjectMapper mapper, RecordFields wanted) {
    this.mapper = mapper;
    this.wanted = wanted;
    this.root = new Level(wanted);
  }

  /** The fields this reads. */
  RecordFields fields() {
    return wanted;
  }

  /** Which wanted top-level name {@code text[start, end)} is, or -1 for none. */
  int indexOf(byte[] text, int start, int end) {
    return root.indexOf(text, start, end);
  }

  /** The wanted fields of the scanner's current element: an object whose wanted top-level fields it noted. */
  ObjectNode read(LogFileScanner scanner) throws IOException {
    byte[] text = scanner.buffer();
    boolean plain = scanner.isPlain();
    // Sized for the fields noted, so the map is not rebuilt as they go in.
    ObjectNode object = new ObjectNode(NODES, new LinkedHashMap<>(scanner.fieldCount() * 2));
    for (int n = 0; n < scanner.fieldCount(); n++) {
      int k = scanner.fieldName(n);
      object.set(root.names[k], value(text, scanner.valueStart(n), scanner.valueEnd(n), root.below[k], plain));
    }
    return object;
  }

  /**
   * The value {@code text[start, end)}, read as far as {@code below} reaches (null: all of it);
   * {@code plain} when its strings are known to be ASCII without escapes.
   */
  private JsonNode value(byte[] text, int start, int end, Level below, boolean plain) throws IOException {
    return switch (text[start]) {
      case '"' -> TextNode.valueOf(plain ? new String(text, start + 1, end - start - 2, StandardCharsets.ISO_8859_1)
          : string(text, start + 1, end - 1));
      case 't' -> BooleanNode.TRUE;
      case 'f' -> BooleanNode.FALSE;
      case 'n' -> NullNode.instance;
      case '{' -> below == null ? mapper.readTree(text, start, end - start) : object(text, start, below, plain);
      case '[' -> below == null ? mapper.readTree(text, start, end - start) : array(text, start, below, plain);
      default -> mapper.readTree(text, start, end - start); // a number: Jackson picks its node type
    };
  }

  private ObjectNode object(byte[] text, int start, Level level, boolean plain) throws IOException {
    ObjectNode object = NODES.objectNode();
    int i = whitespace(text, start + 1);
    while (text[i] != '}') {
      int nameEnd = skip(text, i); // past the closing quote
      // Plain names are looked up by their bytes: most members are not read, so no string is made.
      int k = plain ? level.indexOf(text, i + 1, nameEnd - 1) : level.indexOf(string(text, i + 1, nameEnd - 1));
      int valueStart = whitespace(text, whitespace(text, nameEnd) + 1);
      int valueEnd = skip(text, valueStart);
      if (k >= 0) {
        object.set(level.names[k], value(text, valueStart, valueEnd, level.below[k], plain));
      }
      i = next(text, valueEnd);
    }
    return object;
  }

  private ArrayNode array(byte[] text, int start, Level below, boolean plain) throws IOException {
    // Every element stays, so indexes ($.resources[1].ARN) mean what they mean in the record.
    ArrayNode array = NODES.arrayNode();
    int i = whitespace(text, start + 1);
    while (text[i] != ']') {
      int end = skip(text, i);
      array.add(value(text, i, end, below, plain));
      i = next(text, end);
    }
    return array;
  }

  /**
   * The names read at one level of the record, as bytes in an open-addressing table keyed by
   * {@link #hash}, to match a name in the text without making a string of it: one probe finds most.
   */
  private static final class Level {
    final String[] names;
    /** What is read under each name: null for all of it. */
    final Level[] below;
    private final byte[][] table;
    private final int[] tableIndex;

    Level(RecordFields fields) {
      names = fields.names().toArray(new String[0]);
      below = new Level[names.length];
      table = new byte[Integer.highestOneBit(Math.max(names.length, 1) * 4) * 2][];
      tableIndex = new int[table.length];
      for (int k = 0; k < names.length; k++) {
        RecordFields child = fields.child(names[k]);
        below[k] = child.isWhole() ? null : new Level(child);
        byte[] name = names[k].getBytes(StandardCharsets.UTF_8);
        int slot = hash(name, 0, name.length) & (table.length - 1);
        while (table[slot] != null) {
          slot = (slot + 1) & (table.length - 1);
        }
        table[slot] = name;
        tableIndex[slot] = k;
      }
    }

    /** Which name {@code text[start, end)} is, or -1 for none. */
    int indexOf(byte[] text, int start, int end) {
      int mask = table.length - 1;
      for (int slot = hash(text, start, end) & mask; table[slot] != null; slot = (slot + 1) & mask) {
        if (equal(table[slot], text, start, end)) {
          return tableIndex[slot];
        }
      }
      return -1;
    }

    /** Which name {@code name} is, or -1 for none: for names that had escapes in the text. */
    int indexOf(String name) {
      for (int k = 0; k < names.length; k++) {
        if (names[k].equals(name)) {
          return k;
        }
      }
      return -1;
    }

    /** Cheap and good enough for field names: their length and three of their bytes. */
    private static int hash(byte[] text, int start, int end) {
      int length = end - start;
      if (length == 0) {
        return 0;
      }
      return length * 31 + text[start + length / 2] * 7 + text[end - 1] * 131 + text[start + length * 3 / 4];
    }

    private static boolean equal(byte[] name, byte[] text, int start, int end) {
      if (name.length != end - start) {
        return false;
      }
      for (int i = 0; i < name.length; i++) {
        if (name[i] != text[start + i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** Past a comma and whitespace, or at the closing bracket. */
  private static int next(byte[] text, int i) {
    i = whitespace(text, i);
    return text[i] == ',' ? whitespace(text, i + 1) : i;
  }

  private static int whitespace(byte[] text, int i) {
    while (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t') {
      i++;
    }
    return i;
  }

  /** Past the valid JSON value at {@code i}. */
  private static int skip(byte[] text, int i) {
    byte b = text[i];
    if (b == '"') {
      return stringEnd(text, i + 1);
    }
    if (b != '{' && b != '[') {
      while (isScalarPart(text[i])) { // a number or a literal: digits, signs, letters
        i++;
      }
      return i;
    }
    int depth = 0;
    while (true) {
      b = text[i];
      if (b == '"') {
        i = stringEnd(text, i + 1);
        continue;
      }
      if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && --depth == 0) {
        return i + 1;
      }
      i++;
    }
  }

  private static boolean isScalarPart(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
        || b == '-' || b == '+' || b == '.';
  }

  /** Past the closing quote of the string whose content starts at {@code i}. */
  private static int stringEnd(byte[] text, int i) {
    while (text[i] != '"') {
      i += text[i] == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  /** The content of a valid JSON string, {@code text[start, end)} between its quotes, unescaped. */
  static String string(byte[] text, int start, int end) {
    boolean ascii = true;
    for (int i = start; i < end; i++) {
      byte b = text[i];
      if (b == '\\') {
        return unescape(text, start, end);
      }
      if (b < 0) {
        ascii = false;
      }
    }
    return new String(text, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  private static String unescape(byte[] text, int start, int end) {
    StringBuilder out = new StringBuilder(end - start);
    int run = start;
    int i = start;
    while (i < end) {
      if (text[i] != '\\') {
        i++;
        continue;
      }
      out.append(new String(text, run, i - run, StandardCharsets.UTF_8));
      byte e = text[i + 1];
      i += 2;
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(new String(text, i, 4, StandardCharsets.ISO_8859_1), 16));
          i += 4;
        }
        default -> out.append((char) e); // " \ /
      }
      run = i;
    }
    return out.append(new String(text, run, end - run, StandardCharsets.UTF_8)).toString();
  }
}
