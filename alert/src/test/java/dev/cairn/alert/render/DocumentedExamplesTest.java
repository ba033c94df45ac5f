package dev.cairn.alert.render;

import static dev.cairn.alert.render.Inputs.json;
import static dev.cairn.alert.render.Inputs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.CloudTrailEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input-transformer example of the EventBridge user guide
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html), the
 * InputTransformer API reference
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html), the
 * spec (input-transformer-and-envelope.md §3) and the behaviour LocalStack recorded against AWS
 * (localstack tests/aws/services/events/test_events_inputs.snapshot.json), with the output each
 * documents. Where Cairn differs on purpose (valid JSON, values escaped in strings) the test says so.
 */
class DocumentedExamplesTest {
  private static final Map<String, String> EC2_PATHS = paths(
      "timestamp", "$.time", "instance", "$.detail.instance-id", "state", "$.detail.state", "resource",
      "$.resources[0]");

  private static Map<String, String> paths(String... keysAndPaths) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndPaths.length; i += 2) {
      map.put(keysAndPaths[i], keysAndPaths[i + 1]);
    }
    return map;
  }

  private static Template compile(Map<String, String> paths, String template) {
    return Template.compile(InputTransformer.of(paths, template));
  }

  /** The user guide's table: description, template, EventBridge's output (exact text). */
  static Stream<Arguments> userGuideExactOutputs() {
    return Stream.of(
        Arguments.of("Simple string", "\"instance <instance> is in <state>\"",
            "\"instance i-0123456789 is in RUNNING\"", "instance i-0123456789 is in RUNNING"),
        Arguments.of("String with escaped quotes", "\"instance \\\"<instance>\\\" is in <state>\"",
            "\"instance \\\"i-0123456789\\\" is in RUNNING\"", "instance \"i-0123456789\" is in RUNNING"),
        Arguments.of("Simple JSON", "{\n  \"instance\" : <instance>,\n  \"state\": <state>\n}",
            "{\n  \"instance\" : \"i-0123456789\",\n  \"state\": \"RUNNING\"\n}", null),
        Arguments.of("JSON with strings and variables",
            "{\n \"instance\" : <instance>,\n \"state\": \"<state>\",\n \"instanceStatus\": \"instance \\\"<instance>\\\" is in <state>\"\n}",
            "{\n \"instance\" : \"i-0123456789\",\n \"state\": \"RUNNING\",\n \"instanceStatus\": \"instance \\\"i-0123456789\\\" is in RUNNING\"\n}",
            null),
        Arguments.of("Including reserved variables in a string", "\"<aws.events.rule-name> triggered\"",
            "\"example triggered\"", "example triggered"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userGuideExactOutputs")
  void userGuideExamples(String description, String template, String eventBridgeOutput, String text) {
    Template t = compile(EC2_PATHS, template);
    TemplateInput input = Inputs.of(Inputs.ec2());
    assertThat(t.renderAsEventBridge(input)).isEqualTo(eventBridgeOutput);
    assertThat(t.render(input)).isEqualTo(text != null ? text : eventBridgeOutput);
    assertThat(t.form()).isEqualTo(text != null ? Template.Form.STRING : Template.Form.JSON);
  }

  @Test
  void userGuideJsonWithAMixOfVariablesAndStaticInformation() {
    Template t = compile(EC2_PATHS, "{\n  \"instance\" : <instance>,\n  \"state\": [ 9, <state>, true ],\n"
        + "  \"Transformed\" : \"Yes\"\n}");
    assertThat(parse(t.render(Inputs.of(Inputs.ec2())))).isEqualTo(parse(
        "{\"instance\": \"i-0123456789\", \"state\": [9, \"RUNNING\", true], \"Transformed\": \"Yes\"}"));
  }

  @Test
  void userGuideIncludingReservedVariablesInJson() {
    Template t = compile(EC2_PATHS, """
        {
          "instance" : <instance>,
          "state": <state>,
          "ruleArn" : <aws.events.rule-arn>,
          "ruleName" : <aws.events.rule-name>,
          "originalEvent" : <aws.events.event.json>
        }\
        """);
    var out = parse(t.render(Inputs.of(Inputs.ec2())));
    assertThat(out.get("ruleArn").asText()).isEqualTo("arn:aws:events:us-east-2:123456789012:rule/example");
    assertThat(out.get("ruleName").asText()).isEqualTo("example");
    assertThat(out.get("originalEvent")).isEqualTo(parse(Inputs.EC2_EVENT));
    assertThat(t.recordFields().isWhole()).isTrue();
  }

  /**
   * The guide shows {@code "timestamp" : 2015-11-11T21:29:54Z} and {@code "instance
   * "i-0123456789" is in RUNNING} (no quotes, quotes unescaped): not JSON. Cairn quotes string
   * values and escapes them inside strings.
   */
  @Test
  void userGuideCloudWatchLogGroupAsValidJson() {
    Template t = compile(EC2_PATHS, "{\n  \"timestamp\" : <timestamp>,\n  \"message\": \"instance \\\"<instance>\\\" is in <state>\"\n}");
    assertThat(t.render(Inputs.of(Inputs.ec2()))).isEqualTo(
        "{\n  \"timestamp\" : \"2015-11-11T21:29:54Z\",\n  \"message\": \"instance \\\"i-0123456789\\\" is in RUNNING\"\n}");
  }

  @Test
  void userGuideArrayIndexPath() {
    Template t = compile(EC2_PATHS, "\"<resource>\"");
    assertThat(t.render(Inputs.of(Inputs.ec2()))).isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111");
  }

  @Test
  void apiReferenceJsonWithVariablesInQuotesOrOut() {
    CloudTrailEvent event = CloudTrailEvent.ofEnvelope(json("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"x\","
        + "\"source\":\"s\",\"account\":\"123456789012\",\"time\":\"2015-11-11T21:29:54Z\",\"region\":\"us-east-1\","
        + "\"resources\":[],\"detail\":{\"instance\":\"i-0123456789\",\"status\":\"RUNNING\"}}"));
    Template t = compile(paths("instance", "$.detail.instance", "status", "$.detail.status"),
        "{\"myInstance\": <instance>,\"myStatus\": \"<instance> is in state \\\"<status>\\\"\"}");
    assertThat(t.render(Inputs.of(event))).isEqualTo(
        "{\"myInstance\": \"i-0123456789\",\"myStatus\": \"i-0123456789 is in state \\\"RUNNING\\\"\"}");
  }

  /**
   * The API reference shows {@code "InputTemplate": "<instance> is in state <status>"}, a template
   * without quotes; the user guide says "For Strings, quotes are required". The guide wins:
   * rejected, with the reason.
   */
  @Test
  void apiReferenceUnquotedStringIsRejectedAsTheUserGuideRequiresQuotes() {
    Map<String, String> paths = paths("instance", "$.detail.instance", "status", "$.detail.status");
    assertThatThrownBy(() -> compile(paths, "<instance> is in state <status>"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("inputTemplate: line 1, column 1: a template is a JSON object ({…}) or JSON strings (\"…\"), "
            + "found '<'; a placeholder alone must be quoted (\"<name>\") or be a value in an object; strings need "
            + "their quotes");
    assertThatThrownBy(() -> compile(paths, "<instance> is in state \"<status>\""))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void specApiShapeExample() {
    Template t = compile(paths("user", "$.detail.userIdentity.arn", "action", "$.detail.eventName", "ip",
            "$.detail.sourceIPAddress"),
        "{\"who\": <user>, \"what\": <action>, \"summary\": \"<user> called <action> from <ip>\", \"rule\": "
            + "<aws.events.rule-name>}");
    CloudTrailEvent event = dev.cairn.alert.TestRecords.event("aws-docs/api-assumed-role-delete-bucket.json");
    assertThat(t.render(Inputs.of(event))).isEqualTo("{\"who\": \"arn:aws:sts::777788889999:assumed-role/"
        + "AssumeNothing/devdsk\", \"what\": \"DeleteBucket\", \"summary\": \"arn:aws:sts::777788889999:assumed-role/"
        + "AssumeNothing/devdsk called DeleteBucket from 192.0.2.1\", \"rule\": \"example\"}");
  }

  /** The spec's worked example: a quote in the ARN breaks EventBridge's JSON, not Cairn's. */
  @Test
  void specWorkedExampleWithAQuoteInTheArn() {
    CloudTrailEvent event = CloudTrailEvent.ofRecord(json("{\"eventVersion\":\"1.08\",\"eventName\":\"DeleteTrail\","
        + "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventType\":\"AwsApiCall\",\"eventID\":\"e1\","
        + "\"eventTime\":\"2024-01-01T00:00:00Z\",\"awsRegion\":\"us-east-1\",\"recipientAccountId\":\"1\","
        + "\"userIdentity\":{\"arn\":\"arn:aws:iam::1:user/al\\\"ice\"},\"sourceIPAddress\":\"203.0.113.9\"}"));
    Template t = compile(paths("who", "$.detail.userIdentity.arn", "what", "$.detail.eventName", "where",
            "$.detail.sourceIPAddress"),
        "{\"title\": \"<what> by <who>\", \"actor\": <who>, \"ip\": \"<where>\", \"raw\": <aws.events.event.json>}");
    String out = t.render(Inputs.of(event));
    assertThat(out).startsWith("{\"title\": \"DeleteTrail by arn:aws:iam::1:user/al\\\"ice\", \"actor\": "
        + "\"arn:aws:iam::1:user/al\\\"ice\", \"ip\": \"203.0.113.9\", \"raw\": {");
    var json = parse(out);
    assertThat(json.get("title").asText()).isEqualTo("DeleteTrail by arn:aws:iam::1:user/al\"ice");
    assertThat(json.get("actor").asText()).isEqualTo("arn:aws:iam::1:user/al\"ice");
    assertThat(json.get("raw").get("detail").get("userIdentity").get("arn").asText())
        .isEqualTo("arn:aws:iam::1:user/al\"ice");
    assertThat(json.get("raw").get("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
  }

  // ---- behaviour LocalStack recorded against AWS (test_events_inputs.snapshot.json) --------------

  private static final String CUSTOM_EVENT = "{\"version\":\"0\",\"id\":\"0a787ecb-0000-4015-8e2c-000000000001\","
      + "\"detail-type\":\"core.update-account-command\",\"source\":\"core.update-account-command\","
      + "\"account\":\"111111111111\",\"time\":\"2024-05-13T12:27:20Z\",\"region\":\"us-east-1\",\"resources\":[],"
      + "\"detail\":{\"command\":\"update-account\",\"payload\":{\"acc_id\":\"0a787ecb-4015\",\"sf_id\":\"baz\"},"
      + "\"listsingle\":[\"HIGH\"],\"listmulti\":[\"ACTIVE\",\"INACTIVE\"],\"valid\":true}}";

  private static TemplateInput custom() {
    return Inputs.of(CloudTrailEvent.ofEnvelope(json(CUSTOM_EVENT)));
  }

  @Test
  void awsMissingPathGivesAnEmptyStringInAStringTemplate() {
    Template t = compile(paths("detail-type", "$.detail-type", "timestamp", "$.time", "command", "$.detail.notinmessage"),
        "\"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>\"");
    assertThat(t.renderAsEventBridge(custom())).isEqualTo(
        "\"Event of core.update-account-command type, at time 2024-05-13T12:27:20Z, info extracted from detail \"");
  }

  @Test
  void awsMissingPathGivesAnEmptyStringAsAValue() {
    Template t = compile(paths("detail-type", "$.detail-type", "timestamp", "$.time", "command", "$.detail.notinmessage"),
        "{\"detailType\": <detail-type>,  \"time\": <timestamp>, \"command\": <command>}");
    assertThat(t.render(custom())).isEqualTo(
        "{\"detailType\": \"core.update-account-command\",  \"time\": \"2024-05-13T12:27:20Z\", \"command\": \"\"}");
  }

  @Test
  void awsEventWithoutDetailSpellsDetailTypeAsDetailType() {
    Template t = compile(Map.of(), "{\"originalEvent\": <aws.events.event>, \"originalEventJson\": <aws.events.event.json>}");
    var out = parse(t.render(custom()));
    assertThat(out.get("originalEvent").toString()).isEqualTo("{\"id\":\"0a787ecb-0000-4015-8e2c-000000000001\","
        + "\"account\":\"111111111111\",\"detailType\":\"core.update-account-command\",\"time\":\"2024-05-13T12:27:20Z\","
        + "\"source\":\"core.update-account-command\",\"region\":\"us-east-1\",\"resources\":[],\"version\":\"0\"}");
    assertThat(out.get("originalEventJson")).isEqualTo(parse(CUSTOM_EVENT));
  }

  @Test
  void awsPredefinedVariablesInAString() {
    Template t = compile(Map.of(), "\"Message containing all pre defined variables <aws.events.rule-arn> "
        + "<aws.events.rule-name> <aws.events.event.ingestion-time>\"");
    assertThat(t.render(custom())).isEqualTo("Message containing all pre defined variables "
        + "arn:aws:events:us-east-2:123456789012:rule/example example 2015-11-11T21:30:01Z");
  }

  @Test
  void awsValuesOfEveryType() {
    Map<String, String> paths = paths("userId", "$.detail.payload.acc_id", "payload", "$.detail.payload",
        "systemstring", "$.detail.awsAccountId", "listsingle", "$.detail.listsingle", "listmulti",
        "$.detail.listmulti", "valid", "$.detail.valid");
    assertThat(compile(paths, "{\"method\": \"PUT\", \"path\": \"users-service/users/<userId>\", \"bod\": <payload>}")
        .render(custom())).isEqualTo("{\"method\": \"PUT\", \"path\": \"users-service/users/0a787ecb-4015\", "
        + "\"bod\": {\"acc_id\":\"0a787ecb-4015\",\"sf_id\":\"baz\"}}");
    assertThat(compile(paths, "{\"id\" : <userId>}").render(custom())).isEqualTo("{\"id\" : \"0a787ecb-4015\"}");
    assertThat(compile(paths, "{\"id\" : \"<userId>\"}").render(custom())).isEqualTo("{\"id\" : \"0a787ecb-4015\"}");
    assertThat(compile(paths, "{\"method\": \"PUT\", \"path\": \"users-service/users/<userId>\", \"bod\": "
        + "[<userId>, \"hardcoded\"]}").render(custom())).isEqualTo("{\"method\": \"PUT\", \"path\": "
        + "\"users-service/users/0a787ecb-4015\", \"bod\": [\"0a787ecb-4015\", \"hardcoded\"]}");
    assertThat(compile(paths, "{\"singlelistitem\": <listsingle>}").render(custom()))
        .isEqualTo("{\"singlelistitem\": [\"HIGH\"]}");
    assertThat(compile(paths, "{\"multi_replacement\": \"users/<userId>/second/<userId>\"}").render(custom()))
        .isEqualTo("{\"multi_replacement\": \"users/0a787ecb-4015/second/0a787ecb-4015\"}");
    assertThat(compile(paths, "\"Command is <valid>!\"").renderAsEventBridge(custom()))
        .isEqualTo("\"Command is true!\"");
    assertThat(compile(paths, "\"{[/Check with special starting characters for event of <userId> type\"")
        .render(custom())).isEqualTo("{[/Check with special starting characters for event of 0a787ecb-4015 type");
  }

  /**
   * AWS accepts several quoted strings on their own lines and sends them as written. Objects and
   * arrays inside strings: AWS strips their quotes ({@code [HIGH]}, {@code {acc_id:…}}); Cairn
   * keeps their JSON ({@code ["HIGH"]}), escaped in the EventBridge form, raw in the text.
   */
  @Test
  void awsSeveralStringsOnTheirOwnLines() {
    Map<String, String> paths = paths("userId", "$.detail.payload.acc_id", "payload", "$.detail.payload",
        "systemstring", "$.detail.awsAccountId", "listsingle", "$.detail.listsingle");
    Template t = compile(paths, "\"<listsingle> single list item\"\n\"<systemstring> system account id\"\n"
        + "\"<payload> payload\"\n\"<userId> user id\"");
    assertThat(t.renderAsEventBridge(custom())).isEqualTo("""
        "[\\"HIGH\\"] single list item"
        " system account id"
        "{\\"acc_id\\":\\"0a787ecb-4015\\",\\"sf_id\\":\\"baz\\"} payload"
        "0a787ecb-4015 user id"\
        """);
    assertThat(t.render(custom())).isEqualTo("[\"HIGH\"] single list item\n system account id\n"
        + "{\"acc_id\":\"0a787ecb-4015\",\"sf_id\":\"baz\"} payload\n0a787ecb-4015 user id");
  }

  @Test
  void awsRejectsAnUndefinedPlaceholder() {
    assertThatThrownBy(() -> Template.compile("rules.r1.template.sqs", InputTransformer.of(
            paths("detail-type", "$.detail-type", "timestamp", "$.time", "command", "$.detail.command"),
            "\"Event of <detail-type> type, with not defined key <notdefinedkey>\"")))
        .isInstanceOf(TemplateException.class)
        .hasMessage("rules.r1.template.sqs.inputTemplate: line 1, column 52: undefined placeholder <notdefinedkey>: "
            + "not a key of inputPathsMap (detail-type, timestamp, command) nor a predefined variable");
  }
}
