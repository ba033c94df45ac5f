package dev.cairn.alert.outbox;

import dev.cairn.alert.route.RouteConfig;
import dev.cairn.alert.Alert;
import static dev.cairn.config.ConfigType.json;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.section;
import static dev.cairn.config.ConfigType.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.render.InputTransformer;
import dev.cairn.alert.render.Template;
import dev.cairn.alert.render.TemplateException;
import dev.cairn.alert.render.TemplateInput;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigKey;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a rule file says about acting on a rule's matches, read and checked:
 *
 * <pre>
 * - id: cis-4.6
 *   filter: '...'
 *   notify: [oncall]                    # its own channels instead of the routes'
 *   group: {by: [actor], window: 1h}    # grouping, over a route's
 *   template:                           # the EventBridge input transformer, per channel type...
 *     slack: {inputPathsMap: {...}, inputTemplate: '"..."'}
 *   # ...or one for every type: template: {inputPathsMap: {...}, inputTemplate: '"..."', valueMaps: {...}}
 * </pre>
 *
 * Problems are collected for every rule at once, each naming the rule file, line, rule id and key.
 */
public final class RuleActions {
  private static final ConfigKey<List<String>> NOTIFY = ConfigKey.of("notify", listOf(text())).optional("the routes")
      .doc("The rule's channels.");
  private static final ConfigKey<Config> GROUP = ConfigKey.of("group", section(RouteConfig.GROUP_DEF))
      .optional("the route's grouping").doc("How the rule's alerts are grouped.");
  private static final ConfigKey<JsonNode> TEMPLATE = ConfigKey.of("template", json("template"))
      .optional("the default text").doc("The rule's templates.");
  private static final ConfigDef DEF = ConfigDef.builder().define(NOTIFY).define(GROUP).define(TEMPLATE).build();
  private static final Set<String> TRANSFORMER_KEYS = Set.of("inputPathsMap", "inputTemplate", "valueMaps");

  private final Map<String, Alerting.RuleOptions> options = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private RuleActions() {}

  /**
   * Reads the actions of every rule.
   *
   * @param channels the configured channel names, which {@code notify} must name
   * @param types the channel types a template may be for
   */
  public static RuleActions read(Collection<Rule> rules, Set<String> channels, Set<String> types) {
    RuleActions actions = new RuleActions();
    for (Rule rule : rules) {
      if (!rule.actions().isEmpty()) {
        actions.read(rule, channels, types);
      }
    }
    return actions;
  }

  /** The options of rules that have any, by rule id. */
  public Map<String, Alerting.RuleOptions> options() {
    return Map.copyOf(options);
  }

  /** Every problem, one line each: {@code rules/team.yaml:12: rule 'x': template.slack: ...}. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  private void read(Rule rule, Set<String> channels, Set<String> types) {
    String where = rule.origin() + ": rule '" + rule.id() + "': ";
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    rule.actions().forEach(tree::set);
    Config config;
    try {
      config = DEF.load(tree, name -> null, null);
    } catch (ConfigException e) {
      e.problems().forEach(p -> problems.add(where + p));
      return;
    }
    Optional<List<String>> notify = config.find(NOTIFY);
    notify.ifPresent(names -> names.stream().filter(n -> !channels.contains(n))
        .forEach(n -> problems.add(where + "notify: no channel named '" + n + "' (configured: "
            + String.join(", ", channels.stream().sorted().toList()) + ")")));
    Map<String, BiFunction<CloudTrailEvent, Alert.Facts, String>> templates = new LinkedHashMap<>();
    config.find(TEMPLATE).ifPresent(node -> templates(rule, node, types, where, templates));
    options.put(rule.id(), new Alerting.RuleOptions(notify, templates, config.find(GROUP).map(RouteConfig::grouping)));
  }

  private void templates(Rule rule, JsonNode node, Set<String> types, String where,
      Map<String, BiFunction<CloudTrailEvent, Alert.Facts, String>> into) {
    if (!node.isObject()) {
      problems.add(where + "template: expected a mapping (inputPathsMap, inputTemplate), or one per channel type");
      return;
    }
    if (node.has("inputTemplate")) {
      Template template = compile(node, "template", where);
      if (template != null) {
        types.forEach(type -> into.put(type, render(rule, template)));
      }
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String type = entry.getKey();
      if (!types.contains(type)) {
        problems.add(where + "template." + type + ": not a channel type (expected one of "
            + String.join(", ", types.stream().sorted().toList()) + ", or inputTemplate for every type)");
        continue;
      }
      Template template = compile(entry.getValue(), "template." + type, where);
      if (template != null) {
        into.put(type, render(rule, template));
      }
    }
  }

  private Template compile(JsonNode node, String path, String where) {
    if (!node.isObject()) {
      problems.add(where + path + ": expected a mapping with inputTemplate (and inputPathsMap, valueMaps)");
      return null;
    }
    for (String key : (Iterable<String>) node::fieldNames) {
      if (!TRANSFORMER_KEYS.contains(key)) {
        problems.add(where + path + "." + key + ": unknown key (expected inputPathsMap, inputTemplate, valueMaps)");
        return null;
      }
    }
    JsonNode text = node.path("inputTemplate");
    if (!text.isTextual()) {
      problems.add(where + path + ".inputTemplate: expected text");
      return null;
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("inputPathsMap").properties()) {
      paths.put(e.getKey(), e.getValue().asText());
    }
    InputTransformer transformer = InputTransformer.of(paths, text.textValue());
    for (Map.Entry<String, JsonNode> map : node.path("valueMaps").properties()) {
      Map<String, String> values = new LinkedHashMap<>();
      map.getValue().properties().forEach(v -> values.put(v.getKey(), v.getValue().asText()));
      transformer = transformer.withValueMap(map.getKey(), values);
    }
    try {
      Template template = Template.compile(path, transformer);
      return template;
    } catch (TemplateException e) {
      e.problems().forEach(p -> problems.add(where + p));
      return null;
    } catch (IllegalArgumentException e) {
      problems.add(where + path + ": " + e.getMessage());
      return null;
    }
  }

  private static BiFunction<CloudTrailEvent, Alert.Facts, String> render(Rule rule, Template template) {
    return (event, facts) -> template.render(new TemplateInput(event, facts, rule.id(), "", rule.severity().label(),
        Instant.now()));
  }
}
