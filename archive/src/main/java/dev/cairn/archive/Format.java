package dev.cairn.archive;

import java.util.Locale;

/** What part files hold: Parquet (typed columns, compressed, the default) or gzip'd JSON lines. */
public enum Format {
  PARQUET("parquet", ".parquet"),
  JSONL_GZ("jsonl.gz", ".jsonl.gz");

  private final String text;
  private final String suffix;

  Format(String text, String suffix) {
    this.text = text;
    this.suffix = suffix;
  }

  /** As written in the config: {@code parquet} or {@code jsonl.gz}. */
  public String text() {
    return text;
  }

  /** The file name suffix of a part. */
  public String suffix() {
    return suffix;
  }

  /** The format written as {@code text}. */
  public static Format parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (Format f : values()) {
      if (f.text.equals(t)) {
        return f;
      }
    }
    throw new IllegalArgumentException("expected parquet or jsonl.gz, got " + text);
  }

  @Override
  public String toString() {
    return text;
  }
}
