package dev.cairn.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The records under {@code src/test/resources/records} (see the README there), as events. */
public final class TestRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestRecords() {}

  /** The JSON of {@code records/<path>}. */
  public static ObjectNode json(String path) {
    try (InputStream in = TestRecords.class.getResourceAsStream("/records/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test record " + path);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bare CloudTrail record as an event, or an EventBridge event when the file holds one. */
  public static CloudTrailEvent event(String path) {
    ObjectNode json = json(path);
    return json.has("detail-type") ? CloudTrailEvent.ofEnvelope(json) : CloudTrailEvent.ofRecord(json);
  }

  public static CloudTrailEvent event(ObjectNode record) {
    return CloudTrailEvent.ofRecord(record);
  }

  /**
   * The record as a decoder parsing only {@code fields} hands it over, except that the rest of
   * its JSON text is not JSON: reading any field outside {@code fields} fails loudly.
   */
  public static CloudTrailEvent onlyFields(ObjectNode record, RecordFields fields) {
    RecordFields withCore = fields.union(RecordFields.core());
    ObjectNode projected = (ObjectNode) project(record, withCore);
    byte[] poison = "{\"not\": json, read the whole record".getBytes(StandardCharsets.UTF_8);
    return CloudTrailEvent.ofRecordJson(poison, projected, withCore, new ObjectMapper().reader());
  }

  /** The parts of {@code node} that {@code fields} names (arrays seen through, as decoders do). */
  public static JsonNode project(JsonNode node, RecordFields fields) {
    if (fields.isWhole()) {
      return node.deepCopy();
    }
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> array.add(project(element, fields)));
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (String name : fields.names()) {
      JsonNode value = node.get(name);
      if (value != null) {
        object.set(name, project(value, fields.child(name)));
      }
    }
    return object;
  }
}
