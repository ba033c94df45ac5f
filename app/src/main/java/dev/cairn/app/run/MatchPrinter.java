package dev.cairn.app.run;

import dev.cairn.app.output.LineFormatter;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.EventsProcessor;
import java.io.PrintWriter;
import java.util.List;

/**
 * The action of this release: match each batch against the rules and print the matches. The batch
 * is printed and flushed before returning, so a match counts as handled only once it is out.
 */
final class MatchPrinter implements EventsProcessor {
  private final RuleSet rules;
  private final LineFormatter formatter;
  private final PrintWriter out;
  private final Metrics metrics;

  MatchPrinter(RuleSet rules, LineFormatter formatter, PrintWriter out, Metrics metrics) {
    this.rules = rules;
    this.formatter = formatter;
    this.out = out;
    this.metrics = metrics;
  }

  @Override
  public void process(List<CloudTrailEvent> events) {
    StringBuilder lines = new StringBuilder();
    for (CloudTrailEvent event : events) {
      for (Rule rule : rules.match(event)) {
        metrics.matched(rule);
        if (formatter != null) {
          // The engine hands over events, not where they came from: no file column here.
          lines.append(formatter.match(rule, event, null));
        }
      }
    }
    if (lines.length() > 0) {
      synchronized (out) {
        out.append(lines);
        out.flush();
      }
    }
  }

}
