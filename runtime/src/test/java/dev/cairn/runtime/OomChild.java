package dev.cairn.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The process {@link OutOfMemoryIT} runs with a small heap: drains a folder with the standard
 * decoder; an event named {@code Bomb} makes its processor run out of memory for real. Appends each
 * handled eventID to a file, and exits 1 when the engine stopped because a thread died, else 0.
 * Arguments: inbox, state file, handled-ids file.
 */
public final class OomChild {
  private OomChild() {}

  public static void main(String[] args) throws Exception {
    Path handled = Path.of(args[2]);
    CairnProcessor processor = CairnProcessor.builder()
        .folder(Path.of(args[0]))
        .settleTime(Duration.ZERO)
        .stateFile(Path.of(args[1]))
        .workers(1)
        .eventsProcessor(events -> {
          StringBuilder ids = new StringBuilder();
          events.forEach(event -> {
            if ("Bomb".equals(event.eventName())) {
              byte[][] hog = new byte[1024][];
              for (int i = 0; i < hog.length; i++) {
                hog[i] = new byte[1 << 20]; // fills the heap: a real OutOfMemoryError, in a worker
              }
            }
            ids.append(event.eventId()).append('\n');
          });
          try {
            Files.writeString(handled, ids, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .build();
    processor.runUntilDrained();
    System.exit(processor.failure().isPresent() ? 1 : 0);
  }
}
