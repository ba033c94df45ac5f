package dev.cairn.runtime;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CrashRestartIT} kills: runs the engine over a folder with a slow processor
 * that appends each handled eventID to a file (before returning, so before the engine records it
 * as handled). Arguments: inbox, state file, handled-ids file.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path inbox = Path.of(args[0]);
    Path state = Path.of(args[1]);
    Path handled = Path.of(args[2]);
    CairnProcessor processor = CairnProcessor.builder()
        .folder(inbox)
        .settleTime(Duration.ZERO)
        .stateFile(state)
        .workers(2)
        .batchSize(5)
        .eventsProcessor(events -> {
          StringBuilder lines = new StringBuilder();
          events.forEach(event -> lines.append(event.eventId()).append('\n'));
          synchronized (CrashChild.class) {
            try (OutputStream out = new FileOutputStream(handled.toFile(), true)) {
              out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          try {
            Thread.sleep(40);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        })
        .build();
    processor.start();
    processor.awaitStopped();
  }
}
