package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.net.URI;

/**
 * The text helpers of this package for channels that live in other modules (SNS, in {@code aws},
 * which alone may use the AWS SDK): the same cutting, wording and redaction as every channel here.
 */
public final class ChannelText {
  private ChannelText() {}

  /** At most {@code maxChars} UTF-16 units, cut on a code point with {@code … (truncated, N more)}. */
  public static String fit(String value, int maxChars) {
    return Text.fit(value, maxChars);
  }

  /** At most {@code maxBytes} bytes as UTF-8, cut on a code point with the same marker. */
  public static String fitUtf8(String value, int maxBytes) {
    return Text.fitUtf8(value, maxBytes);
  }

  /** Control characters, CR and LF included, as spaces. */
  public static String oneLine(String value) {
    return Text.oneLine(value);
  }

  /** {@code [CRITICAL] title}. */
  public static String headline(Alert alert) {
    return AlertView.headline(alert);
  }

  /**
   * The alert as plain text within {@code maxChars}: the headline, the channel type's text, the
   * facts, the digest and its samples, and where it came from (what e-mail's text part carries).
   */
  public static String plainText(Alert alert, String channelType, int maxChars) {
    String first = Text.oneLine(AlertView.headline(alert));
    return Text.fit(first + "\n\n" + AlertView.plainText(alert, alert.textFor(channelType),
        Math.max(0, maxChars - first.length() - 2)), maxChars);
  }

  /** Scheme, host, port and at most a first path word: {@code https://hooks.slack.com/services/…}. */
  public static String redact(URI url) {
    return Redact.url(url);
  }
}
