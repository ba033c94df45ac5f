package dev.cairn.match;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.List;
import java.util.Map;

/**
 * Where the parts of one rule are in its file: each key and value, and for a pattern written as
 * YAML each of its keys and values by JSON pointer. Maps a position inside a filter or a pasted
 * pattern (line and column in the text) to the file, through the scalar's quoting, so that
 * problems point at the character the user wrote.
 */
final class RuleSource {
  /** A 1-based position in the file; column 0 when only the line is known. */
  record Position(int line, int column) {}

  private final List<String> lines;
  private final Map<String, JsonLocation> keys;
  private final Map<String, JsonLocation> values;
  private final boolean patternIsYaml;
  private final Map<String, JsonLocation> patternKeys;
  private final Map<String, JsonLocation> patternValues;

  RuleSource(List<String> lines, Map<String, JsonLocation> keys, Map<String, JsonLocation> values,
      boolean patternIsYaml, Map<String, JsonLocation> patternKeys, Map<String, JsonLocation> patternValues) {
    this.lines = lines;
    this.keys = keys;
    this.values = values;
    this.patternIsYaml = patternIsYaml;
    this.patternKeys = patternKeys;
    this.patternValues = patternValues;
  }

  Position key(String key) {
    return position(keys.get(key));
  }

  /** The value of {@code key}, or the key itself when the value has no position. */
  Position value(String key) {
    JsonLocation at = values.get(key);
    return at != null ? position(at) : key(key);
  }

  /** True when the rule's pattern was written as YAML (a mapping), not pasted as JSON text. */
  boolean patternIsYaml() {
    return patternIsYaml;
  }

  /**
   * A key ({@code key} true) or value of a YAML-form pattern by JSON pointer ({@code /detail/eventName});
   * the nearest enclosing one that is known, else the pattern's value.
   */
  Position inPattern(String pointer, boolean key) {
    String path = pointer;
    while (true) {
      JsonLocation at = key ? patternKeys.get(path) : patternValues.get(path);
      if (at == null && !key) {
        at = patternKeys.get(path);
      }
      if (at != null) {
        return position(at);
      }
      int slash = path.lastIndexOf('/');
      if (slash <= 0) {
        return value("pattern");
      }
      path = path.substring(0, slash);
    }
  }

  /**
   * The file position of {@code column} (1-based) on {@code textLine} (1-based) of the text that is
   * the value of {@code key}: through the quotes and escapes of a one-line scalar, or the lines of a
   * {@code |} block. Falls back to the value's position.
   */
  Position inValue(String key, int textLine, int textColumn) {
    JsonLocation at = values.get(key);
    if (at == null || textColumn <= 0 || at.getLineNr() < 1 || at.getLineNr() > lines.size()) {
      return value(key);
    }
    int fileLine = at.getLineNr();
    String line = lines.get(fileLine - 1);
    int start = at.getColumnNr() - 1;
    if (start < 0 || start >= line.length()) {
      return value(key);
    }
    char style = line.charAt(start);
    if (style == '|' || style == '>') {
      return inBlock(fileLine, textLine, textColumn, key);
    }
    if (textLine != 1) {
      return value(key);
    }
    int raw = start;
    int decoded = 1;
    if (style == '\'' || style == '"') {
      raw++;
    }
    while (decoded < textColumn && raw < line.length()) {
      char c = line.charAt(raw);
      if (style == '\'' && c == '\'' && raw + 1 < line.length() && line.charAt(raw + 1) == '\'') {
        raw += 2;
      } else if (style == '"' && c == '\\' && raw + 1 < line.length()) {
        raw += line.charAt(raw + 1) == 'u' ? 6 : line.charAt(raw + 1) == 'x' ? 4 : 2;
      } else {
        raw++;
      }
      decoded++;
    }
    return new Position(fileLine, raw + 1);
  }

  /** A {@code |} or {@code >} block: text line n is file line n after the indicator, after the indentation. */
  private Position inBlock(int indicatorLine, int textLine, int textColumn, String key) {
    int fileLine = indicatorLine + textLine;
    if (fileLine > lines.size()) {
      return value(key);
    }
    String line = lines.get(fileLine - 1);
    int indent = 0;
    while (indent < line.length() && line.charAt(indent) == ' ') {
      indent++;
    }
    return new Position(fileLine, indent + textColumn);
  }

  private static Position position(JsonLocation at) {
    return at == null ? new Position(0, 0) : new Position(Math.max(0, at.getLineNr()), Math.max(0, at.getColumnNr()));
  }
}
