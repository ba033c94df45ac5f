package dev.cairn.archive.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's error text as one line: its first line, and where it points ({@code LINE 1: ...} and a
 * caret under the spot) as {@code at line L, column C} of the SQL.
 */
final class SqlErrors {
  private static final Pattern LINE = Pattern.compile("^LINE (\\d+): ?(.*)$");

  private SqlErrors() {}

  static String oneLine(String message, String sql) {
    if (message == null || message.isBlank()) {
      return "query failed";
    }
    String[] lines = message.split("\\R", -1);
    String first = lines[0].strip();
    for (int i = 0; i < lines.length - 1; i++) {
      Matcher m = LINE.matcher(lines[i]);
      if (m.matches()) {
        int prefix = lines[i].length() - m.group(2).length();
        int caret = lines[i + 1].indexOf('^');
        if (caret >= 0) {
          int column = caret - prefix + 1;
          // A long line is shown as a window ("...text..."): find the window in the SQL's own line.
          String shown = m.group(2);
          int dots = shown.startsWith("...") ? 3 : 0;
          String window = shown.substring(dots).replaceAll("\\.\\.\\.$", "");
          String[] sqlLines = sql == null ? new String[0] : sql.split("\\R", -1);
          int n = Integer.parseInt(m.group(1));
          if (dots > 0 && n <= sqlLines.length && !window.isEmpty()) {
            int at = sqlLines[n - 1].indexOf(window);
            if (at >= 0) {
              column = at + (caret - prefix - dots) + 1;
            }
          }
          return first + " (at line " + n + ", column " + Math.max(1, column) + ")";
        }
        return first + " (at line " + m.group(1) + ")";
      }
    }
    return first;
  }
}
