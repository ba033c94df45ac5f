/**
 * SQL over CloudTrail events with embedded DuckDB ({@link dev.cairn.archive.query.QueryEngine}):
 * a view {@code events} over an archive (local, or S3 through a local cache of just the hours asked
 * for) or a table loaded from raw CloudTrail files decoded by Cairn; results printed as a table,
 * CSV or JSON lines ({@link dev.cairn.archive.query.ResultPrinter}).
 */
package dev.cairn.archive.query;
