package dev.cairn.app.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.cairn.text.Printable;

/**
 * {@code %printableEx} in {@code logback.xml}: a stack trace with every line escaped by {@link
 * Printable}. A trace is many lines; an exception message that names a file may hold line breaks
 * and escape sequences of its own, which become visible escapes (each of the trace's lines is then
 * indented by the pattern, so none can pass for a log line).
 */
public final class PrintableThrowable extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    String trace = super.throwableProxyToString(proxy);
    StringBuilder safe = new StringBuilder(trace.length());
    int start = 0;
    while (start < trace.length()) {
      int end = trace.indexOf('\n', start);
      int lineEnd = end < 0 ? trace.length() : end;
      String line = trace.substring(start, lineEnd);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      Printable.append(safe, line);
      if (end >= 0) {
        safe.append('\n');
      }
      start = lineEnd + 1;
    }
    return safe.toString();
  }
}
