package dev.cairn.app.run;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigKey;
import java.util.regex.Pattern;

/**
 * A problem reported by code that got a config section's values (a channel's settings), made safe
 * to print: when the setting it names ({@code "to: 'x' is not an e-mail address"}) has a value from
 * the environment or a file, what it quotes is replaced, since that value may be a secret put in
 * the wrong place.
 */
final class Redacted {
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");

  private Redacted() {}

  /** {@code message}, with quoted values removed when they may have come from the environment or a file. */
  static String message(String message, Config section) {
    int colon = message.indexOf(':');
    String setting = colon > 0 ? message.substring(0, colon).strip() : "";
    boolean hidden = section.def().key(setting).map(key -> isHidden(section, key))
        // A message that names no setting of the section: hide if any value is hidden.
        .orElseGet(() -> section.def().keys().stream().anyMatch(key -> isHidden(section, key)));
    return hidden ? QUOTED.matcher(message).replaceAll("a value that is not shown") : message;
  }

  private static boolean isHidden(Config section, ConfigKey<?> key) {
    return section.isHidden(key);
  }
}
