package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@link ConfigType#mapOf}: a mapping whose keys the user chooses, in the order written. */
final class MapType<T> extends ConfigType<Map<String, T>> {
  private final String placeholder;
  private final ConfigType<T> value;

  MapType(String placeholder, ConfigType<T> value) {
    this.placeholder = placeholder;
    this.value = value;
  }

  @Override
  public String name() {
    return "mapping of " + placeholder + " to " + value.name();
  }

  @Override
  String noun() {
    return "a mapping";
  }

  @Override
  String expected() {
    return "a mapping of " + placeholder + " to " + value.name();
  }

  @Override
  Map<String, T> read(JsonNode node, String path, Reader reader) {
    if (!node.isObject()) {
      reader.problem(path, "expected " + expected() + ", got " + Reader.kind(node));
      return null;
    }
    Map<String, T> values = new LinkedHashMap<>();
    boolean ok = true;
    boolean hidden = false;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String at = Reader.child(path, field.getKey());
      if (field.getValue().isNull()) {
        reader.problem(at, "expected " + value.expected() + ", got nothing");
        ok = false;
        continue;
      }
      T read = value.read(field.getValue(), at, reader);
      ok &= read != null;
      values.put(field.getKey(), read);
      hidden |= reader.hidden(at);
    }
    if (hidden) {
      reader.hide(path, "a mapping with a value from the environment or a file (not shown)");
    }
    return ok ? Collections.unmodifiableMap(values) : null;
  }

  @Override
  public String format(Map<String, T> map) {
    return map.entrySet().stream().map(e -> e.getKey() + ": " + value.format(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  ConfigType<?> element() {
    return value;
  }

  @Override
  String elementPath() {
    return ".<" + placeholder.replace(' ', '-') + ">";
  }
}
