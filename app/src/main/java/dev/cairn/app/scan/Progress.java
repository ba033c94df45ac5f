package dev.cairn.app.scan;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn a few times a second while a scan runs. Only
 * shown when standard error is a terminal and standard output is not ({@link dev.cairn.app.cli.Terminal}).
 */
final class Progress implements AutoCloseable {
  private final PrintWriter err;
  private final ScanTotals totals;
  private final long totalBytes;
  private final int totalFiles;
  private final Thread painter;
  private volatile boolean running = true;
  private boolean painted;

  Progress(PrintWriter err, ScanTotals totals, long totalBytes, int totalFiles) {
    this.err = err;
    this.totals = totals;
    this.totalBytes = totalBytes;
    this.totalFiles = totalFiles;
    this.painter = new Thread(this::paintLoop, "cairn-progress");
    painter.setDaemon(true);
    painter.start();
  }

  private void paintLoop() {
    while (running) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      if (running && totals.seconds() > 1) {
        paint();
      }
    }
  }

  private synchronized void paint() {
    double fraction = totalBytes > 0 ? Math.min(1, totals.bytesRead.get() / (double) totalBytes) : 0;
    int filled = (int) (fraction * 30);
    String bar = "#".repeat(filled) + " ".repeat(30 - filled);
    err.print(String.format(Locale.ROOT, "\r[%s] %3.0f%%  %d/%d files  %.1f/%.1f MB  %,.0f events/s ",
        bar, fraction * 100, totals.files.get(), totalFiles, totals.bytesRead.get() / 1e6,
        totalBytes / 1e6, totals.events.get() / totals.seconds()));
    err.flush();
    painted = true;
  }

  @Override
  public synchronized void close() {
    running = false;
    painter.interrupt();
    if (painted) {
      err.print("\r" + " ".repeat(100) + "\r");
      err.flush();
    }
  }
}
