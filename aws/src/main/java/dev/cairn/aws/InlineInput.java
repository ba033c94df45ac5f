package dev.cairn.aws;

import dev.cairn.runtime.source.Input;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An event carried in the SQS message itself (at most 256 KiB, so holding it is fine). */
final class InlineInput implements Input {
  private final String name;
  private final byte[] json;
  private final Map<String, String> attributes;

  InlineInput(String messageId, String json, Map<String, String> attributes) {
    this.name = "sqs:" + messageId;
    this.json = json.getBytes(StandardCharsets.UTF_8);
    this.attributes = Map.copyOf(attributes);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public InputStream open() {
    return new ByteArrayInputStream(json);
  }

  @Override
  public String toString() {
    return name;
  }
}
