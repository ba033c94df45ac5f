/**
 * The archive: every event Cairn handles kept by the hour, queryable with SQL.
 *
 * <ul>
 *   <li>{@link dev.cairn.archive.ArchiveConfig} and {@link dev.cairn.archive.ArchiveSettings}: the
 *       {@code archive} section of {@code cairn.yaml} (where, layout, format, flush, include);
 *   <li>{@link dev.cairn.archive.Column}: the columns, declared once for writing, querying and Athena;
 *   <li>{@link dev.cairn.archive.Layout}: hive or firehose paths by the events' own hour (UTC);
 *   <li>{@link dev.cairn.archive.write}: writing, exactly once across crashes (see there why);
 *   <li>{@link dev.cairn.archive.query}: SQL over an archive or raw CloudTrail files (DuckDB);
 *   <li>{@link dev.cairn.archive.athena}: the Athena table definition.
 * </ul>
 *
 * <p>DuckDB ({@code org.duckdb:duckdb_jdbc}) does the columnar work: reading the journal, writing
 * Parquet, answering queries. It runs in-process and never reaches the network: its JSON and
 * Parquet readers are linked in, extension autoloading and autoinstalling are off ({@link
 * dev.cairn.archive.DuckDb}).
 */
package dev.cairn.archive;
