package dev.cairn.app.run;

import dev.cairn.app.output.LineFormatter;
import dev.cairn.match.Rule;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.MatchHandler;
import java.io.PrintWriter;
import java.util.List;

/**
 * The action of this release: print each match, with where its event came from. The batch is
 * printed and flushed before returning, so a match counts as acted on only once it is out.
 */
final class MatchPrinter implements MatchHandler {
  private final LineFormatter formatter;
  private final PrintWriter out;
  private final Metrics metrics;

  MatchPrinter(LineFormatter formatter, PrintWriter out, Metrics metrics) {
    this.formatter = formatter;
    this.out = out;
    this.metrics = metrics;
  }

  @Override
  public void handle(List<Match> matches) {
    StringBuilder lines = new StringBuilder();
    for (Match match : matches) {
      for (Rule rule : match.rules()) {
        metrics.matched(rule);
        if (formatter != null) {
          lines.append(formatter.match(rule, match.event(), match.input()));
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
