package dev.cairn.alert.render;

import static dev.cairn.alert.render.Inputs.json;
import static dev.cairn.alert.render.Inputs.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.TestRecords;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a placeholder becomes, by value type and context; paths; value maps; Cairn's variables. */
class TemplateRenderTest {
  private static final String EVENT = "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Test\",\"source\":\"test\","
      + "\"account\":\"111111111111\",\"time\":\"2024-01-01T00:00:00Z\",\"region\":\"eu-west-1\",\"resources\":[],"
      + "\"detail\":{\"s\":\"text\",\"n\":42,\"f\":1.5,\"t\":true,\"z\":null,\"o\":{\"a\":\"b\",\"n\":1},"
      + "\"l\":[\"x\",\"y\"],\"rs\":[{\"ARN\":\"arn:1\"},{\"ARN\":\"arn:2\"},{\"type\":\"no arn\"}],\"e\":\"\"}}";

  private static TemplateInput input() {
    return Inputs.of(CloudTrailEvent.ofEnvelope(json(EVENT)));
  }

  private static String render(String path, String template) {
    return Template.compile(InputTransformer.of(Map.of("v", path), template)).render(input());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "$.detail.s  | \"text\"                          | text",
      "$.detail.n  | 42                                | 42",
      "$.detail.f  | 1.5                               | 1.5",
      "$.detail.t  | true                              | true",
      "$.detail.z  | null                              | null",
      "$.detail.o  | {\"a\":\"b\",\"n\":1}             | {\"a\":\"b\",\"n\":1}",
      "$.detail.l  | [\"x\",\"y\"]                     | [\"x\",\"y\"]",
      "$.detail.e  | \"\"                              | ''",
      "$.detail.no | \"\"                              | ''",
      "$.detail.l[1] | \"y\"                           | y",
      "$.detail.l[9] | \"\"                            | ''",
      "$.detail.s.x | \"\"                             | ''",
      "$.detail.l.x | \"\"                             | ''",
      "$.detail.rs[*].ARN | [\"arn:1\",\"arn:2\"]      | [\"arn:1\",\"arn:2\"]",
      "$.detail.o.* | [\"b\",1]                        | [\"b\",1]",
      "$.detail.no[*] | []                             | []",
      "$.account   | \"111111111111\"                  | 111111111111",
      "$.detail-type | \"Test\"                        | Test"})
  void valueAndStringContext(String path, String asValue, String asText) {
    assertThat(render(path, "{\"v\": <v>}")).isEqualTo("{\"v\": " + asValue + "}");
    assertThat(render(path, "\"<v>\"")).isEqualTo(asText);
    assertThat(parse(render(path, "{\"v\": \"[<v>]\"}")).get("v").asText()).isEqualTo("[" + asText + "]");
  }

  @Test
  void jsonTemplatesKeepTheirTextAsWritten() {
    String template = "{\n\t\"a\" :  <v> ,\r\n  \"b\":[ 1 , -2.5e3,\"\\u00e9\\n\" ] ,\"c\":{}}\n";
    assertThat(render("$.detail.s", template))
        .isEqualTo("{\n\t\"a\" :  \"text\" ,\r\n  \"b\":[ 1 , -2.5e3,\"\\u00e9\\n\" ] ,\"c\":{}}\n");
  }

  @Test
  void stringTemplatesDecodeTheirEscapesAndKeepWhitespaceBetweenStrings() {
    Template t = Template.compile(InputTransformer.of(Map.of("v", "$.detail.s"),
        "  \"a\\tb\\\\c\\/d \\u00e9\\ud83d\\ude00\"\n\n  \"<v>\"\t\"\"  "));
    assertThat(t.render(input())).isEqualTo("a\tb\\c/d é\uD83D\uDE00\n\n  text\t");
    assertThat(t.renderAsEventBridge(input())).isEqualTo("  \"a\\tb\\\\c\\/d \\u00e9\\ud83d\\ude00\"\n\n  \"text\"\t\"\"  ");
  }

  @Test
  void valueMapsReplaceScalarsAndCanGiveMissingValuesADefault() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("s", "$.detail.s");
    paths.put("n", "$.detail.n");
    paths.put("t", "$.detail.t");
    paths.put("no", "$.detail.no");
    paths.put("o", "$.detail.o");
    paths.put("other", "$.detail.e");
    Template t = Template.compile(new InputTransformer(paths, "{\"s\": <s>, \"n\": <n>, \"t\": \"<t>\", \"no\": <no>, "
        + "\"o\": <o>, \"other\": <other>}", Map.of("s", Map.of("text", "mapped"), "n", Map.of("42", "forty-two"),
        "t", Map.of("true", "yes"), "no", Map.of("", "n/a"), "o", Map.of("{\"a\":\"b\",\"n\":1}", "never"),
        "other", Map.of("something", "else"))));
    assertThat(t.render(input())).isEqualTo("{\"s\": \"mapped\", \"n\": \"forty-two\", \"t\": \"yes\", \"no\": \"n/a\", "
        + "\"o\": {\"a\":\"b\",\"n\":1}, \"other\": \"\"}");
  }

  @Test
  void cairnVariablesAreTheFacts() {
    CloudTrailEvent event = TestRecords.event("reconstructed/corezoid-failed-console-login.json");
    TemplateInput in = Inputs.of(event);
    StringBuilder template = new StringBuilder("{");
    for (String name : Variables.CAIRN.keySet()) {
      template.append(template.length() > 1 ? ", " : "").append('"').append(name).append("\": <").append(name)
          .append('>');
    }
    var out = parse(Template.compile(InputTransformer.of(template.append('}').toString())).render(in));
    assertThat(out.get("cairn.accountAlias").asText()).isEqualTo("Corezoid Dev");
    assertThat(out.get("cairn.actor").asText()).isEqualTo("JohnDoe");
    assertThat(out.get("cairn.mfa").asText()).isEqualTo("no");
    assertThat(out.get("cairn.outcome").asText()).isEqualTo("failure");
    assertThat(out.get("cairn.sourceIPAddress").asText()).isEqualTo("159.224.244.142");
    assertThat(out.get("cairn.readOnly").isBoolean()).isTrue();
    assertThat(out.get("cairn.rule").asText()).isEqualTo("example");
    assertThat(out.get("cairn.severity").asText()).isEqualTo("high");
    assertThat(out.size()).isEqualTo(Variables.CAIRN.size());
  }

  @Test
  void ingestionTimeIsCairnsReceiptTimeInSeconds() {
    assertThat(Template.compile(InputTransformer.of("\"<aws.events.event.ingestion-time>\"")).render(input()))
        .isEqualTo("2015-11-11T21:30:01Z");
  }

  @Test
  void recordFieldsCoverWhatRenderingReads() {
    var record = TestRecords.json("aws_dataset/api-assumed-role-error.json");
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("who", "$.detail.userIdentity.sessionContext.sessionIssuer.userName");
    paths.put("tls", "$.detail.tlsDetails");
    paths.put("first", "$.detail.resources[0].ARN");
    paths.put("acct", "$.account");
    paths.put("type", "$.detail-type");
    Template t = Template.compile(InputTransformer.of(paths,
        "{\"who\": <who>, \"tls\": <tls>, \"first\": <first>, \"acct\": <acct>, \"type\": <type>, \"e\": <aws.events.event>}"));
    RecordFields fields = t.recordFields();
    assertThat(fields.isWhole()).isFalse();
    CloudTrailEvent partial = TestRecords.onlyFields(record, fields.union(Enricher.recordFields()));
    CloudTrailEvent whole = TestRecords.event(record);
    assertThat(t.render(Inputs.of(partial))).isEqualTo(t.render(Inputs.of(whole)));
  }

  @Test
  void wildcardsReadTheWholeFieldTheyStartFrom() {
    Template t = Template.compile(InputTransformer.of(Map.of("v", "$.detail.resources[*].ARN"), "{\"v\": <v>}"));
    assertThat(t.recordFields()).isEqualTo(RecordFields.of(List.of(List.of("resources"))));
    Template all = Template.compile(InputTransformer.of(Map.of("v", "$.detail"), "{\"v\": <v>}"));
    assertThat(all.recordFields().isWhole()).isTrue();
    Template envelopeOnly = Template.compile(InputTransformer.of(Map.of("v", "$.region"), "{\"v\": <v>}"));
    assertThat(envelopeOnly.recordFields()).isEqualTo(RecordFields.core());
  }

  @Test
  void valuesThatLookLikePlaceholdersAreNotExpanded() {
    Template t = Template.compile(InputTransformer.of(Map.of("v", "$.detail.s", "w", "$.detail.x"),
        "\"<v> <w>\""));
    ObjectNodeEvent e = new ObjectNodeEvent();
    e.detail.put("s", "<w> <aws.events.rule-name>");
    e.detail.put("x", "<v>");
    assertThat(t.render(e.input())).isEqualTo("<w> <aws.events.rule-name> <v>");
  }

  /** A mutable event for tests that set detail fields. */
  static final class ObjectNodeEvent {
    final com.fasterxml.jackson.databind.node.ObjectNode envelope = json(EVENT);
    final com.fasterxml.jackson.databind.node.ObjectNode detail =
        (com.fasterxml.jackson.databind.node.ObjectNode) envelope.get("detail");

    TemplateInput input() {
      return Inputs.of(CloudTrailEvent.ofEnvelope(envelope));
    }
  }
}
