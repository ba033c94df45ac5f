package dev.cairn.app.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Log lines cannot be forged by what they quote: the pattern of {@code logback.xml}, with its converters. */
class LogEscapingTest {

  @Test
  void aHostileFileNameStaysInsideItsOwnQuotedMessage() {
    LoggerContext context = new LoggerContext();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.getInstanceConverterMap().put("quotedMsg", QuotedMessage.class.getName());
    layout.getInstanceConverterMap().put("printableEx", PrintableThrowable.class.getName());
    layout.setPattern("level=%level msg=\"%quotedMsg\"%n%replace(%printableEx){'(?m)^', '  '}%nopex");
    layout.start();
    String file = "/inbox/broken\u001b[31m\" level=ERROR msg=\"FORGED\n2026 level=ERROR\u009b2J.json";
    LoggingEvent event = new LoggingEvent("x", context.getLogger("x"), Level.WARN, "{}: cannot be read",
        new IOException("cannot open " + file + "\nsecond line"), new Object[] {file});

    String line = layout.doLayout(event);

    assertThat(line).startsWith("level=WARN msg=\"/inbox/broken\\x1b[31m\\\" level=ERROR msg=\\\"FORGED\\n2026 "
        + "level=ERROR\\u009b2J.json: cannot be read\"\n");
    assertThat(line).doesNotContain("\u001b", "\u009b");
    assertThat(line.lines().skip(1)).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("  "));
  }
}
