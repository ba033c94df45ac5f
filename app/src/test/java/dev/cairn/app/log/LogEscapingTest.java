package dev.cairn.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Log lines cannot be forged by what they quote: the pattern of {@code logback.xml}, with its converters. */
class LogEscapingTest {

  @Test
  @SuppressWarnings("unchecked")
  void aHostileFileNameStaysInsideItsOwnQuotedMessage() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogEscapingTest.class.getResource("/logback.xml"));
    ConsoleAppender<ILoggingEvent> appender =
        (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    Layout<ILoggingEvent> layout = ((LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder()).getLayout();
    String file = "/inbox/broken\u001b[31m\" level=ERROR msg=\"FORGED\n2026 level=ERROR\u009b2J.json";
    LoggingEvent event = new LoggingEvent("x", context.getLogger("x"), Level.WARN, "{}: cannot be read",
        new IOException("cannot open " + file + "\nsecond line"), new Object[] {file});

    String line = layout.doLayout(event);

    assertThat(line).containsPattern("^\\S+ level=WARN logger=x thread=\\S+ msg=").contains("msg=\"/inbox/broken\\x1b[31m\\\" level=ERROR msg=\\\"FORGED\\n2026 "
        + "level=ERROR\\u009b2J.json: cannot be read\"\n");
    assertThat(line).doesNotContain("\u001b", "\u009b");
    assertThat(line.lines().skip(1)).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("  "));
  }
}
