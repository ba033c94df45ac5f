package dev.cairn.archive.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a query's result: an aligned {@link #table}, {@link #csv} (RFC 4180) or {@link #jsonl}
 * (one JSON object per row). Values come from events, so they are attacker-controlled: the table
 * shows control and bidirectional-override characters escaped ({@code \n}, {@code \u001b}) and
 * cuts long cells; JSON is escaped by Jackson; CSV quotes every field that needs it.
 */
public abstract class ResultPrinter {
  /** Longest cell in a table, in characters, before it is cut with {@code …}. */
  static final int MAX_CELL = 120;
  /** Rows a table measures its column widths on; later rows are printed as they come. */
  static final int MEASURED = 1_000;

  final PrintWriter out;

  ResultPrinter(PrintWriter out) {
    this.out = out;
  }

  /** Prints every row; returns how many. */
  abstract long print(ResultSet rs) throws SQLException, IOException;

  public static ResultPrinter table(PrintWriter out) {
    return new Table(out);
  }

  public static ResultPrinter csv(PrintWriter out) {
    return new Csv(out);
  }

  public static ResultPrinter jsonl(PrintWriter out) {
    return new Jsonl(out);
  }

  static List<String> names(ResultSetMetaData md) throws SQLException {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      names.add(md.getColumnLabel(i));
    }
    return names;
  }

  /** A value as text: lists as {@code [a, b]}, timestamps as {@code 2026-03-01 09:10:11.123} (UTC), null as null. */
  static String text(ResultSet rs, int column) throws SQLException {
    String time = time(rs, column, false);
    if (time != null) {
      return time;
    }
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Array array) {
      StringBuilder b = new StringBuilder("[");
      Object[] items = (Object[]) array.getArray();
      for (int i = 0; i < items.length; i++) {
        b.append(i == 0 ? "" : ", ").append(items[i]);
      }
      return b.append(']').toString();
    }
    return rs.getString(column);
  }

  /**
   * A TIMESTAMP or TIMESTAMP WITH TIME ZONE as text, {@code iso}: {@code 2026-03-01T09:10:11.123Z}, else
   * {@code 2026-03-01 09:10:11.123} (UTC, as DuckDB shows it); null for other types and nulls.
   */
  static String time(ResultSet rs, int column, boolean iso) throws SQLException {
    int type = rs.getMetaData().getColumnType(column);
    java.time.Instant instant;
    if (type == Types.TIMESTAMP) {
      java.time.LocalDateTime t = rs.getObject(column, java.time.LocalDateTime.class);
      instant = t == null ? null : t.toInstant(java.time.ZoneOffset.UTC);
    } else if (type == Types.TIMESTAMP_WITH_TIMEZONE) {
      java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
      instant = t == null ? null : t.toInstant();
    } else {
      return null;
    }
    if (instant == null) {
      return null;
    }
    String text = instant.toString(); // ISO-8601 in UTC, fraction only when there is one
    return iso ? text : text.replace('T', ' ').replace("Z", "");
  }

  /** Control, line-separator and bidi-override characters made visible; cut to {@link #MAX_CELL}. */
  static String cell(String value) {
    if (value == null) {
      return "NULL";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_CELL + 8));
    int shown = 0;
    for (int i = 0; i < value.length(); i++) {
      if (shown >= MAX_CELL) {
        b.append('…');
        break;
      }
      char c = value.charAt(i);
      if (c == '\n') {
        b.append("\\n");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
          || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
      shown++;
    }
    return b.toString();
  }

  private static final class Table extends ResultPrinter {
    Table(PrintWriter out) {
      super(out);
    }

    @Override
    long print(ResultSet rs) throws SQLException {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = names(md);
      int n = names.size();
      int[] widths = new int[n];
      for (int i = 0; i < n; i++) {
        widths[i] = cell(names.get(i)).length();
      }
      List<String[]> measured = new ArrayList<>();
      long rows = 0;
      boolean more = false;
      while (rs.next()) {
        String[] row = row(rs, n);
        rows++;
        measured.add(row);
        for (int i = 0; i < n; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
        if (measured.size() == MEASURED) {
          more = true;
          break;
        }
      }
      String[] header = names.stream().map(ResultPrinter::cell).toArray(String[]::new);
      line(header, widths);
      String[] rule = new String[n];
      for (int i = 0; i < n; i++) {
        rule[i] = "-".repeat(widths[i]);
      }
      line(rule, widths);
      measured.forEach(r -> line(r, widths));
      while (more && rs.next()) {
        line(row(rs, n), widths);
        rows++;
      }
      out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
      return rows;
    }

    private static String[] row(ResultSet rs, int n) throws SQLException {
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        row[i] = cell(text(rs, i + 1));
      }
      return row;
    }

    private void line(String[] cells, int[] widths) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          b.append("  ");
        }
        b.append(cells[i]);
        if (i < cells.length - 1) {
          b.append(" ".repeat(Math.max(0, widths[i] - cells[i].length())));
        }
      }
      out.println(b.toString().stripTrailing());
    }
  }

  private static final class Csv extends ResultPrinter {
    Csv(PrintWriter out) {
      super(out);
    }

    @Override
    long print(ResultSet rs) throws SQLException {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = names(md);
      out.print(String.join(",", names.stream().map(Csv::field).toList()) + "\r\n");
      long rows = 0;
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= names.size(); i++) {
          if (i > 1) {
            b.append(',');
          }
          String v = text(rs, i);
          b.append(v == null ? "" : field(v));
        }
        out.print(b.append("\r\n"));
        rows++;
      }
      return rows;
    }

    private static String field(String v) {
      boolean quote = v.isEmpty() || v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
      return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
  }

  private static final class Jsonl extends ResultPrinter {
    private static final JsonFactory JSON = new JsonFactory();

    Jsonl(PrintWriter out) {
      super(out);
    }

    @Override
    long print(ResultSet rs) throws SQLException, IOException {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = names(md);
      long rows = 0;
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        while (rs.next()) {
          g.writeStartObject();
          for (int i = 1; i <= names.size(); i++) {
            g.writeFieldName(names.get(i - 1));
            write(g, rs, i, md.getColumnType(i));
          }
          g.writeEndObject();
          g.writeRaw('\n');
          rows++;
        }
      }
      return rows;
    }

    private static void write(JsonGenerator g, ResultSet rs, int column, int type) throws SQLException, IOException {
      if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
        String time = time(rs, column, true);
        if (time == null) {
          g.writeNull();
        } else {
          g.writeString(time);
        }
        return;
      }
      Object value = rs.getObject(column);
      if (value == null) {
        g.writeNull();
      } else if (value instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (value instanceof Array array) {
        g.writeStartArray();
        for (Object item : (Object[]) array.getArray()) {
          writeScalar(g, item);
        }
        g.writeEndArray();
      } else if (value instanceof Number && type != Types.OTHER) {
        writeScalar(g, value);
      } else {
        g.writeString(rs.getString(column));
      }
    }

    private static void writeScalar(JsonGenerator g, Object item) throws IOException {
      if (item == null) {
        g.writeNull();
      } else if (item instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (item instanceof Integer || item instanceof Long || item instanceof Short || item instanceof Byte) {
        g.writeNumber(((Number) item).longValue());
      } else if (item instanceof BigInteger big) {
        g.writeNumber(big);
      } else if (item instanceof BigDecimal dec) {
        g.writeNumber(dec);
      } else if (item instanceof Double || item instanceof Float) {
        double d = ((Number) item).doubleValue();
        if (Double.isFinite(d)) {
          g.writeNumber(d);
        } else {
          g.writeString(Double.toString(d));
        }
      } else {
        g.writeString(item.toString());
      }
    }
  }
}
