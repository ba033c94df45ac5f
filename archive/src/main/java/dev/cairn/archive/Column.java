package dev.cairn.archive;

import java.util.List;

/**
 * One column of the archive's rows, declared once: what the writer fills, what {@code cairn query}'s
 * {@code events} view shows, and what {@code cairn archive athena-ddl} declares.
 *
 * @param name the column name, as the issue and the CloudTrail record spell it
 * @param duckType its DuckDB type (the Parquet physical type follows from it)
 * @param athenaType its Athena (Hive DDL) type
 * @param doc what it holds
 */
public record Column(String name, String duckType, String athenaType, String doc) {

  /** The record's column: the whole record as JSON text, most of a row's bytes. */
  public static final String RECORD = "record";

  /** Every column, in file order. */
  public static final List<Column> ALL = List.of(
      new Column("eventTime", "TIMESTAMP", "timestamp", "when the call happened, UTC (the record's eventTime)"),
      new Column("eventId", "VARCHAR", "string", "the record's eventID (an EventBridge event's id)"),
      new Column("eventName", "VARCHAR", "string", "the API call"),
      new Column("eventSource", "VARCHAR", "string", "the service, e.g. iam.amazonaws.com"),
      new Column("awsRegion", "VARCHAR", "string", "the region the call was made in"),
      new Column("account", "VARCHAR", "string", "the account the event belongs to (recipientAccountId)"),
      new Column("accountAlias", "VARCHAR", "string", "the account's name from the config's accounts map, else the id"),
      new Column("actor", "VARCHAR", "string", "who, in one word: user, role session, service, root"),
      new Column("principalArn", "VARCHAR", "string", "userIdentity.arn"),
      new Column("sourceIPAddress", "VARCHAR", "string", "the caller's address (or a service name)"),
      new Column("userAgent", "VARCHAR", "string", "the caller's user agent"),
      new Column("errorCode", "VARCHAR", "string", "the error, NULL when the call succeeded"),
      new Column("readOnly", "BOOLEAN", "boolean", "true for calls that only read"),
      new Column("eventType", "VARCHAR", "string", "AwsApiCall, AwsConsoleSignIn, AwsServiceEvent, ..."),
      new Column("category", "VARCHAR", "string", "management, data, insight or network-activity"),
      new Column("mfa", "VARCHAR", "string", "yes, no, federated or unknown"),
      new Column("rules", "VARCHAR[]", "array<string>", "ids of the rules the event matched (empty: none)"),
      new Column(RECORD, "VARCHAR", "string", "the whole CloudTrail record as JSON text"));

  /** Every column but the record, in file order: the typed columns. */
  public static final List<Column> TYPED = ALL.stream().filter(c -> !c.name().equals(RECORD)).toList();

  /** The longest row line read: a record may be as large as the engine allows one JSON value (64 MiB by default). */
  public static final long MAX_ROW_BYTES = 80L << 20;

  /**
   * The rows of the journal files {@code files} (a DuckDB list of quoted paths) as a subquery: the
   * partition {@code _p}, then every column. A line is the typed columns as one JSON object, a tab,
   * and the record's JSON text (see {@code RowEncoder}): the tab-separated reader does not look into
   * the record, and only the small object is parsed as JSON.
   */
  public static String rowsSource(String files) {
    StringBuilder struct = new StringBuilder("{\"_p\": \"VARCHAR\"");
    for (Column c : TYPED) {
      struct.append(", \"").append(c.name()).append("\": \"").append(c.duckType()).append('"');
    }
    struct.append('}');
    return "(SELECT m.*, record FROM (SELECT json_transform(meta, '" + struct + "') AS m, record FROM read_csv("
        + files + ", columns = {'meta': 'VARCHAR', 'record': 'VARCHAR'}, delim = '\t', quote = '', escape = '',"
        + " new_line = '\\n', header = false, auto_detect = false, max_line_size = " + MAX_ROW_BYTES
        + ", buffer_size = " + 2 * MAX_ROW_BYTES + ", hive_partitioning = false)))";
  }

  /**
   * The {@code columns} argument of DuckDB's {@code read_json} for archive rows: for journal files
   * of one JSON object per line (as Cairn wrote them before {@link #rowsSource}; {@code journal}),
   * with the partition {@code _p} and the record as raw JSON; for {@code jsonl.gz} parts, the
   * record as JSON text in a string.
   */
  public static String jsonColumns(boolean journal) {
    StringBuilder b = new StringBuilder("{");
    if (journal) {
      b.append("\"_p\": 'VARCHAR', ");
    }
    for (int i = 0; i < ALL.size(); i++) {
      Column c = ALL.get(i);
      b.append(i == 0 ? "" : ", ").append('"').append(c.name()).append("\": '")
          .append(journal && c.name().equals(RECORD) ? "JSON" : c.duckType()).append('\'');
    }
    return b.append('}').toString();
  }

  /** Every column, quoted, for a SELECT list; the record as text. */
  public static String selectList() {
    StringBuilder b = new StringBuilder();
    for (Column c : ALL) {
      b.append(b.length() == 0 ? "" : ", ");
      b.append(c.name().equals(RECORD) ? "CAST(record AS VARCHAR) AS record" : '"' + c.name() + '"');
    }
    return b.toString();
  }
}
