package dev.cairn.archive.write;

import dev.cairn.archive.ArchiveConfig;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.Archiver;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.state.ArchiveMark;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reading of one input: its rows go to a leased {@link Segment}; each checkpoint stages the
 * segment (forced to disk) and records its length; a segment that filled up is handed in after
 * its commit and the next rows go to another.
 *
 * <p>Inputs without a progress key (an EventBridge event in an SQS message) can be delivered again
 * after their checkpoint; their events are archived at most once by an action key per eventID,
 * remembered for the engine's dedup window.
 *
 * <p>Used by one worker at a time (not thread-safe).
 */
final class SegmentJournal implements Archiver.Journal {
  private final ArchiveWriter archive;
  private final boolean keyless;
  private final InstantSource clock;
  private Segment segment;
  private final List<String> archivedKeys = new ArrayList<>();
  private final List<String> stagedKeys = new ArrayList<>();
  private long stagedLength = -1;
  /** Rows appended to {@link #segment} since its last commit, and how many of them the last stage covers. */
  private long uncommittedRows;
  private long stagedRows;

  SegmentJournal(ArchiveWriter archive, boolean keyless, InstantSource clock) {
    this.archive = archive;
    this.keyless = keyless;
    this.clock = clock;
  }

  @Override
  public void append(List<CloudTrailEvent> events, List<Match> matches) {
    IdentityHashMap<CloudTrailEvent, List<Rule>> rules = new IdentityHashMap<>();
    for (Match m : matches) {
      rules.put(m.event(), m.rules());
    }
    List<CloudTrailEvent> kept = new ArrayList<>(events.size());
    for (CloudTrailEvent event : events) {
      if (included(event, rules.getOrDefault(event, List.of()))) {
        kept.add(event);
      }
    }
    List<String> keys = List.of();
    if (keyless && !kept.isEmpty()) {
      keys = new ArrayList<>(kept.size());
      for (CloudTrailEvent e : kept) {
        keys.add(key(e));
      }
      Set<String> done = archive.store().actions().recorded(keys, clock.instant());
      if (!done.isEmpty()) {
        kept.removeIf(e -> done.contains(key(e)));
        keys = new ArrayList<>(keys);
        keys.removeAll(done);
      }
    }
    if (kept.isEmpty()) {
      return;
    }
    if (segment == null) {
      segment = archive.segments().lease();
    }
    if (segment.broken) {
      throw new IllegalStateException("archive: journal segment " + segment.name + " failed earlier");
    }
    Instant now = clock.instant();
    try {
      RowEncoder.Rows rows = segment.rows(archive.encoder());
      for (CloudTrailEvent event : kept) {
        rows.write(event, rules.getOrDefault(event, List.of()), now);
      }
      rows.flush(); // into the segment's count: what the next stage measures

    } catch (IOException | RuntimeException e) {
      segment.broken = true;
      throw e instanceof IOException io
          ? new UncheckedIOException("archive: cannot append to " + segment.path + ": " + io.getMessage(), io)
          : (RuntimeException) e;
    }
    archive.rowsAppended(kept.size());
    uncommittedRows += kept.size();
    archivedKeys.addAll(keys);
  }

  private boolean included(CloudTrailEvent event, List<Rule> matched) {
    if (archive.settings().events() == ArchiveConfig.Events.matched && matched.isEmpty()) {
      return false;
    }
    Optional<RuleSet> filter = archive.settings().filter();
    return filter.isEmpty() || !filter.get().match(event).isEmpty();
  }

  private static String key(CloudTrailEvent event) {
    return "archive:" + event.eventId();
  }

  @Override
  public Optional<ArchiveMark> stage() {
    stagedKeys.clear();
    if (segment == null || segment.broken) {
      return Optional.empty();
    }
    long length;
    try {
      length = segment.written() > segment.staged ? segment.stage() : segment.staged;
    } catch (IOException e) {
      segment.broken = true;
      throw new UncheckedIOException("archive: cannot write " + segment.path + ": " + e.getMessage(), e);
    }
    if (length == segment.committed) {
      return Optional.empty();
    }
    stagedLength = length;
    stagedRows = uncommittedRows;
    stagedKeys.addAll(archivedKeys);
    archivedKeys.clear();
    return Optional.of(new ArchiveMark(segment.name, length));
  }

  @Override
  public List<String> actionKeys() {
    return List.copyOf(stagedKeys);
  }

  @Override
  // Only the reader holding the segment writes its counts; volatile is for the flusher and metrics reading them.
  @SuppressWarnings("NonAtomicVolatileUpdate")
  public void committed() {
    if (segment == null || stagedLength < 0) {
      return;
    }
    if (segment.committed == 0 || segment.firstCommit == null) {
      segment.firstCommit = clock.instant();
    }
    segment.committed = stagedLength;
    segment.committedRows += stagedRows;
    uncommittedRows -= stagedRows;
    long rows = stagedRows;
    stagedLength = -1;
    stagedRows = 0;
    archive.committed(rows);
    if (archive.segments().rotateAfterCommit(segment)) {
      segment = null;
    }
  }

  @Override
  public boolean wantsCheckpoint() {
    return segment != null && archive.segments().full(segment);
  }

  @Override
  public void close() {
    if (segment != null) {
      archive.segments().release(segment, !segment.broken && segment.written() == segment.committed);
      segment = null;
    }
  }
}
