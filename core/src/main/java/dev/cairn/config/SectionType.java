package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;

/** {@link ConfigType#section}: a nested mapping read by its own {@link ConfigDef}. */
final class SectionType extends ConfigType<Config> {
  private final ConfigDef def;

  SectionType(ConfigDef def) {
    this.def = def;
  }

  @Override
  public String name() {
    return def.shortForm().map(key -> "mapping or " + key.type().name()).orElse("mapping");
  }

  @Override
  String noun() {
    return "a mapping";
  }

  @Override
  String expected() {
    return def.shortForm().map(key -> "a mapping or " + key.type().noun()).orElse("a mapping");
  }

  @Override
  Config read(JsonNode node, String path, Reader reader) {
    if (node.isObject() || (node.isValueNode() && def.shortForm().isPresent())) {
      return def.read(node, path, reader);
    }
    reader.problem(path, "expected " + expected() + ", got " + Reader.kind(node));
    return null;
  }

  @Override
  public String format(Config value) {
    return value.format();
  }

  @Override
  ConfigDef def() {
    return def;
  }
}
