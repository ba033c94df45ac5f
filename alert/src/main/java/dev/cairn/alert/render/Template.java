package dev.cairn.alert.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.alert.render.JsonPath.PathException;
import dev.cairn.alert.render.TemplateParser.Literal;
import dev.cairn.alert.render.TemplateParser.Slot;
import dev.cairn.alert.render.TemplateParser.SyntaxError;
import dev.cairn.event.RecordFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compiled template: an EventBridge input transformer ({@code InputPathsMap} + {@code
 * InputTemplate}, verbatim syntax) with Cairn's variables and value maps, checked once at
 * configuration time and rendered per event. The rules, limits and Cairn's decisions where AWS is
 * silent are in the {@linkplain dev.cairn.alert.render package documentation}.
 *
 * <pre>{@code
 * Template t = Template.compile("rules.console-login-failed.template.corezoid", new InputTransformer(
 *     Map.of("user", "$.detail.userIdentity.userName", "ip", "$.detail.sourceIPAddress"),
 *     "\"<user> failed to sign in to <cairn.accountAlias> from <ip>\"",
 *     Map.of()));
 * String text = t.render(new TemplateInput(event, facts, "console-login-failed", "", "high", received));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Template {
  /** Longest {@code InputTemplate}, in UTF-16 code units (EventBridge: 8,192 characters). */
  public static final int MAX_TEMPLATE_LENGTH = 8192;
  /** Most {@code InputPathsMap} entries (EventBridge: 100). */
  public static final int MAX_PATHS = 100;
  /** Longest variable name (EventBridge: 256). */
  public static final int MAX_KEY_LENGTH = 256;
  /** Most entries of one value map (Cairn's limit). */
  public static final int MAX_VALUE_MAP_ENTRIES = 1000;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

  /** What a template is, which decides what {@link #render} gives. */
  public enum Form {
    /** A JSON object: renders to JSON text. */
    JSON,
    /** One or more JSON strings: renders to the text they stand for. */
    STRING
  }

  private final Form form;
  private final List<Object> parts;
  private final Map<String, JsonPath> paths;
  private final Map<String, Map<String, String>> valueMaps;
  private final RecordFields recordFields;

  private Template(Form form, List<Object> parts, Map<String, JsonPath> paths,
      Map<String, Map<String, String>> valueMaps, RecordFields recordFields) {
    this.form = form;
    this.parts = parts;
    this.paths = paths;
    this.valueMaps = valueMaps;
    this.recordFields = recordFields;
  }

  /** {@link #compile(String, InputTransformer)} with key paths relative to the transformer. */
  public static Template compile(InputTransformer transformer) {
    return compile("", transformer);
  }

  /**
   * Compiles a template.
   *
   * @param keyPath where the transformer sits in the configuration (e.g. {@code
   *     rules.cis-4.3.template.slack}); problems name {@code keyPath.inputTemplate}, {@code
   *     keyPath.inputPathsMap.<key>} or {@code keyPath.valueMaps.<variable>}
   * @throws TemplateException listing every problem found, each with its key path and position
   */
  public static Template compile(String keyPath, InputTransformer transformer) {
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(transformer, "transformer");
    String base = keyPath.isEmpty() ? "" : keyPath + ".";
    List<TemplateProblem> problems = new ArrayList<>();
    Map<String, JsonPath> paths = paths(base + "inputPathsMap", transformer.inputPathsMap(), problems);
    valueMaps(base + "valueMaps", transformer, problems);

    String templateKey = base + "inputTemplate";
    String template = transformer.inputTemplate();
    if (template.length() > MAX_TEMPLATE_LENGTH) {
      problems.add(TemplateProblem.at(templateKey, template, MAX_TEMPLATE_LENGTH,
          "longer than " + MAX_TEMPLATE_LENGTH + " characters (" + template.length() + ")"));
    }
    Set<String> used = new LinkedHashSet<>();
    TemplateParser.Parsed parsed = null;
    try {
      parsed = TemplateParser.parse(template, (slot, form) -> {
        used.add(slot.name());
        String problem = checkSlot(slot, form, transformer.inputPathsMap());
        if (problem != null) {
          problems.add(TemplateProblem.at(templateKey, template, slot.index(), problem));
        }
      });
    } catch (SyntaxError e) {
      problems.add(TemplateProblem.at(templateKey, template, e.index, e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new TemplateException(problems);
    }
    RecordFields fields = RecordFields.core();
    for (String name : used) {
      JsonPath path = paths.get(name);
      if (path != null) {
        fields = fields.union(path.recordFields());
      } else if (name.equals(Variables.EVENT_JSON)) {
        fields = RecordFields.ALL;
      }
    }
    return new Template(parsed.form() == TemplateParser.Form.JSON ? Form.JSON : Form.STRING, parsed.parts(),
        paths, transformer.valueMaps(), fields);
  }

  private static Map<String, JsonPath> paths(String key, Map<String, String> inputPathsMap,
      List<TemplateProblem> problems) {
    if (inputPathsMap.size() > MAX_PATHS) {
      problems.add(TemplateProblem.of(key, "has " + inputPathsMap.size() + " entries; EventBridge allows at most "
          + MAX_PATHS));
    }
    Map<String, JsonPath> paths = new LinkedHashMap<>();
    inputPathsMap.forEach((name, path) -> {
      String entry = key + "." + name;
      String problem = checkKey(name);
      if (problem != null) {
        problems.add(TemplateProblem.of(entry, problem));
      }
      try {
        paths.put(name, JsonPath.compile(path));
      } catch (PathException e) {
        problems.add(TemplateProblem.at(entry, path, e.index, e.getMessage()));
      }
    });
    return paths;
  }

  private static String checkKey(String name) {
    if (name.isEmpty()) {
      return "a variable needs a name";
    }
    if (name.length() > MAX_KEY_LENGTH) {
      return "variable name longer than " + MAX_KEY_LENGTH + " characters";
    }
    if (name.startsWith(Variables.CAIRN_PREFIX)) {
      return "'" + name + "' is reserved for Cairn's variables (cairn.*)";
    }
    if (name.regionMatches(true, 0, "aws.", 0, 4) || Variables.AWS.contains(name)) {
      return "'" + name + "' is reserved for EventBridge's predefined variables";
    }
    if (!KEY.matcher(name).matches()) {
      return "variable name '" + name + "' may hold only letters, digits, '_' and '-'";
    }
    return null;
  }

  private static void valueMaps(String key, InputTransformer transformer, List<TemplateProblem> problems) {
    transformer.valueMaps().forEach((name, map) -> {
      String entry = key + "." + name;
      if (!transformer.inputPathsMap().containsKey(name) && !Variables.CAIRN.containsKey(name)) {
        problems.add(TemplateProblem.of(entry, Variables.AWS.contains(name)
            ? "EventBridge's predefined variables have no value maps"
            : "'" + name + "' is not a key of inputPathsMap nor a Cairn variable"));
      }
      if (map.size() > MAX_VALUE_MAP_ENTRIES) {
        problems.add(TemplateProblem.of(entry, "has " + map.size() + " entries; at most " + MAX_VALUE_MAP_ENTRIES));
      }
    });
  }

  /** What is wrong with a placeholder, or null. */
  private static String checkSlot(Slot slot, TemplateParser.Form form, Map<String, String> inputPathsMap) {
    String name = slot.name();
    if (inputPathsMap.containsKey(name) || Variables.CAIRN.containsKey(name)) {
      return null;
    }
    if (Variables.AWS.contains(name)) {
      return slot.inString() && Variables.VALUE_ONLY.contains(name)
          ? "<" + name + "> can only be a JSON value, not part of a string: EventBridge inserts its JSON unescaped"
              + (form == TemplateParser.Form.STRING ? " (use it in a JSON object template)" : "")
          : null;
    }
    if (name.startsWith("aws.")) {
      return "unknown predefined variable <" + name + ">; EventBridge's are " + String.join(", ", Variables.AWS);
    }
    if (name.startsWith(Variables.CAIRN_PREFIX)) {
      return "unknown Cairn variable <" + name + ">; Cairn's are " + String.join(", ", Variables.CAIRN.keySet());
    }
    return "undefined placeholder <" + name + ">: not a key of inputPathsMap"
        + (inputPathsMap.isEmpty() ? " (it is empty)" : " (" + String.join(", ", inputPathsMap.keySet()) + ")")
        + " nor a predefined variable";
  }

  /** A JSON object template renders to JSON, a string template to its text. */
  public Form form() {
    return form;
  }

  /**
   * What rendering reads of a CloudTrail record, the {@linkplain RecordFields#core() core} fields
   * included: decoders that parse only what is used must parse these too. The {@code cairn.*}
   * variables come from the facts, which read {@link dev.cairn.alert.enrich.Enricher#recordFields()}.
   */
  public RecordFields recordFields() {
    return recordFields;
  }

  /**
   * Renders the template for people and channels. A JSON object template gives JSON text: the
   * template as written with each placeholder replaced, values JSON-escaped inside strings (unlike
   * EventBridge), so the result is always valid JSON. A string template gives the text its strings
   * stand for (escapes decoded, quotes dropped, the whitespace between two strings kept), values
   * inserted as they are. Nothing is escaped for HTML, Slack or any other format: channels do that.
   */
  public String render(TemplateInput input) {
    return render(input, form == Form.STRING);
  }

  /**
   * Renders what an EventBridge target would receive: a string template stays one or more JSON
   * string literals, quotes included. Values inside strings are JSON-escaped (EventBridge does not
   * escape them, and its output can be broken JSON), so this is always valid JSON text.
   */
  public String renderAsEventBridge(TemplateInput input) {
    return render(input, false);
  }

  private String render(TemplateInput input, boolean text) {
    Objects.requireNonNull(input, "input");
    JsonNode envelope = input.event().envelope(recordFields);
    Map<String, JsonNode> values = new HashMap<>();
    StringBuilder out = new StringBuilder(256);
    for (Object part : parts) {
      if (part instanceof Literal literal) {
        out.append(text ? literal.text() : literal.json());
        continue;
      }
      Slot slot = (Slot) part;
      JsonNode value = values.computeIfAbsent(slot.name(), name -> value(name, input, envelope));
      if (!slot.inString()) {
        JsonText.valueInto(value, out);
      } else if (text) {
        out.append(JsonText.raw(value));
      } else {
        JsonText.escapeInto(JsonText.raw(value), out);
      }
    }
    return out.toString();
  }

  /** A variable's value, value maps applied; {@link MissingNode} when the path reaches nothing. */
  private JsonNode value(String name, TemplateInput input, JsonNode envelope) {
    JsonPath path = paths.get(name);
    JsonNode value = path != null ? path.evaluate(envelope) : Variables.value(name, input, envelope);
    if (value == null) {
      value = MissingNode.getInstance();
    }
    Map<String, String> map = valueMaps.get(name);
    if (map != null) {
      String key = value.isMissingNode() ? "" : value.isTextual() ? value.textValue()
          : value.isValueNode() ? value.toString() : null;
      if (key != null && map.containsKey(key)) {
        return TextNode.valueOf(map.get(key));
      }
    }
    return value;
  }
}
