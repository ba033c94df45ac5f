package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.text.Columns;
import dev.cairn.text.Printable;

/**
 * How the console channel prints an alert: one line each, after an optional header. The built-in
 * {@link #table} and {@link #jsonLines} keep the columns and fields of {@code cairn scan}'s and
 * {@code cairn run}'s output ({@code app}'s {@code LineFormatter}), read from the alert's first
 * event: a terminal shows the same thing whether a match is printed directly or delivered as an
 * alert. An application can pass its own, e.g. one backed by its {@code LineFormatter}.
 */
public interface LineFormat {
  /** A header line with its newline, printed once before the first alert; empty for none. */
  String header();

  /** The alert as one line, with its newline. */
  String line(Alert alert);

  /**
   * The table: SEVERITY, RULE ({@code ruleWidth} wide, 4–32), TIME, EVENT, ACCOUNT, REGION,
   * PRINCIPAL, SOURCE IP and FILE (where the first event was read: a path or {@code
   * s3://bucket/key}; {@code -} when not known), fixed-width so the table aligns while streaming,
   * with control and bidirectional-override characters escaped ({@link Printable}) so an event
   * cannot rewrite the terminal. An alarm's state change is its severity, name and state change
   * time, then its subject, reason and top actor.
   */
  static LineFormat table(int ruleWidth) {
    return new Table(Columns.ruleWidth(ruleWidth));
  }

  /**
   * JSON lines with the fields {@code cairn run} documents: rule, severity, eventID, eventTime,
   * eventName, eventSource, awsRegion, account, principal, sourceIPAddress, userAgent, errorCode,
   * file (where the first event was read, or null); every value at most 1,024 characters, escaped
   * by {@link Printable#json} so the line stays one line of valid JSON. An alarm's state change is
   * its CloudWatch notification ({@link Alert#alarm()}) on one line.
   */
  static LineFormat jsonLines() {
    return new JsonLines();
  }

  /** Where the alert's first event was read, or null when not known. */
  private static String input(Alert alert) {
    return alert.events().isEmpty() || alert.events().get(0).input().isEmpty() ? null : alert.events().get(0).input();
  }

  /** The fields both formats print, from the first event's record, else from the alert's facts. */
  record Row(String eventId, String eventTime, String eventName, String eventSource, String region, String account,
      String principal, String sourceIp, String userAgent, String errorCode) {
    static Row of(Alert alert) {
      if (!alert.events().isEmpty() && alert.events().get(0).record() instanceof ObjectNode record) {
        CloudTrailEvent e = CloudTrailEvent.ofRecord(record);
        return new Row(e.eventId(), e.eventTimeText(), e.eventName(), e.eventSource(), e.awsRegion(), e.account(),
            e.principal(), e.sourceIpAddress(), e.userAgent(), e.errorCode());
      }
      Alert.Facts f = alert.facts();
      return new Row(alert.events().isEmpty() ? null : alert.events().get(0).eventId(), blank(f.eventTime()),
          blank(f.eventName()), blank(f.eventSource()), blank(f.region()), blank(f.account()),
          blank(f.principalArn().isEmpty() ? f.actor() : f.principalArn()), blank(f.sourceIpAddress()),
          blank(f.userAgent()), blank(f.errorCode()));
    }

    private static String blank(String s) {
      return s.isEmpty() ? null : s;
    }
  }

  /** See {@link #table}. */
  final class Table implements LineFormat {
    private final int ruleWidth;

    private Table(int ruleWidth) {
      this.ruleWidth = ruleWidth;
    }

    @Override
    public String header() {
      StringBuilder line = new StringBuilder();
      Columns.matchHeader(line, ruleWidth);
      return Columns.eventHeader(line);
    }

    @Override
    public String line(Alert alert) {
      if (alert.alarm().isPresent()) {
        return alarmLine(alert);
      }
      Row r = Row.of(alert);
      StringBuilder line = new StringBuilder(200);
      Columns.match(line, alert.severity().label(), alert.rule(), ruleWidth);
      return Columns.event(line, r.eventTime(), r.eventSource(), r.eventName(), r.account(), r.region(), r.principal(),
          r.sourceIp(), input(alert));
    }

    /**
     * An alarm's state change: severity, alarm, when, then the subject, the reason and the top actor
     * in the rest of the line.
     */
    private String alarmLine(Alert alert) {
      StringBuilder line = new StringBuilder(300);
      Columns.match(line, alert.severity().label(), alert.rule(), ruleWidth);
      Columns.cell(line, alert.alarm().get().path("StateChangeTime").asText("-"), 28);
      StringBuilder rest = new StringBuilder(alert.title()).append(" - ").append(alert.alarm().get()
          .path("NewStateReason").asText(""));
      alert.digest().filter(d -> !d.topActors().isEmpty())
          .ifPresent(d -> rest.append(" - top actor ").append(d.topActors().get(0).value()).append(" (")
              .append(d.topActors().get(0).count()).append(')'));
      return line.append(Printable.of(Text.clip(Text.oneLine(rest.toString()), 400))).append('\n').toString();
    }
  }

  /** See {@link #jsonLines}. */
  final class JsonLines implements LineFormat {
    static final int MAX_FIELD_CHARS = 1024;

    private JsonLines() {}

    @Override
    public String header() {
      return "";
    }

    @Override
    public String line(Alert alert) {
      if (alert.alarm().isPresent()) {
        return alert.alarm().get() + "\n"; // CloudWatch's notification, one line of JSON
      }
      Row r = Row.of(alert);
      StringBuilder line = new StringBuilder(1024).append('{');
      field(line, "rule", alert.rule());
      field(line, "severity", alert.severity().label());
      field(line, "eventID", r.eventId());
      field(line, "eventTime", r.eventTime());
      field(line, "eventName", r.eventName());
      field(line, "eventSource", r.eventSource());
      field(line, "awsRegion", r.region());
      field(line, "account", r.account());
      field(line, "principal", r.principal());
      field(line, "sourceIPAddress", r.sourceIp());
      field(line, "userAgent", r.userAgent());
      field(line, "errorCode", r.errorCode());
      field(line, "file", input(alert));
      line.setCharAt(line.length() - 1, '}');
      return line.append('\n').toString();
    }

    private static void field(StringBuilder line, String name, String value) {
      line.append('"').append(name).append("\":");
      if (value == null) {
        line.append("null");
      } else {
        line.append('"');
        Printable.json(line, Text.clip(value, MAX_FIELD_CHARS));
        line.append('"');
      }
      line.append(',');
    }
  }
}
