package dev.cairn.app.output;

/** How {@code cairn scan} prints matches (the names of the AWS CLI's {@code --output} where they overlap). */
public enum OutputFormat {
  /** One JSON object per line, for machines. */
  jsonl,
  /** An aligned table, for people. */
  table,
  /** Tab-separated values with a header line, for {@code cut}, {@code awk} and spreadsheets. */
  tsv,
  /** {@link #table}, by its earlier name. */
  text
}
