package dev.cairn.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PrintableTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void controlBidiAndSeparatorCharactersBecomeVisibleEscapes() {
    assertThat(Printable.of("broken\u001b[31m\nFORGED.json")).isEqualTo("broken\\x1b[31m\\nFORGED.json");
    assertThat(Printable.of("a\tb\rc\u0000d\u007f")).isEqualTo("a\\tb\\rc\\x00d\\x7f");
    assertThat(Printable.of("\u009b2J")).isEqualTo("\\u009b2J");
    assertThat(Printable.of("x\u202eevil\u2066\u200f\u061c")).isEqualTo("x\\u202eevil\\u2066\\u200f\\u061c");
    assertThat(Printable.of("line\u2028para\u2029")).isEqualTo("line\\u2028para\\u2029");
  }

  @Test
  void ordinaryTextIsTheSameString() {
    String text = "C:\\logs\\trail ünïcödé 日本 ✓";
    assertThat(Printable.of(text)).isSameAs(text);
    assertThat(Printable.of(null)).isNull();
  }

  @Test
  void jsonEscapesThemAsUnicodeAndStaysValid() throws Exception {
    String value = "q\"\\\u001b\n\u009b\u202e\u2028";
    String quoted = "\"" + Printable.json(new StringBuilder(), value) + "\"";

    assertThat(quoted).isEqualTo("\"q\\\"\\\\\\u001B\\n\\u009b\\u202e\\u2028\"");
    assertThat(JSON.readTree(quoted).asText()).isEqualTo(value);
    String document = "{\"a\":\"x\u009by\u2029\"}";
    assertThat(Printable.jsonText(document)).isEqualTo("{\"a\":\"x\\u009by\\u2029\"}");
    assertThat(JSON.readTree(Printable.jsonText(document))).isEqualTo(JSON.readTree(document));
  }

  /** Values with nothing to escape are copied whole; every other one is escaped as before. */
  @Test
  void jsonOfEachCharacterIsValidAndVisible() throws Exception {
    for (char c = 0; c < 0x2100; c++) {
      String value = "ab" + c + "d";
      String inside = Printable.json(new StringBuilder(), value).toString();
      assertThat(JSON.readTree("\"" + inside + "\"").asText()).as("U+%04X", (int) c).isEqualTo(value);
      boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      assertThat(inside.equals(value)).as("U+%04X copied as is", (int) c).isEqualTo(plain || (c > 0x7f && !Printable.unsafe(c)));
      assertThat(inside.chars().noneMatch(x -> Printable.unsafe((char) x))).as("U+%04X", (int) c).isTrue();
    }
  }
}
