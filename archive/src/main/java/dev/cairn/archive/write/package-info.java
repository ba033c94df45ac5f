/**
 * Writing the archive, exactly once.
 *
 * <h2>Why rows can be neither lost nor repeated</h2>
 *
 * The engine marks an input handled up to a position at each checkpoint (one SQLite transaction),
 * while the archive wants many inputs' rows in one part file per hour. The two meet in a
 * <b>journal</b> on local disk:
 *
 * <ol>
 *   <li><b>Append.</b> The rows of each handled batch are appended, one line each, to a journal
 *       <em>segment</em> the reader holds alone ({@link dev.cairn.archive.write.Segments} leases
 *       one segment to one reader at a time, so a segment is one reader's rows after another's).
 *   <li><b>Stage and commit.</b> At every checkpoint of the input the segment is forced to disk and
 *       its length is recorded <em>in the checkpoint's own transaction</em>, with the input's
 *       position ({@link dev.cairn.runtime.state.ArchiveMark}). So the recorded length always
 *       covers exactly the rows of the events the state says are handled. Bytes after it belong to
 *       a reading that crashed or failed before its checkpoint; that input is read again from its
 *       recorded position, and those bytes are never read.
 *   <li><b>Plan.</b> A flush takes segments no reader holds and records a plan (segments, recorded
 *       lengths, target, format) in the state store <em>before</em> writing anything; the plan's
 *       id names every part it writes: {@code cairn-<instance>-<id>.parquet} in each partition's
 *       directory.
 *   <li><b>Write and commit parts.</b> Each segment is cut to its recorded length, DuckDB turns the
 *       rows into one file per partition in a local folder, and each file is committed under its
 *       final name atomically (a rename in the same directory; one complete S3 PutObject).
 *   <li><b>Finish.</b> One transaction marks the plan done and forgets its segments; then their
 *       files are deleted.
 * </ol>
 *
 * A crash (even {@code kill -9}) at any point: before 2 commits, the rows are not in the archive
 * and the input is read again; between 3 and 5, the next start carries out the same plan again —
 * same segments, same lengths, same names — so parts already committed are replaced by files with
 * the same rows, and the missing ones are written; after 5, only deleting files is left, and files
 * of forgotten segments are deleted at start. A part is never visible half-written. Inputs are
 * never archived twice because the engine never hands a handled event over again: a redelivered
 * object is skipped (or resumed) by its recorded position. Inputs without a position (an
 * EventBridge event in an SQS message) are archived at most once by an action key per eventID,
 * remembered for the engine's dedup window. {@code ArchiveCrashIT} kills a child process between
 * two parts of a flush and at random moments, and checks every event is there exactly once.
 *
 * <p>Memory: rows wait in the journal on disk, not in memory; a flush reads at most about {@code
 * flush.size} of them into DuckDB, whose memory limit is about three times that (it spills to the
 * staging folder beyond). Disk: the journal holds the rows not yet flushed (about 2 KB per event).
 *
 * <p>Durability: segments are forced to disk before their length is recorded, so a power loss
 * cannot leave a recorded length longer than the bytes that survived.
 */
package dev.cairn.archive.write;
