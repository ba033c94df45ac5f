package dev.cairn.app.run;

import dev.cairn.runtime.CairnProcessor;
import java.util.List;

/** One line summing up every processor's counters. */
final class DrainProgress {
  private DrainProgress() {}

  static String describe(List<CairnProcessor> processors) {
    long items = 0;
    long failed = 0;
    long events = 0;
    long processed = 0;
    long repeats = 0;
    long suppressed = 0;
    for (CairnProcessor p : processors) {
      CairnProcessor.Stats s = p.stats();
      items += s.itemsCompleted();
      failed += s.itemsFailed();
      events += s.eventsIn();
      processed += s.eventsProcessed();
      repeats += s.dedupHits();
      suppressed += s.matchesSuppressed();
    }
    return items + " item(s) done, " + failed + " failed, " + events + " event(s) read, "
        + processed + " handled, " + repeats + " repeat(s) dropped, " + suppressed + " match(es) already acted on";
  }
}
