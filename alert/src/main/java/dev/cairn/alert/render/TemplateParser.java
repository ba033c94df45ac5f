package dev.cairn.alert.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads an {@code InputTemplate} once: checks that it is a JSON object or JSON string literals
 * with placeholders standing for values, and cuts it into literal text and placeholder slots,
 * each slot knowing whether it sits inside a string. Placeholders are {@code <name>} with a name
 * of letters, digits, {@code _}, {@code -} and {@code .}; any other {@code <} is text (inside a
 * string) or a syntax error (outside). A syntax error ends the reading; the placeholder checks
 * the caller makes for each slot go on.
 *
 * <p>Just past the usual size on purpose: one recursive-descent reading of one small grammar, whose
 * cursor and output buffers every rule shares; split, they would become state passed between classes.
 */
final class TemplateParser {
  /** Deepest nesting of objects and arrays accepted. */
  static final int MAX_DEPTH = 64;

  /** Literal template text: as written ({@code json}) and, in a string template, as the string means it ({@code text}). */
  record Literal(String json, String text) {}

  /** A placeholder: its name, where it is in the template, and whether it is inside a string literal. */
  record Slot(String name, int index, boolean inString) {}

  /** What the template is. */
  enum Form { JSON, STRING }

  /** A syntax error: where, and what. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int index;

    SyntaxError(int index, String message) {
      super(message, null, false, false);
      this.index = index;
    }
  }

  private enum Mode { KEY, VALUE }

  private final String s;
  private final BiConsumer<Slot, Form> onSlot;
  private final List<Object> parts = new ArrayList<>();
  private final StringBuilder json = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private Form form;
  private int i;

  private TemplateParser(String template, BiConsumer<Slot, Form> onSlot) {
    this.s = template;
    this.onSlot = onSlot;
  }

  /** The parsed template: its form and its parts ({@link Literal}s and {@link Slot}s), in order. */
  record Parsed(Form form, List<Object> parts) {}

  /**
   * Parses a template.
   *
   * @param onSlot told of every slot as it is found (also those before a syntax error)
   */
  static Parsed parse(String template, BiConsumer<Slot, Form> onSlot) throws SyntaxError {
    TemplateParser p = new TemplateParser(template, onSlot);
    p.template();
    p.flush();
    return new Parsed(p.form, List.copyOf(p.parts));
  }

  private void template() throws SyntaxError {
    String leading = whitespace();
    json.append(leading);
    if (i >= s.length()) {
      throw new SyntaxError(i, s.isEmpty() ? "the template is empty" : "the template is only whitespace");
    }
    char c = s.charAt(i);
    if (c == '{') {
      form = Form.JSON;
      text.append(leading);
      object(1);
      String trailing = whitespace();
      json.append(trailing);
      text.append(trailing);
      if (i < s.length()) {
        throw new SyntaxError(i, "unexpected " + describe(i) + " after the JSON object");
      }
    } else if (c == '"') {
      form = Form.STRING;
      while (true) {
        string(Mode.VALUE);
        String between = whitespace();
        json.append(between);
        if (i >= s.length()) {
          break;
        }
        if (s.charAt(i) != '"') {
          throw new SyntaxError(i, "unexpected " + describe(i) + ": a string template is one or more JSON strings"
              + " (\"…\") separated by whitespace");
        }
        text.append(between); // kept between two strings, not before the first or after the last
      }
    } else {
      throw new SyntaxError(i, "a template is a JSON object ({…}) or JSON strings (\"…\"), found " + describe(i)
          + (c == '<' ? "; a placeholder alone must be quoted (\"<name>\") or be a value in an object" : "")
          + "; strings need their quotes");
    }
  }

  // ---- JSON with placeholders ---------------------------------------------------------------------

