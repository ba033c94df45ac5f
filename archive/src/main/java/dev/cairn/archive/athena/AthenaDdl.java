package dev.cairn.archive.athena;

import dev.cairn.archive.Column;
import dev.cairn.archive.Format;
import dev.cairn.archive.Layout;
import dev.cairn.archive.PartitionKey;
import dev.cairn.archive.S3Location;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code CREATE EXTERNAL TABLE} for an archive in S3, with Athena partition projection, so Athena
 * reads the archive with no crawler and no {@code ALTER TABLE ADD PARTITION}. Follows the Athena
 * User Guide ("Use partition projection with Amazon Athena", "Supported types for partition
 * projection", and its Kinesis Data Firehose example):
 *
 * <ul>
 *   <li>{@code firehose} layout ({@code 2026/03/01/09/}): one {@code datehour} key of projection type
 *       {@code date}, format {@code yyyy/MM/dd/HH}, range from the start date to {@code NOW}, one
 *       hour apart — the guide's Firehose table;
 *   <li>{@code hive} layout ({@code year=2026/month=03/...}): keys {@code year} (type {@code date},
 *       format {@code yyyy}, up to {@code NOW}), {@code month}, {@code day}, {@code hour} (type
 *       {@code integer}, two digits);
 *   <li>{@code account}: type {@code enum} when the accounts are given, else {@code injected} (then
 *       every query must name one account: {@code WHERE account = '111122223333'});
 *       {@code region}: type {@code enum} over the regions given.
 * </ul>
 *
 * <p>A partition key cannot repeat a data column, so with {@code partitionBy: [account]} the files'
 * {@code account} column is read through the key of the same name (the values are the same).
 * Parquet columns are matched by name, JSON lines through the OpenX JSON SerDe; {@code eventTime}
 * is a Parquet timestamp, and in JSON lines the {@code yyyy-MM-dd HH:mm:ss.SSS} text Athena's
 * timestamp type reads.
 */
public final class AthenaDdl {
  /** AWS's commercial regions, the default values of a {@code region} enum. */
  public static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2",
      "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
      "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
      "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "mx-central-1",
      "sa-east-1");

  private AthenaDdl() {}

  /**
   * The statement.
   *
   * @param table the table name (letters, digits, underscores)
   * @param location the archive's root in S3
   * @param start the first day the projection covers
   * @param accounts the accounts for an {@code enum} projection; empty: {@code injected}
   * @param regions the regions the region partition column projects
   */
  public static String ddl(String table, S3Location location, Layout layout, List<PartitionKey> partitionBy,
      Format format, LocalDate start, List<String> accounts, List<String> regions) {
    Objects.requireNonNull(location, "location");
    if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("table name: letters, digits and underscores, got " + table);
    }
    for (String value : accounts) {
      if (!value.matches("\\d{12}")) {
        throw new IllegalArgumentException("account ids are 12 digits, got " + value);
      }
    }
    for (String value : regions) {
      if (!value.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
        throw new IllegalArgumentException("not a region name: " + value);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("CREATE EXTERNAL TABLE `").append(table).append("` (\n");
    List<String> columns = new ArrayList<>();
    for (Column c : Column.ALL) {
      if (c.name().equals("account") && partitionBy.contains(PartitionKey.account)) {
        continue; // read through the partition key of the same name
      }
      columns.add("  `" + c.name() + "` " + c.athenaType() + " COMMENT '" + c.doc().replace("'", "") + "'");
    }
    b.append(String.join(",\n", columns)).append("\n)\n");
    List<String> keys = new ArrayList<>();
    List<String> template = new ArrayList<>();
    List<String> properties = new ArrayList<>();
    properties.add(property("projection.enabled", "true"));
    for (PartitionKey key : partitionBy) {
      keys.add("`" + key.name() + "` string");
      template.add(layout == Layout.hive ? key.name() + "=${" + key.name() + "}" : "${" + key.name() + "}");
      if (key == PartitionKey.account && accounts.isEmpty()) {
        properties.add(property("projection.account.type", "injected"));
      } else {
        properties.add(property("projection." + key.name() + ".type", "enum"));
        properties.add(property("projection." + key.name() + ".values",
            String.join(",", key == PartitionKey.account ? accounts : regions)));
      }
    }
    if (layout == Layout.firehose) {
      keys.add("`datehour` string");
      template.add("${datehour}");
      properties.add(property("projection.datehour.type", "date"));
      properties.add(property("projection.datehour.format", "yyyy/MM/dd/HH"));
      properties.add(property("projection.datehour.range",
          String.format("%04d/%02d/%02d/00", start.getYear(), start.getMonthValue(), start.getDayOfMonth()) + ",NOW"));
      properties.add(property("projection.datehour.interval", "1"));
      properties.add(property("projection.datehour.interval.unit", "HOURS"));
    } else {
      keys.add("`year` string");
      keys.add("`month` int");
      keys.add("`day` int");
      keys.add("`hour` int");
      template.add("year=${year}/month=${month}/day=${day}/hour=${hour}");
      properties.add(property("projection.year.type", "date"));
      properties.add(property("projection.year.format", "yyyy"));
      properties.add(property("projection.year.range", start.getYear() + ",NOW"));
      properties.add(property("projection.year.interval", "1"));
      properties.add(property("projection.year.interval.unit", "YEARS"));
      integer(properties, "month", 1, 12);
      integer(properties, "day", 1, 31);
      integer(properties, "hour", 0, 23);
    }
    String root = location + "/";
    properties.add(property("storage.location.template", root + String.join("/", template) + "/"));
    b.append("PARTITIONED BY (").append(String.join(", ", keys)).append(")\n");
    if (format == Format.PARQUET) {
      b.append("STORED AS PARQUET\n");
    } else {
      b.append("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n")
          .append("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n")
          .append("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n");
    }
    b.append("LOCATION '").append(root).append("'\n");
    b.append("TBLPROPERTIES (\n  ").append(String.join(",\n  ", properties)).append("\n);\n");
    return b.toString();
  }

  private static void integer(List<String> properties, String key, int from, int to) {
    properties.add(property("projection." + key + ".type", "integer"));
    properties.add(property("projection." + key + ".range", from + "," + to));
    properties.add(property("projection." + key + ".digits", "2"));
  }

  private static String property(String name, String value) {
    return "'" + name + "' = '" + value + "'";
  }
}
