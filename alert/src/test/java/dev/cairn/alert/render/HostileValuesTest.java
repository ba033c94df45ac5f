package dev.cairn.alert.render;

import static dev.cairn.alert.render.Inputs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.TestRecords;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacker-controlled values come out exactly as they went in: raw in a string template's text,
 * JSON-escaped once (and only for JSON) in JSON output, never HTML- or Slack-escaped, never
 * expanded as placeholders.
 */
class HostileValuesTest {
  static Stream<String> hostile() {
    return Stream.of("\"", "\\", "\\\"", "al\"ice", "C:\\temp\\", "</script><script>alert(1)</script>",
        "<!channel> <@U024BE7LH> <#C123|x>", "&amp; &lt;", "\u0000\u0001\u0007\u001f\u007f", "line\nbreak\r\n\ttab",
        "\u202Egnp.exe", "zero\u200Bwidth\u200D\uFEFF", "\u2028\u2029", "\uD83D\uDE00", "\uD800 lone", "\uDC00",
        "<aws.events.event.json>", "<cairn.actor>", "${jndi:ldap://x/a}", "{{.Values}}", "' OR 1=1 --", "");
  }

  private static final Map<String, String> PATHS = Map.of("user", "$.detail.userIdentity.userName");

  /** The actor fact: the user name, or the principal id when the name is blank. */
  private static String actor(String userName) {
    return userName.isBlank() ? "AIDACKCEVSQ6C2EXAMPLE" : userName;
  }

  private static TemplateInput withUser(String user) {
    ObjectNode record = TestRecords.json("reconstructed/corezoid-failed-console-login.json");
    ((ObjectNode) record.get("userIdentity")).put("userName", user);
    return Inputs.of(TestRecords.event(record));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void rawInTheTextOfAStringTemplate(String value) {
    Template t = Template.compile(InputTransformer.of(PATHS, "\"user=<user> actor=<cairn.actor>\""));
    TemplateInput in = withUser(value);
    assertThat(t.render(in)).isEqualTo("user=" + value + " actor=" + actor(value));
    assertThat(parse(t.renderAsEventBridge(in)).textValue()).isEqualTo("user=" + value + " actor=" + actor(value));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void escapedOnceInJson(String value) {
    Template t = Template.compile(InputTransformer.of(PATHS,
        "{\"v\": <user>, \"s\": \"[<user>]\", \"a\": <cairn.actor>, \"raw\": <aws.events.event.json>}"));
    var out = parse(t.render(withUser(value)));
    assertThat(out.get("v").textValue()).isEqualTo(value);
    assertThat(out.get("s").textValue()).isEqualTo("[" + value + "]");
    assertThat(out.get("a").textValue()).isEqualTo(actor(value));
    assertThat(out.get("raw").get("detail").get("userIdentity").get("userName").textValue()).isEqualTo(value);
  }

  @Test
  void noHtmlOrSlackEscaping() {
    Template t = Template.compile(InputTransformer.of(PATHS, "{\"s\": \"<user>\"}"));
    assertThat(t.render(withUser("</script> & <!channel>"))).isEqualTo("{\"s\": \"</script> & <!channel>\"}");
  }

  @Test
  void largeValuesPassThroughWhole() {
    String big = "x".repeat(5 * 1024 * 1024) + "\"";
    Template t = Template.compile(InputTransformer.of(PATHS, "\"<user>\""));
    assertThat(t.render(withUser(big))).isEqualTo(big);
  }
}
