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
      "\\s*(&&|\\|\\||\\(|\\)|\\$(?:\\.[A-Za-z0-9_-]+|\\[\\d+\\]|\\.\\*|\\[\\*\\]|\\.?\\['[^']*'\\])+|!=|<=|>=|=|<|>"
          + "|IS\\s+NULL|IS\\s+TRUE|IS\\s+FALSE|NOT\\s+EXISTS)");
  private static final Pattern VALUE_TOKEN =
      Pattern.compile("\\s*(\"(?:\\\\[\"\\\\]|\\\\(?![\"\\\\])|[^\"\\\\])*\"|%[^%]*%|(?:(?!&&|\\|\\|)[^\\s(){}\"])+)");
  private static final Pattern STEP =
      Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)\\]|(\\.\\*|\\[\\*\\])|\\.?\\['([^']*)'\\]");

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
      List<JsonNode> nodes = select(root, token);
      String op = tokens.get(next++);
      if (op.startsWith("IS") || op.startsWith("NOT")) {
        String keyword = op.replaceAll("\\s+", " ");
        return switch (keyword) {
          case "IS NULL" -> nodes.stream().anyMatch(JsonNode::isNull);
          case "IS TRUE" -> nodes.stream().anyMatch(n -> n.isBoolean() && n.booleanValue());
          case "IS FALSE" -> nodes.stream().anyMatch(n -> n.isBoolean() && !n.booleanValue());
          default -> nodes.isEmpty();
        };
      }
      String value = tokens.get(next++);
      return nodes.stream().anyMatch(n -> compare(n, op, value));
    }
  }

  /** Every node the selector reaches: none, one, or for a wildcard the children that have the rest of the path. */
  static List<JsonNode> select(JsonNode root, String selector) {
    Matcher m = STEP.matcher(selector);
    List<JsonNode> nodes = List.of(root);
    while (m.find()) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : nodes) {
        if (m.group(3) != null) {
          if (node.isObject() || node.isArray()) {
            node.forEach(next::add);
          }
        } else if (m.group(2) != null) {
          int index = Integer.parseInt(m.group(2));
          if (node.isArray() && index < node.size()) {
            next.add(node.get(index));
          }
        } else {
          String name = m.group(1) != null ? m.group(1) : m.group(4);
          if (node.isObject() && node.has(name)) {
            next.add(node.get(name));
          }
        }
      }
      nodes = next;
    }
    return nodes;
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
    String text;
    if (node.isTextual()) {
      text = node.textValue();
    } else if (node.isNumber() && isWildcard(value)) {
      text = node.asText(); // a wildcard value tests numbers by their text
    } else {
      return false;
    }
    boolean equal = stringValueMatches(value, text);
    return op.equals("=") ? equal : !equal;
  }

  /** A value with a star at either end (quoted or not): a wildcard, which also tests numbers. */
  private static boolean isWildcard(String value) {
    String literal = value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
    return !value.startsWith("%") && (literal.startsWith("*") || literal.endsWith("*"));
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
    // Only stars at either end are wildcards; stars inside are literal characters.
    Matcher ends = Pattern.compile("^(\\**)(.*?)(\\**)$", Pattern.DOTALL).matcher(literal);
    ends.matches();
    String regex = (ends.group(1).isEmpty() ? "" : ".*") + Pattern.quote(ends.group(2))
        + (ends.group(3).isEmpty() ? "" : ".*");
    return Pattern.compile(regex, Pattern.DOTALL).matcher(text).matches();
  }

  // ---- text terms ------------------------------------------------------------------------------

  private static final Pattern TEXT_TERM = Pattern.compile("([?-]?)(\"(?:\\\\[\"\\\\]|[^\"\\\\]|\\\\)*\"|%[^%]*%|\\S+)");

  private static boolean textTerms(String pattern, String message) {
    List<Boolean> optional = new ArrayList<>();
    List<Boolean> required = new ArrayList<>();
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
        found = message.contains(term);
      }
      (prefix.equals("?") ? optional : required).add(prefix.equals("-") ? !found : found);
    }
    // ? terms count only when there is nothing else; then one of them is enough.
    return required.isEmpty() ? optional.contains(true) : !required.contains(false);
  }

  // ---- space-delimited -------------------------------------------------------------------------

  private static final Pattern FIELD = Pattern.compile("\\[[^\\]]*\\]?|\"[^\"]*\"?|[^\\s\\[\"][^\\s]*");
  private static final Pattern CONDITION = Pattern.compile("\\s*(\\w+)\\s*(!=|<=|>=|=|<|>)\\s*(.*?)\\s*");

  private static boolean spaceDelimited(String body, String message) {
    if (body.isBlank()) {
      return true;
    }
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
    if (slot.isBlank() || slot.strip().matches("\\w+")) {
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
