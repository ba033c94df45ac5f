package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@link ConfigType#json}: a value kept as written, for what another part of Cairn reads on its own
 * terms (an event pattern written as YAML or pasted as JSON text). Its checks are that part's.
 */
final class JsonType extends ConfigType<JsonNode> {
  private final String name;

  JsonType(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  String noun() {
    return name;
  }

  @Override
  String expected() {
    return name;
  }

  @Override
  JsonNode read(JsonNode node, String path, Reader reader) {
    return node.deepCopy();
  }

  @Override
  public String format(JsonNode value) {
    return value.toString();
  }
}
