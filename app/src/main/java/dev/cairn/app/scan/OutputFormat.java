package dev.cairn.app.scan;

/** How {@code cairn scan} prints matches. */
public enum OutputFormat {
  /** One JSON object per line, for machines. */
  jsonl,
  /** An aligned table, for people. */
  text
}
