package dev.cairn.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.event.RecordFields;
import java.io.IOException;

/**
 * Reads a JSON object into a tree of only the fields a {@link RecordFields} names, skipping the
 * rest token by token. Skipping builds nothing, which is where the time goes: most of a CloudTrail
 * record ({@code requestParameters}, {@code responseElements}, {@code sessionContext}) is read by
 * no rule. The fields it keeps are exactly as a whole-tree read would make them.
 */
final class FieldReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FieldReader() {}

  /**
   * Reads the rest of an object whose {@code START_OBJECT} has been consumed: the current token is
   * its first {@code FIELD_NAME}, or its {@code END_OBJECT}. Ends on the object's {@code END_OBJECT}.
   */
  static ObjectNode readObject(JsonParser parser, RecordFields wanted) throws IOException {
    ObjectNode object = NODES.objectNode();
    for (JsonToken token = parser.currentToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
      String name = parser.currentName();
      RecordFields below = wanted.child(name);
      JsonToken value = parser.nextToken();
      if (below == null) {
        parser.skipChildren();
      } else {
        object.set(name, readValue(parser, value, below));
      }
    }
    return object;
  }

  private static JsonNode readValue(JsonParser parser, JsonToken token, RecordFields wanted) throws IOException {
    if (wanted.isWhole() && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
      return parser.readValueAsTree();
    }
    return switch (token) {
      case START_OBJECT -> {
        parser.nextToken();
        yield readObject(parser, wanted);
      }
      case START_ARRAY -> {
        // Every element stays, so indexes ($.resources[1].ARN) mean what they mean in the record.
        ArrayNode array = NODES.arrayNode();
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
          array.add(readValue(parser, element, wanted));
        }
        yield array;
      }
      case VALUE_STRING -> TextNode.valueOf(parser.getText());
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NULL -> NullNode.instance;
      default -> parser.readValueAsTree(); // numbers: the same node types as a whole-tree read
    };
  }
}
