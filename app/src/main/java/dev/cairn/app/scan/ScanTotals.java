package dev.cairn.app.scan;

import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by the scanning threads; read for --stats and the progress line. */
final class ScanTotals {
  final AtomicLong files = new AtomicLong();
  final AtomicLong events = new AtomicLong();
  final AtomicLong matches = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong bytesRead = new AtomicLong();
  final long startNanos = System.nanoTime();

  double seconds() {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  String describe() {
    double s = seconds();
    return String.format(java.util.Locale.ROOT,
        "files %d, events %d, matches %d, skipped %d, errors %d, %.2f s, %.0f events/s, %.1f MB/s read",
        files.get(), events.get(), matches.get(), skipped.get(), errors.get(), s,
        events.get() / s, bytesRead.get() / s / 1e6);
  }
}
