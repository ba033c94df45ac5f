package dev.cairn.app.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cairn.text.Printable;

/**
 * {@code %quotedMsg} in {@code logback.xml}: the message as the inside of a {@code msg="…"} value
 * of a key=value line. Backslashes and quotes are escaped for the quoting, then everything else
 * through {@link Printable}, the one escaping function of every human-facing line: a file named
 * {@code "x\nlevel=ERROR …"} cannot start a line of its own, and escape sequences cannot reach a
 * terminal that shows the log.
 */
public final class QuotedMessage extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message == null) {
      return "";
    }
    return Printable.of(message.replace("\\", "\\\\").replace("\"", "\\\""));
  }
}
