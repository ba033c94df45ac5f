package dev.cairn.app.output;

/** How {@code cairn scan} prints matches. */
public enum OutputFormat {
  /** One JSON object per line, for machines. */
  jsonl,
  /** An aligned table, for people. */
  text
}
