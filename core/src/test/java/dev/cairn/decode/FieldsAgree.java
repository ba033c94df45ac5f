package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.RecordFields;

/**
 * Checks that a record read as far as some fields reach has those fields exactly as the whole record
 * does. Called for every event of every partial decode, so it compares plainly and only builds a
 * message (the field's path) when something differs.
 */
final class FieldsAgree {
  private FieldsAgree() {}

  static void check(JsonNode read, JsonNode whole, RecordFields fields) {
    check(read, whole, fields, new Path(null, "$"));
  }

  private static void check(JsonNode read, JsonNode whole, RecordFields fields, Path path) {
    if (fields.isWhole() || !whole.isContainerNode()) {
      if (!whole.equals(read)) {
        assertThat(read).as(path.toString()).isEqualTo(whole);
      }
      return;
    }
    if (whole.isArray()) {
      if (read == null || !read.isArray() || read.size() != whole.size()) {
        assertThat(read).as(path + " is an array of " + whole.size()).isNotNull();
        assertThat(read.isArray()).as(path + " is an array").isTrue();
        assertThat(read.size()).as(path + " size").isEqualTo(whole.size());
      }
      for (int i = 0; i < whole.size(); i++) {
        check(read.get(i), whole.get(i), fields, new Path(path, "[" + i + "]"));
      }
      return;
    }
    if (read == null || !read.isObject()) {
      assertThat(read).as(path + " is an object").isNotNull();
      assertThat(read.isObject()).as(path + " is an object").isTrue();
    }
    for (String name : fields.names()) {
      JsonNode wholeValue = whole.get(name);
      JsonNode readValue = read.get(name);
      if (wholeValue == null) {
        if (readValue != null) {
          assertThat(readValue).as(path + "." + name + " is absent").isNull();
        }
      } else {
        if (readValue == null) {
          assertThat(readValue).as(path + "." + name + " is present").isNotNull();
        }
        check(readValue, wholeValue, fields.child(name), new Path(path, "." + name));
      }
    }
  }

  /** Where in the record: made as the check descends, spelled out only for a message. */
  private record Path(Path parent, String step) {
    @Override
    public String toString() {
      return parent == null ? step : parent + step;
    }
  }
}
