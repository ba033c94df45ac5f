package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@link ConfigType#listOf}: {@code rules: [a.yaml, b.yaml]}, {@code sqs: [{...}, {...}]}. */
final class ListType<T> extends ConfigType<List<T>> {
  private final ConfigType<T> element;

  ListType(ConfigType<T> element) {
    this.element = element;
  }

  @Override
  public String name() {
    return "list of " + plural(element.name());
  }

  @Override
  String noun() {
    return "a list";
  }

  @Override
  String expected() {
    return "a list of " + plural(element.name());
  }

  @Override
  List<T> read(JsonNode node, String path, Reader reader) {
    if (!node.isArray()) {
      reader.problem(path, "expected a list, got " + Reader.kind(node));
      return null;
    }
    List<T> values = new ArrayList<>();
    boolean ok = true;
    boolean hidden = false;
    for (int i = 0; i < node.size(); i++) {
      String at = path + "[" + i + "]";
      if (node.get(i).isNull()) {
        reader.problem(at, "expected " + element.expected() + ", got nothing");
        ok = false;
        continue;
      }
      T value = element.read(node.get(i), at, reader);
      ok &= value != null;
      values.add(value);
      hidden |= reader.hidden(at);
    }
    if (hidden) {
      reader.hide(path, "a list with a value from the environment or a file (not shown)");
    }
    return ok ? List.copyOf(values) : null;
  }

  @Override
  public String format(List<T> value) {
    return value.stream().map(element::format).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  ConfigType<?> element() {
    return element;
  }

  @Override
  String elementPath() {
    return "[]";
  }

  /** "mapping or path" becomes "mappings or paths". */
  static String plural(String name) {
    return name.replaceAll("\\b(mapping|path|folder|number|secret|URL|duration|size|choice|list)\\b", "$1s");
  }
}
