package dev.cairn.alert.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A template as configured, in EventBridge's input-transformer shape, plus Cairn's value maps.
 *
 * @param inputPathsMap variable name to a JSON path into the event's EventBridge envelope ({@code
 *     "user": "$.detail.userIdentity.userName"}); at most 100 entries
 * @param inputTemplate the template: a JSON object or JSON string(s) with {@code <name>}
 *     placeholders; 1 to 8,192 characters
 * @param valueMaps Cairn's addition (EventBridge has none): per variable, a table replacing a value
 *     by another text ({@code "cairn.mfa": {"no": "False"}}); empty for none
 */
public record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate,
    Map<String, Map<String, String>> valueMaps) {

  public InputTransformer {
    Objects.requireNonNull(inputTemplate, "inputTemplate");
    inputPathsMap = copy(Objects.requireNonNull(inputPathsMap, "inputPathsMap"));
    Map<String, Map<String, String>> maps = new LinkedHashMap<>();
    Objects.requireNonNull(valueMaps, "valueMaps").forEach((name, map) -> maps.put(name, copy(map)));
    valueMaps = Collections.unmodifiableMap(maps);
  }

  /** A transformer with paths and a template, without value maps. */
  public static InputTransformer of(Map<String, String> inputPathsMap, String inputTemplate) {
    return new InputTransformer(inputPathsMap, inputTemplate, Map.of());
  }

  /** A template that uses only predefined variables. */
  public static InputTransformer of(String inputTemplate) {
    return new InputTransformer(Map.of(), inputTemplate, Map.of());
  }

  /** The same with one more value map. */
  public InputTransformer withValueMap(String variable, Map<String, String> map) {
    Map<String, Map<String, String>> maps = new LinkedHashMap<>(valueMaps);
    maps.put(variable, map);
    return new InputTransformer(inputPathsMap, inputTemplate, maps);
  }

  /** Keeps the configured order (problems are reported in it); nulls are rejected. */
  private static Map<String, String> copy(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    Objects.requireNonNull(map, "map").forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"),
        Objects.requireNonNull(v, () -> "value of " + k)));
    return Collections.unmodifiableMap(copy);
  }
}
