package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.RecordFields;

/** Checks that a record read as far as some fields reach has those fields exactly as the whole record does. */
final class FieldsAgree {
  private FieldsAgree() {}

  static void check(JsonNode read, JsonNode whole, RecordFields fields) {
    check(read, whole, fields, "$");
  }

  private static void check(JsonNode read, JsonNode whole, RecordFields fields, String path) {
    if (fields.isWhole() || !whole.isContainerNode()) {
      assertThat(read).as(path).isEqualTo(whole);
      return;
    }
    if (whole.isArray()) {
      assertThat(read.isArray()).as(path + " is an array").isTrue();
      assertThat(read.size()).as(path + " size").isEqualTo(whole.size());
      for (int i = 0; i < whole.size(); i++) {
        check(read.get(i), whole.get(i), fields, path + "[" + i + "]");
      }
      return;
    }
    assertThat(read.isObject()).as(path + " is an object").isTrue();
    for (String name : fields.names()) {
      JsonNode wholeValue = whole.get(name);
      JsonNode readValue = read.get(name);
      if (wholeValue == null) {
        assertThat(readValue).as(path + "." + name + " is absent").isNull();
      } else {
        assertThat(readValue).as(path + "." + name + " is present").isNotNull();
        check(readValue, wholeValue, fields.child(name), path + "." + name);
      }
    }
  }
}
