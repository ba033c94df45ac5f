package dev.cairn.app.output;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.match.Rule;
import dev.cairn.text.Columns;
import dev.cairn.text.Printable;
import java.util.List;

/**
 * Formats one (event, rule) match, or one event, as a line. Event fields are attacker-controlled:
 * every value is bounded in length and escaped by {@link Printable} (JSON output as unicode
 * escapes, which keep it valid JSON), so nothing can end a line or rewrite the terminal.
 */
public abstract class LineFormatter {
  /** The longest value printed for any one field; longer values are cut and marked with an ellipsis. */
  static final int MAX_FIELD_CHARS = 1024;

  /** The record fields lines print beyond the core ones: decoders parse them up front (see {@link #fieldsPrinted}). */
  private static final RecordFields PRINTED = RecordFields.of(
      List.of(List.of("sourceIPAddress"), List.of("userAgent"), List.of("errorCode")))
      .union(CloudTrailEvent.principalFields());

  /**
   * The record fields a line reads, for {@link dev.cairn.decode.EventDecoder#withRecordFields}:
   * parsed with the rest of what rules read, they cost less than parsing each matched record whole.
   */
  public RecordFields fieldsPrinted() {
    return PRINTED;
  }

  /** A formatter for the format; {@code rules} sizes the table's rule column. */
  public static LineFormatter create(OutputFormat format, List<Rule> rules) {
    return switch (format) {
      case jsonl -> new JsonLines();
      case tsv -> new Tsv();
      case table, text -> new Table(rules);
    };
  }

  /** A header line to print first, or empty. */
  public abstract String header(boolean withRules);

  /** One (event, rule) match as a line, with its newline. */
  public abstract String match(Rule rule, CloudTrailEvent event, String file);

  /** An event with no rule (scan without --rules, text output). */
  public abstract String event(CloudTrailEvent event, String file);

  static String bound(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    return value.substring(0, max - 1) + "…";
  }

  /** JSON lines with the fields documented in the README. */
  static final class JsonLines extends LineFormatter {
    // Lines are built by hand around the library's string escaper: a generator per line costs
    // more to set up (and to JIT-compile, for short scans) than the few fields it writes.
    @Override
    public String header(boolean withRules) {
      return "";
    }

    /** The fields of a match line, in order. */
    private static final String[] NAMES = {"rule", "severity", "eventID", "eventTime", "eventName", "eventSource",
        "awsRegion", "account", "principal", "sourceIPAddress", "userAgent", "errorCode", "file"};

    @Override
    public String match(Rule rule, CloudTrailEvent event, String file) {
      // One loop over the values rather than a call per field: the JIT compiles (and, on a scan
      // with many matches, inlines into its caller) the field writer once instead of thirteen times.
      String[] values = {rule.id(), rule.severity().label(), event.eventId(), event.eventTimeText(), event.eventName(),
          event.eventSource(), event.awsRegion(), event.account(), event.principal(), event.sourceIpAddress(),
          event.userAgent(), event.errorCode(), file};
      StringBuilder line = new StringBuilder(1024).append('{'); // most lines fit: one copy, no growth
      for (int i = 0; i < values.length; i++) {
        field(line, NAMES[i], values[i]);
      }
      line.setCharAt(line.length() - 1, '}');
      return line.append('\n').toString();
    }

    @Override
    public String event(CloudTrailEvent event, String file) {
      return Printable.jsonText(event.recordJson()) + "\n";
    }

    /** {@code "name":value,} with the value escaped, or JSON null. */
    private static void field(StringBuilder line, String name, String value) {
      line.append('"').append(name).append("\":");
      if (value == null) {
        line.append("null");
      } else {
        line.append('"');
        Printable.json(line, bound(value, MAX_FIELD_CHARS));
        line.append('"');
      }
      line.append(',');
    }
  }

  /** Fixed-width columns, so the table aligns while streaming. */
  static final class Table extends LineFormatter {
    private final int ruleWidth;

    Table(List<Rule> rules) {
      this.ruleWidth = Columns.ruleWidth(rules.stream().mapToInt(r -> r.id().length()).max().orElse(4));
    }

    @Override
    public String header(boolean withRules) {
      StringBuilder line = new StringBuilder();
      if (withRules) {
        Columns.matchHeader(line, ruleWidth);
      }
      return Columns.eventHeader(line);
    }

    @Override
    public String match(Rule rule, CloudTrailEvent event, String file) {
      StringBuilder line = new StringBuilder(200);
      Columns.match(line, rule.severity().label(), rule.id(), ruleWidth);
      return row(line, event, file);
    }

    @Override
    public String event(CloudTrailEvent event, String file) {
      return row(new StringBuilder(180), event, file);
    }

    private static String row(StringBuilder line, CloudTrailEvent event, String file) {
      return Columns.event(line, event.eventTimeText(), event.eventSource(), event.eventName(), event.account(),
          event.awsRegion(), event.principal(), event.sourceIpAddress(), file);
    }
  }

  /**
   * Tab-separated values: a header line, then the table's columns and the JSON lines' fields, one
   * line per match. Values are not cut to a width (only to the JSON lines' bound); tabs, line
   * breaks and other control characters in them are escaped, so every line has the same fields.
   */
  static final class Tsv extends LineFormatter {
    private static final List<String> MATCH = List.of("severity", "rule");
    private static final List<String> EVENT = List.of("eventTime", "eventSource", "eventName", "account",
        "awsRegion", "principal", "sourceIPAddress", "userAgent", "errorCode", "eventID", "file");

    @Override
    public String header(boolean withRules) {
      return (withRules ? String.join("\t", MATCH) + "\t" : "") + String.join("\t", EVENT) + "\n";
    }

    @Override
    public String match(Rule rule, CloudTrailEvent event, String file) {
      StringBuilder line = new StringBuilder(256);
      cell(line, rule.severity().label());
      cell(line, rule.id());
      return row(line, event, file);
    }

    @Override
    public String event(CloudTrailEvent event, String file) {
      return row(new StringBuilder(256), event, file);
    }

    private static String row(StringBuilder line, CloudTrailEvent event, String file) {
      cell(line, event.eventTimeText());
      cell(line, event.eventSource());
      cell(line, event.eventName());
      cell(line, event.account());
      cell(line, event.awsRegion());
      cell(line, event.principal());
      cell(line, event.sourceIpAddress());
      cell(line, event.userAgent());
      cell(line, event.errorCode());
      cell(line, event.eventId());
      cell(line, file);
      line.setCharAt(line.length() - 1, '\n');
      return line.toString();
    }

    /** The value, escaped ({@code -} when absent), and a tab. */
    private static void cell(StringBuilder line, String value) {
      line.append(value == null ? "-" : Printable.of(bound(value, MAX_FIELD_CHARS))).append('\t');
    }
  }
}
