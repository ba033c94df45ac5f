package dev.cairn.alert.channel;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * The console (or any writer): today's table or JSON lines.
 *
 * @param name the configured channel name ({@code console})
 * @param out where lines go; flushed after each alert
 * @param format the table or JSON lines ({@link LineFormat#table}, {@link LineFormat#jsonLines}),
 *     or an application's own
 */
public record ConsoleSettings(String name, PrintWriter out, LineFormat format) {
  public ConsoleSettings {
    Check.name(name);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(format, "format");
  }
}
