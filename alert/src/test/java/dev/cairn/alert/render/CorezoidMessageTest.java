package dev.cairn.alert.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.alert.TestRecords;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.event.CloudTrailEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the Corezoid message, byte for byte, from a failed console sign-in record, a template
 * and the account map (the config in {@code templates/corezoid.yaml}, the record in {@code
 * records/reconstructed/}).
 */
class CorezoidMessageTest {
  private static final byte[] EXPECTED = ("User: JohnDoe\nAccount: 111111111111\nMFA: False\nType: IAMUser\n\n"
      + "Failed to login in account \"Corezoid Dev\" from ip 159.224.244.142").getBytes(StandardCharsets.UTF_8);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode config() throws Exception {
    try (InputStream in = CorezoidMessageTest.class.getResourceAsStream("/templates/corezoid.yaml")) {
      return YAML.readTree(in);
    }
  }

  private static String render(CloudTrailEvent event) throws Exception {
    JsonNode config = config();
    Map<String, String> accounts = YAML.convertValue(config.get("accounts"), new TypeReference<>() {});
    JsonNode template = config.get("template");
    InputTransformer transformer = new InputTransformer(
        YAML.convertValue(template.get("inputPathsMap"), new TypeReference<Map<String, String>>() {}),
        template.get("inputTemplate").textValue(),
        YAML.convertValue(template.get("valueMaps"), new TypeReference<Map<String, Map<String, String>>>() {}));
    Template compiled = Template.compile("rules.console-login-failed.template.corezoid", transformer);
    Enricher enricher = Enricher.withAccounts(accounts);
    return compiled.render(new TemplateInput(event, enricher.facts(event), "console-login-failed", "", "high",
        Instant.parse("2024-03-14T09:27:00Z")));
  }

  @Test
  void fromTheRecord() throws Exception {
    String text = render(TestRecords.event("reconstructed/corezoid-failed-console-login.json"));
    assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
  }

  @Test
  void fromTheEventBridgeEvent() throws Exception {
    String text = render(TestRecords.event("reconstructed/corezoid-failed-console-login.eventbridge.json"));
    assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
  }

  @Test
  void fromOnlyTheFieldsTheTemplateAndEnrichmentRead() throws Exception {
    var record = TestRecords.json("reconstructed/corezoid-failed-console-login.json");
    JsonNode t = config().get("template");
    Template template = Template.compile(new InputTransformer(
        YAML.convertValue(t.get("inputPathsMap"), new TypeReference<Map<String, String>>() {}),
        t.get("inputTemplate").textValue(), Map.of()));
    var fields = template.recordFields().union(Enricher.recordFields());
    String text = render(TestRecords.onlyFields(record, fields));
    assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
  }

  /** A federated sign-in through the same template does not claim "False": its mfa passes through. */
  @Test
  void aFederatedSignInIsNotFalse() throws Exception {
    var record = TestRecords.json("reconstructed/signin-saml-role.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("userIdentity")).put("userName", "alice");
    assertThat(render(TestRecords.event(record))).contains("\nMFA: federated\n");
  }
}