  private void value(int depth) throws SyntaxError {
    skipWhitespace();
    if (i >= s.length()) {
      throw new SyntaxError(i, "expected a value, found the end of the template");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string(Mode.VALUE);
      case '<' -> {
        int end = placeholderEnd(i);
        if (end < 0) {
          throw new SyntaxError(i, "unexpected '<': a placeholder is <name>, the name made of letters, digits,"
              + " '_', '-' and '.'");
        }
        slot(i, end, false);
      }
      case 't' -> keyword("true");
      case 'f' -> keyword("false");
      case 'n' -> keyword("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw new SyntaxError(i, "expected a value, found " + describe(i));
        }
      }
    }
  }

  private void object(int depth) throws SyntaxError {
    checkDepth(depth);
    literal('{');
    skipWhitespace();
    if (peek() == '}') {
      literal('}');
      return;
    }
    while (true) {
      skipWhitespace();
      if (i >= s.length()) {
        throw new SyntaxError(i, "unterminated object: expected a key or '}'");
      }
      if (s.charAt(i) == '<' && placeholderEnd(i) > 0) {
        throw new SyntaxError(i, "a placeholder cannot be an object key");
      }
      if (s.charAt(i) != '"') {
        throw new SyntaxError(i, "expected a key in double quotes, found " + describe(i));
      }
      string(Mode.KEY);
      skipWhitespace();
      if (peek() != ':') {
        throw new SyntaxError(i, "expected ':' after the key, found " + describe(i));
      }
      literal(':');
      value(depth);
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        literal(',');
      } else if (c == '}') {
        literal('}');
        return;
      } else {
        throw new SyntaxError(i, "expected ',' or '}' in the object, found " + describe(i));
      }
    }
  }

  private void array(int depth) throws SyntaxError {
    checkDepth(depth);
    literal('[');
    skipWhitespace();
    if (peek() == ']') {
      literal(']');
      return;
    }
    while (true) {
      value(depth);
      skipWhitespace();
      char c = peek();
      if (c == ',') {
        literal(',');
      } else if (c == ']') {
        literal(']');
        return;
      } else {
        throw new SyntaxError(i, "expected ',' or ']' in the array, found " + describe(i));
      }
    }
  }

  private void checkDepth(int depth) throws SyntaxError {
    if (depth > MAX_DEPTH) {
      throw new SyntaxError(i, "nested deeper than " + MAX_DEPTH + " objects and arrays");
    }
  }

  private void string(Mode mode) throws SyntaxError {
    int open = i;
    json.append('"');
    i++;
    while (true) {
      if (i >= s.length()) {
        throw new SyntaxError(open, "unterminated string: no closing '\"'");
      }
      char c = s.charAt(i);
      if (c == '"') {
        json.append('"');
        i++;
        return;
      }
      if (c == '\\') {
        escape();
      } else if (c < 0x20) {
        throw new SyntaxError(i, String.format("control character U+%04X inside a string: write it as an escape"
            + " (\\n, \\t, \\u%04x)", (int) c, (int) c));
      } else if (c == '<' && placeholderEnd(i) > 0) {
        if (mode == Mode.KEY) {
          throw new SyntaxError(i, "a placeholder cannot be part of an object key");
        }
        slot(i, placeholderEnd(i), true);
      } else {
        json.append(c);
        text.append(c);
        i++;
      }
    }
  }

  private void escape() throws SyntaxError {
    int start = i;
    if (i + 1 >= s.length()) {
      throw new SyntaxError(start, "unterminated escape at the end of the template");
    }
    char e = s.charAt(i + 1);
    char decoded;
    int length = 2;
    switch (e) {
      case '"' -> decoded = '"';
      case '\\' -> decoded = '\\';
      case '/' -> decoded = '/';
      case 'b' -> decoded = '\b';
      case 'f' -> decoded = '\f';
      case 'n' -> decoded = '\n';
      case 'r' -> decoded = '\r';
      case 't' -> decoded = '\t';
      case 'u' -> {
        if (i + 6 > s.length()) {
          throw new SyntaxError(start, "\\u needs four hex digits");
        }
        int code = 0;
        for (int k = i + 2; k < i + 6; k++) {
          int digit = Character.digit(s.charAt(k), 16);
          if (digit < 0 || s.charAt(k) > 'f') {
            throw new SyntaxError(start, "\\u needs four hex digits");
          }
          code = code * 16 + digit;
        }
        decoded = (char) code;
        length = 6;
      }
      default -> throw new SyntaxError(start, "invalid escape \\" + (e < 0x20 ? String.format("U+%04X", (int) e)
          : String.valueOf(e)) + " (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
    }
    json.append(s, i, i + length);
    text.append(decoded);
    i += length;
  }

  private void number() throws SyntaxError {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw new SyntaxError(start, "invalid number");
    }
    if (peek() == '.') {
      i++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw new SyntaxError(start, "invalid number: digits must follow '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw new SyntaxError(start, "invalid number: digits must follow the exponent");
      }
      digits();
    }
    String number = s.substring(start, i);
    json.append(number);
    text.append(number);
  }

  private void digits() {
    while (peek() >= '0' && peek() <= '9') {
      i++;
    }
  }

  private void keyword(String word) throws SyntaxError {
    if (!s.startsWith(word, i)) {
      throw new SyntaxError(i, "expected a value, found " + describe(i));
    }
    json.append(word);
    text.append(word);
    i += word.length();
  }

  // ---- placeholders and literal text ----------------------------------------------------------------

  /** The index of the closing '>' when a placeholder starts at {@code at}, else -1. */
  private int placeholderEnd(int at) {
    int j = at + 1;
    while (j < s.length() && isNameChar(s.charAt(j))) {
      j++;
    }
    return j > at + 1 && j < s.length() && s.charAt(j) == '>' ? j : -1;
  }

  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '.';
  }

  private void slot(int start, int end, boolean inString) {
    flush();
    Slot slot = new Slot(s.substring(start + 1, end), start, inString);
    parts.add(slot);
    onSlot.accept(slot, form);
    i = end + 1;
  }

  private void flush() {
    if (json.length() > 0 || text.length() > 0) {
      parts.add(new Literal(json.toString(), text.toString()));
      json.setLength(0);
      text.setLength(0);
    }
  }

  private void literal(char c) {
    json.append(c);
    text.append(c);
    i++;
  }

  private String whitespace() {
    int start = i;
    skipWhitespaceOnly();
    return s.substring(start, i);
  }

  private void skipWhitespace() {
    String ws = whitespace();
    json.append(ws);
    text.append(ws);
  }

  private void skipWhitespaceOnly() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private String describe(int at) {
    if (at >= s.length()) {
      return "the end of the template";
    }
    int cp = s.codePointAt(at);
    return cp < 0x20 || cp == 0x7f || Character.isWhitespace(cp) || Character.getType(cp) == Character.FORMAT
        ? String.format("character U+%04X", cp) : "'" + Character.toString(cp) + "'";
  }
}
