package dev.cairn.match;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SnakeYAML's messages ("while parsing a block collection ... expected &lt;block end&gt;, but found
 * '&lt;block mapping start&gt;'") said in the words of someone writing a rule file, at the line and
 * column of the problem.
 */
final class YamlErrors {
  /** The problem's position and what to do about it. */
  record Explained(int line, int column, String message) {}

  private static final Pattern AT = Pattern.compile("line (\\d+), column (\\d+)");

  private YamlErrors() {}

  static Explained explain(JsonProcessingException e) {
    String raw = String.valueOf(e.getOriginalMessage());
    int line = 0;
    int column = 0;
    Matcher at = AT.matcher(raw);
    while (at.find()) { // the last position named is the problem's; an earlier one is its context
      line = Integer.parseInt(at.group(1));
      column = Integer.parseInt(at.group(2));
    }
    if (line == 0 && e.getLocation() != null) {
      JsonLocation location = e.getLocation();
      line = Math.max(0, location.getLineNr());
      column = Math.max(0, location.getColumnNr());
    }
    return new Explained(line, column, "not valid YAML: " + words(raw));
  }

  private static String words(String raw) {
    if (raw.contains("\\t(TAB)") || raw.contains("'\\t'")) {
      return "a tab is used for indentation here; YAML allows only spaces";
    }
    if (raw.contains("mapping values are not allowed here")) {
      return "a ':' where YAML does not expect a new key: indent this line like the other keys of its"
          + " rule, or quote the value if it holds ': ' (filter: '{ $.a = \"x: y\" }')";
    }
    if (raw.contains("expected <block end>") || raw.contains("did not find expected key")
        || raw.contains("did not find expected '-' indicator")) {
      return "this line's indentation does not fit the lines above it: the keys of one rule must start"
          + " in the same column, each rule with '- ' under the previous one";
    }
    if (raw.contains("could not find expected ':'")) {
      return "a line without ':': each line of a rule is 'key: value' (a long value continues on a line"
          + " indented further, or goes in quotes)";
    }
    if (raw.contains("while parsing a flow sequence") || raw.contains("while parsing a flow mapping")) {
      return "a '[' or '{' that is not closed: close it, or quote the whole value if it is text"
          + " (a filter pattern needs quotes: filter: '{ $.eventName = X }')";
    }
    if (raw.contains("found duplicate key") || raw.contains("Duplicate field")) {
      return "a key appears twice in one mapping: " + raw.lines().findFirst().orElse(raw);
    }
    if (raw.contains("while scanning a quoted scalar") || raw.contains("found unexpected end of stream")) {
      return "a quoted value is not closed: end it with the same quote it starts with (inside '...',"
          + " write a single quote as '')";
    }
    return raw.lines().findFirst().orElse(raw).strip();
  }
}
