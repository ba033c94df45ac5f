package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link ConfigType#variants}: a mapping whose tag key ({@code type: slack}) chooses the keys it may have. */
final class VariantsType extends ConfigType<Config> {
  private final String tag;
  private final Map<String, ConfigDef> variants;

  VariantsType(String tag, Map<String, ConfigDef> variants) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variants");
    }
    variants.values().forEach(def -> def.key(tag).ifPresent(key -> {
      throw new IllegalArgumentException(tag + " chooses the variant; a variant must not define it");
    }));
    this.tag = tag;
    this.variants = new TreeMap<>(variants); // sorted: the documentation must not depend on a map's order
  }

  @Override
  public String name() {
    return "mapping";
  }

  @Override
  String noun() {
    return "a mapping";
  }

  @Override
  String expected() {
    return "a mapping with " + tag + ": " + either();
  }

  @Override
  Config read(JsonNode node, String path, Reader reader) {
    if (!node.isObject()) {
      reader.problem(path, "expected " + expected() + ", got " + Reader.kind(node));
      return null;
    }
    String at = Reader.child(path, tag);
    JsonNode chosen = node.get(tag);
    if (chosen == null || chosen.isNull()) {
      reader.problem(at, "required (" + either() + ")");
      return null;
    }
    Reader.Text text = reader.text(chosen, at, either());
    if (text == null) {
      return null;
    }
    ConfigDef def = variants.get(text.value().strip());
    if (def == null) {
      reader.problem(at, "expected " + either() + ", got " + text.shown());
      return null;
    }
    ObjectNode rest = ((ObjectNode) node).deepCopy();
    rest.remove(tag);
    return def.read(rest, path, reader);
  }

  @Override
  public String format(Config value) {
    String name = variants.entrySet().stream().filter(e -> e.getValue() == value.def()).map(Map.Entry::getKey)
        .findFirst().orElse("?");
    String rest = value.format();
    return "{" + tag + ": " + name + (rest.equals("{}") ? "" : ", " + rest.substring(1, rest.length() - 1)) + "}";
  }

  /** The variants, for the documentation. */
  Map<String, ConfigDef> variants() {
    return variants;
  }

  String tag() {
    return tag;
  }

  private String either() {
    List<String> names = new ArrayList<>(variants.keySet());
    String last = names.remove(names.size() - 1);
    return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
  }
}
