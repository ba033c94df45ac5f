package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple, slow interpreter of valid filter patterns, written independently of the
 * production compiler: it re-tokenises the pattern with regexes on every call, evaluates with plain
 * recursion, converts wildcards to regexes and compares numbers as BigDecimal. Used only to
 * cross-check {@link FilterPattern} on valid patterns; it does not validate.
 */
final class ReferenceInterpreter {
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final Pattern JSON_TOKEN = Pattern.compile(
      "\\s*(&&|\\|\\||\\(|\\)|\\$(?:\\.[A-Za-z0-9_-]+|\\[\\d+\\])+|!=|<=|>=|=|<|>"
          + "|IS\\s+NULL|IS\\s+TRUE|IS\\s+FALSE|NOT\\s+EXISTS)");
  private static final Pattern VALUE_TOKEN =
      Pattern.compile("\\s*(\"(?:\\\\[\"\\\\]|\\\\(?![\"\\\\])|[^\"\\\\])*\"|%[^%]*%|(?:(?!&&|\\|\\|)[^\\s(){}\"])+)");
  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)\\]");

  private ReferenceInterpreter() {}

  static boolean matches(String pattern, JsonNode json, String message) {
    String trimmed = pattern.strip();
    if (trimmed.isEmpty()) {
      return true;
    }
    if (trimmed.startsWith("{")) {
      return json != null && new JsonEval(trimmed.substring(1, trimmed.lastIndexOf('}')), json).run();
    }
    if (trimmed.startsWith("[")) {
      return spaceDelimited(trimmed.substring(1, trimmed.lastIndexOf(']')), message == null ? "" : message);
    }
    return textTerms(trimmed, message == null ? "" : message);
  }

  // ---- JSON ------------------------------------------------------------------------------------

  private static final class JsonEval {
    private final List<String> tokens = new ArrayList<>();
    private final JsonNode root;
    private int next;

    JsonEval(String body, JsonNode root) {
      this.root = root;
      int pos = 0;
      boolean wantValue = false;
      while (!body.substring(pos).isBlank()) {
        Matcher m = (wantValue ? VALUE_TOKEN : JSON_TOKEN).matcher(body);
        m.region(pos, body.length());
        if (!m.lookingAt()) {
          throw new IllegalArgumentException("reference cannot tokenise at " + pos + ": " + body);
        }
        tokens.add(m.group(1));
        wantValue = !wantValue && m.group(1).matches("!=|<=|>=|=|<|>");
        pos = m.end();
      }
    }

    boolean run() {
      boolean result = or();
      if (next != tokens.size()) {
        throw new IllegalArgumentException("trailing tokens " + tokens.subList(next, tokens.size()));
      }
      return result;
    }

    private boolean or() {
      boolean result = and();
      while (next < tokens.size() && tokens.get(next).equals("||")) {
        next++;
        boolean right = and();
        result = result || right;
      }
      return result;
    }

    private boolean and() {
      boolean result = term();
      while (next < tokens.size() && tokens.get(next).equals("&&")) {
        next++;
        boolean right = term();
        result = result && right;
      }
      return result;
    }

    private boolean term() {
      String token = tokens.get(next++);
      if (token.equals("(")) {
        boolean inner = or();
        next++; // ')'
        return inner;
      }
      JsonNode node = resolve(root, token);
      String op = tokens.get(next++);
      if (op.startsWith("IS") || op.startsWith("NOT")) {
        String keyword = op.replaceAll("\\s+", " ");
        return switch (keyword) {
          case "IS NULL" -> node != null && node.isNull();
          case "IS TRUE" -> node != null && node.isBoolean() && node.booleanValue();
          case "IS FALSE" -> node != null && node.isBoolean() && !node.booleanValue();
          default -> node == null;
        };
      }
      return compare(node, op, tokens.get(next++));
    }
  }

  static JsonNode resolve(JsonNode root, String selector) {
    Matcher m = STEP.matcher(selector);
    JsonNode node = root;
    while (m.find() && node != null) {
      if (m.group(1) != null) {
        node = node.isObject() ? node.get(m.group(1)) : null;
      } else {
        int index = Integer.parseInt(m.group(2));
        node = node.isArray() && index < node.size() ? node.get(index) : null;
      }
    }
    return node;
  }

  /** Applies {@code op value} to a JSON node using the documented type rules. */
  static boolean compare(JsonNode node, String op, String value) {
    if (node == null || node.isContainerNode()) {
      return false;
    }
    if (!value.startsWith("\"") && NUMBER.matcher(value).matches()) {
      if (!node.isNumber()) {
        return false;
      }
      int sign = node.decimalValue().compareTo(new BigDecimal(value));
      return numericOp(op, sign);
    }
    boolean anything = value.replace("\"", "").chars().allMatch(c -> c == '*') && !value.equals("\"\"");
    if (anything) {
      return op.equals("=");
    }
    if (!node.isTextual()) {
      return false;
    }
    boolean equal = stringValueMatches(value, node.textValue());
    return op.equals("=") ? equal : !equal;
  }

  static boolean numericOp(String op, int sign) {
    return switch (op) {
      case "=" -> sign == 0;
      case "!=" -> sign != 0;
      case "<" -> sign < 0;
      case "<=" -> sign <= 0;
      case ">" -> sign > 0;
      default -> sign >= 0;
    };
  }

  /** Quoted, bare, wildcarded or %regex% value against a string. */
  static boolean stringValueMatches(String value, String text) {
    if (value.length() >= 2 && value.startsWith("%") && value.endsWith("%")) {
      return Pattern.compile(value.substring(1, value.length() - 1)).matcher(text).find();
    }
    String literal = value;
    if (value.startsWith("\"")) {
      literal = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    StringBuilder regex = new StringBuilder();
    for (String part : literal.split("\\*", -1)) {
      if (regex.length() > 0 || literal.startsWith("*")) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
  }

  // ---- text terms ------------------------------------------------------------------------------

  private static final Pattern TEXT_TERM = Pattern.compile("([?-]?)(\"(?:\\\\[\"\\\\]|[^\"\\\\]|\\\\)*\"|%[^%]*%|\\S+)");

  private static boolean textTerms(String pattern, String message) {
    List<String> tokens = List.of(message.split("[^\\p{L}\\p{Nd}_]+"));
    List<List<Boolean>> groups = new ArrayList<>();
    Matcher m = TEXT_TERM.matcher(pattern);
    while (m.find()) {
      String prefix = m.group(1);
      String term = m.group(2);
      boolean found;
      if (term.startsWith("\"")) {
        String phrase = term.substring(1, term.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        found = phrase.isBlank() || message.contains(phrase);
      } else if (term.startsWith("%")) {
        found = Pattern.compile(term.substring(1, term.length() - 1)).matcher(message).find();
      } else {
        found = tokens.contains(term);
      }
      if (prefix.equals("?") || groups.isEmpty()) {
        groups.add(new ArrayList<>());
      }
      groups.get(groups.size() - 1).add(prefix.equals("-") ? !found : found);
    }
    return groups.stream().anyMatch(g -> !g.contains(false));
  }

  // ---- space-delimited -------------------------------------------------------------------------

  private static final Pattern FIELD = Pattern.compile("\\[[^\\]]*\\]?|\"[^\"]*\"?|[^\\s\\[\"][^\\s]*");
  private static final Pattern CONDITION = Pattern.compile("\\s*(\\w+)\\s*(!=|<=|>=|=|<|>)\\s*(.*?)\\s*");

  private static boolean spaceDelimited(String body, String message) {
    List<String> values = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    Matcher m = FIELD.matcher(message);
    while (m.find()) {
      String raw = m.group();
      String value = raw;
      if (raw.startsWith("[") || raw.startsWith("\"")) {
        boolean closed = raw.length() > 1 && raw.endsWith(raw.startsWith("[") ? "]" : "\"");
        value = raw.substring(1, closed ? raw.length() - 1 : raw.length());
      }
      values.add(value);
      starts.add(m.start());
      ends.add(m.end());
    }
    List<String> slots = splitOutsideQuotes(body, ",");
    int ellipsis = slots.stream().map(String::strip).toList().indexOf("...");
    int named = ellipsis < 0 ? slots.size() : slots.size() - 1;
    if (values.size() < named) {
      return false;
    }
    for (int i = 0; i < slots.size(); i++) {
      if (i == ellipsis) {
        continue;
      }
      String field;
      if (ellipsis >= 0 && i > ellipsis) {
        field = values.get(values.size() - (slots.size() - i));
      } else if (ellipsis < 0 && i == slots.size() - 1 && values.size() > slots.size()) {
        field = message.substring(starts.get(i), ends.get(ends.size() - 1));
      } else {
        field = values.get(i);
      }
      if (!slotMatches(slots.get(i), field)) {
        return false;
      }
    }
    return true;
  }

  private static boolean slotMatches(String slot, String field) {
    if (slot.strip().matches("\\w+")) {
      return true;
    }
    for (String alternative : splitOutsideQuotes(slot, "||")) {
      boolean all = true;
      for (String condition : splitOutsideQuotes(alternative, "&&")) {
        Matcher m = CONDITION.matcher(condition);
        if (!m.matches()) {
          throw new IllegalArgumentException("reference cannot parse condition " + condition);
        }
        all &= fieldCondition(field, m.group(2), m.group(3));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean fieldCondition(String field, String op, String value) {
    if (!value.startsWith("\"") && NUMBER.matcher(value).matches()) {
      return NUMBER.matcher(field).matches() && numericOp(op, new BigDecimal(field).compareTo(new BigDecimal(value)));
    }
    boolean equal = stringValueMatches(value, field);
    return op.equals("=") ? equal : !equal;
  }

  private static List<String> splitOutsideQuotes(String text, String separator) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && text.startsWith(separator, i)) {
        parts.add(text.substring(start, i));
        start = i + separator.length();
        i += separator.length() - 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
