package dev.cairn.archive.query;

/** A query that could not run: its message is one line, with the SQL position when DuckDB gave one. */
public final class QueryException extends Exception {
  private static final long serialVersionUID = 1L;

  public QueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
