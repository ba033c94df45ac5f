package dev.cairn.runtime.state;

import java.util.Objects;

/**
 * How much of an archive journal segment is durable and belongs to the archive: recorded by a
 * {@link Checkpoint} in the same transaction as the input position it goes with, so the bytes of a
 * segment beyond its recorded length (written by a reading that crashed before its checkpoint) are
 * never archived. See {@link ArchiveLedger}.
 *
 * @param segment the segment's name (a file name in the archive's staging folder)
 * @param length bytes of the segment that are archived rows
 */
public record ArchiveMark(String segment, long length) {
  public ArchiveMark {
    Objects.requireNonNull(segment, "segment");
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
  }
}
