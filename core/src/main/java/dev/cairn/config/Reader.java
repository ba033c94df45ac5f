package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state of one load: where {@code ${NAME}} and relative paths come from, the problems found so
 * far, and how each value read may be quoted back in a message. A value that came from the
 * environment or a file is never quoted: it may be a secret put in the wrong place.
 */
final class Reader {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final Function<String, String> environment;
  private final Path base;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<String, String> shown = new HashMap<>();

  Reader(Function<String, String> environment, Path base) {
    this.environment = environment;
    this.base = base;
  }

  /** A scalar's text after substitution, with how it may be quoted. */
  record Text(String value, String shown, boolean hidden) {}

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  Path base() {
    return base;
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  /** How the value at {@code path} may be quoted ({@code '20'}, or a note that it is not shown), if it was read. */
  String shown(String path) {
    return shown.get(path);
  }

  boolean hidden(String path) {
    String s = shown.get(path);
    return s != null && !s.startsWith("'");
  }

  /** What a node that is not a scalar is called in "got a list". */
  static String kind(JsonNode node) {
    return node.isArray() ? "a list" : node.isObject() ? "a mapping" : "'" + node.asText() + "'";
  }

  /**
   * The text of a scalar with {@code ${NAME}} replaced from the environment, or null after
   * reporting a problem (a list or mapping where a value belongs, an unset variable).
   */
  Text text(JsonNode node, String path, String expected) {
    if (!node.isValueNode()) {
      problem(path, "expected " + expected + ", got " + kind(node));
      return null;
    }
    String raw = node.asText();
    Matcher m = VARIABLE.matcher(raw);
    StringBuilder out = new StringBuilder();
    List<String> names = new ArrayList<>();
    boolean unset = false;
    while (m.find()) {
      String resolved = environment.apply(m.group(1));
      names.add("${" + m.group(1) + "}");
      if (resolved == null) {
        problem(path, "environment variable " + m.group(1) + " is not set");
        unset = true;
        resolved = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    if (unset) {
      return null;
    }
    Text text = names.isEmpty() ? new Text(raw, "'" + raw + "'", false)
        : new Text(out.toString(), "the value of " + String.join(" and ", names) + " (not shown)", true);
    shown.put(path, text.shown());
    return text;
  }

  /** Marks the value at {@code path} as never to be quoted (a secret, or one read from a file). */
  void hide(String path, String how) {
    shown.put(path, how);
  }
}
