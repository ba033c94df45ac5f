package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static CloudTrailEvent record(String json) {
    try {
      return CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(json));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static CloudTrailEvent envelope(String json) {
    try {
      return CloudTrailEvent.ofEnvelope((ObjectNode) JSON.readTree(json));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static final String STOP_LOGGING = """
      {"eventVersion":"1.08","eventTime":"2023-07-10T12:05:01Z","eventSource":"cloudtrail.amazonaws.com",
       "eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9",
       "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333"},
       "eventID":"e-1","eventType":"AwsApiCall","readOnly":false,"recipientAccountId":"111122223333"}""";

  static final String ROOT_SIGN_IN = """
      {"eventVersion":"1.05","eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com",
       "eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0",
       "userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},
       "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},
       "eventID":"e-2","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}""";

  static final String DESCRIBE = """
      {"eventVersion":"1.08","eventTime":"2023-07-10T12:05:01Z","eventSource":"ec2.amazonaws.com",
       "eventName":"DescribeInstances","awsRegion":"eu-west-1","sourceIPAddress":"10.1.2.3",
       "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/x"},
       "eventID":"e-3","eventType":"AwsApiCall","readOnly":true,"recipientAccountId":"111122223333"}""";

  private static RuleSet rules(Rule... rules) throws InvalidRulesException {
    return RuleSet.of(List.of(rules));
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(Rule::id).toList();
  }

  @Test
  void eventBridgePatternMatchesBareRecordThroughSynthesisedEnvelope() throws Exception {
    RuleSet set = rules(Rule.builder("trail-stopped").pattern("""
        {"source":["aws.cloudtrail"],"detail-type":["AWS API Call via CloudTrail"],
         "account":["111122223333"],"region":["us-east-1"],"detail":{"eventName":["StopLogging","DeleteTrail"]}}""").build());

    assertThat(ids(set.match(record(STOP_LOGGING)))).containsExactly("trail-stopped");
    assertThat(set.match(record(DESCRIBE))).isEmpty();
  }

  @Test
  void samePatternMatchesTheEventBridgeEnvelopeItself() throws Exception {
    RuleSet set = rules(Rule.builder("trail-stopped")
        .pattern("{\"source\":[\"aws.cloudtrail\"],\"detail\":{\"eventName\":[\"StopLogging\"]}}").build());
    String wrapped = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"AWS API Call via CloudTrail\","
        + "\"source\":\"aws.cloudtrail\",\"account\":\"111122223333\",\"time\":\"2023-07-10T12:05:01Z\","
        + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + STOP_LOGGING + "}";

    assertThat(ids(set.match(envelope(wrapped)))).containsExactly("trail-stopped");
  }

  @Test
  void consoleSignInHasItsOwnDetailTypeAndSigninSource() throws Exception {
    RuleSet set = rules(Rule.builder("root-sign-in").pattern("""
        {"source":["aws.signin"],"detail-type":["AWS Console Sign In via CloudTrail"],
         "detail":{"userIdentity":{"type":["Root"]}}}""").build());

    assertThat(ids(set.match(record(ROOT_SIGN_IN)))).containsExactly("root-sign-in");
  }

  /**
   * The EventBridge user guide ("AWS service events delivered via AWS CloudTrail") spells it
   * "Signin"; AWS's long-standing sample event and most deployed rules say "Sign In". Both match
   * a bare ConsoleLogin record and an EventBridge event of either spelling.
   */
  @Test
  void bothSignInSpellingsMatchConsoleLogins() throws Exception {
    CloudTrailEvent delivered = envelope("{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"AWS Console Signin via"
        + " CloudTrail\",\"source\":\"aws.signin\",\"account\":\"111122223333\",\"time\":\"2022-11-10T16:24:34Z\","
        + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + ROOT_SIGN_IN + "}");
    for (String spelling : List.of("AWS Console Signin via CloudTrail", "AWS Console Sign In via CloudTrail")) {
      RuleSet set = rules(Rule.builder("sign-in").pattern("{\"source\":[\"aws.signin\"],\"detail-type\":[\"" + spelling
          + "\"],\"detail\":{\"eventName\":[\"ConsoleLogin\"]}}").build(),
          Rule.builder("not-sign-in").pattern("{\"detail-type\":[{\"anything-but\":\"" + spelling + "\"}]}").build());

      assertThat(ids(set.match(record(ROOT_SIGN_IN)))).as(spelling).containsExactly("sign-in");
      assertThat(ids(set.match(delivered))).as(spelling).containsExactly("sign-in");
      assertThat(ids(set.match(record(STOP_LOGGING)))).as(spelling).containsExactly("not-sign-in");
    }
  }

  @Test
  void readOnlyEventsAreNotHiddenAsEventBridgeWouldHideThem() throws Exception {
    RuleSet set = rules(Rule.builder("describe").pattern("{\"detail\":{\"eventName\":[{\"prefix\":\"Describe\"}]}}").build());

    assertThat(ids(set.match(record(DESCRIBE)))).containsExactly("describe");
  }

  @Test
  void eventRulerOperatorsWork() throws Exception {
    RuleSet set = rules(
        Rule.builder("cidr").pattern("{\"detail\":{\"sourceIPAddress\":[{\"cidr\":\"10.0.0.0/8\"}]}}").build(),
        Rule.builder("not-root").pattern("{\"detail\":{\"userIdentity\":{\"type\":[{\"anything-but\":\"Root\"}]}}}").build(),
        Rule.builder("no-error").pattern("{\"detail\":{\"errorCode\":[{\"exists\":false}]}}").build(),
        Rule.builder("wild").pattern("{\"detail\":{\"userIdentity\":{\"arn\":[{\"wildcard\":\"arn:aws:sts::*:assumed-role/ops/*\"}]}}}").build());

    assertThat(ids(set.match(record(DESCRIBE)))).containsExactly("cidr", "not-root", "no-error", "wild");
    assertThat(ids(set.match(record(ROOT_SIGN_IN)))).containsExactly("no-error");
  }

  @Test
  void nonCloudTrailEventBridgeEventsMatchOnTheirEnvelope() throws Exception {
    RuleSet set = rules(Rule.builder("terminated").pattern("""
        {"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}""").build());
    CloudTrailEvent event = envelope("""
        {"version":"0","id":"6a7e8feb","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
         "account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1","resources":[],
         "detail":{"instance-id":"i-0abc","state":"terminated"}}""");

    assertThat(ids(set.match(event))).containsExactly("terminated");
    assertThat(event.isCloudTrail()).isFalse();
    assertThat(event.eventId()).isEqualTo("6a7e8feb");
  }

  @Test
  void allConditionsOfARuleMustHold() throws Exception {
    RuleSet set = rules(Rule.builder("root-no-mfa")
        .pattern("{\"detail\":{\"userIdentity\":{\"type\":[\"Root\"]}}}")
        .predicate(e -> "No".equals(e.additionalEventData().path("MFAUsed").asText()))
        .build());

    assertThat(ids(set.match(record(ROOT_SIGN_IN)))).containsExactly("root-no-mfa");
    assertThat(set.match(record(ROOT_SIGN_IN.replace("\"No\"", "\"Yes\"")))).isEmpty();
  }

  @Test
  void javaPredicatesAreRulesToo() throws Exception {
    RuleSet set = rules(Rule.builder("reads").severity(Severity.LOW)
        .predicate(e -> Boolean.TRUE.equals(e.readOnly())).build());

    assertThat(ids(set.match(record(DESCRIBE)))).containsExactly("reads");
    assertThat(set.match(record(STOP_LOGGING))).isEmpty();
  }

  /**
   * Wildcard complexity is measured per wildcard string and remembered: the same wildcard beside
   * other plain strings gets the same verdict, another wildcard its own.
   */
  @Test
  void wildcardComplexityIsJudgedPerWildcard() {
    String costly = "*" + "a*".repeat(50); // event-ruler's complexity 101, one over the limit
    String shape = "{\"detail\":{\"eventSource\":[\"%s\"],\"eventName\":[{\"wildcard\":\"%s\"}]}}";
    assertThatThrownBy(() -> rules(
            Rule.builder("s3-simple").pattern(shape.formatted("s3.amazonaws.com", "*a*a*")).build(),
            Rule.builder("iam-costly").pattern(shape.formatted("iam.amazonaws.com", costly)).build(),
            Rule.builder("ec2-costly").pattern(shape.formatted("ec2.amazonaws.com", costly)).build(),
            Rule.builder("ec2-simple").pattern(shape.formatted("ec2.amazonaws.com", "*a*a*")).build()))
        .isInstanceOfSatisfying(InvalidRulesException.class, e -> assertThat(e.problems())
            .extracting(RuleProblem::ruleId, RuleProblem::message)
            .containsExactly(
                tuple("iam-costly", "pattern: wildcard complexity 101 is over the limit of 100; simplify its wildcards"),
                tuple("ec2-costly", "pattern: wildcard complexity 101 is over the limit of 100; simplify its wildcards")));
  }

  @Test
  void invalidRulesAreAllReportedAtOnce() {
    assertThatThrownBy(() -> rules(
            Rule.builder("bad id!").predicate(e -> true).build(),
            Rule.builder("empty").build(),
            Rule.builder("leaf").pattern("{\"detail\":{\"eventName\":\"StopLogging\"}}").build(),
            Rule.builder("dup").pattern("{\"source\":[\"a\"]}").build(),
            Rule.builder("dup").pattern("{\"source\":[\"b\"]}").build()))
        .isInstanceOfSatisfying(InvalidRulesException.class, e -> assertThat(e.problems())
            .extracting(RuleProblem::describe)
            .containsExactly(
                "<code>: rule 'bad id!': id must be 1-128 letters, digits or . _ : - but is 'bad id!'",
                "<code>: rule 'empty': has no condition: give a 'pattern', a 'filter', or both",
                "<code>: rule 'leaf': pattern: line 1, column 25: \"eventName\" must be an object or an array:"
                    + " the values to match go in a list; write \"eventName\": [\"StopLogging\"]",
                "<code>: rule 'dup': id is used by another rule already; ids must be unique across all rule files"));
  }

  @Test
  void patternsLongerThanEventBridgeAllowsAreRejected() {
    String huge = "{\"detail\":{\"eventName\":[\"" + "x".repeat(4100) + "\"]}}";
    assertThatThrownBy(() -> rules(Rule.builder("huge").pattern(huge).build()))
        .hasMessageContaining("EventBridge accepts at most 4096");
  }

  @Test
  void patternsWithMoreFieldsThanEventRulerAllowsAreRejected() {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 257; i++) {
      fields.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":[\"x\"]");
    }
    assertThatThrownBy(() -> rules(Rule.builder("wide").pattern("{\"detail\":{" + fields + "}}").build()))
        .hasMessageContaining("exceeds max value of 256");
  }

  @Test
  void loadsYamlWithPatternsAsMappingsOrJsonText() throws Exception {
    Path file = write("rules.yaml", """
        rules:
          - id: trail-stopped
            description: Someone stopped a trail
            severity: high
            pattern:
              source: [aws.cloudtrail]
              detail:
                eventName: [StopLogging]
          - id: signin
            pattern: '{"source": ["aws.signin"]}'
        """);

    RuleSet set = RuleSet.load(List.of(file));

    assertThat(set.rules()).extracting(Rule::id).containsExactly("trail-stopped", "signin");
    assertThat(set.rules().get(0).severity()).isEqualTo(Severity.HIGH);
    assertThat(set.rules().get(0).origin()).hasToString(file + ":2");
    assertThat(ids(set.match(record(STOP_LOGGING)))).containsExactly("trail-stopped");
    assertThat(ids(set.match(record(ROOT_SIGN_IN)))).containsExactly("signin");
  }

  @Test
  void yamlProblemsNameFileLineColumnAndRule() throws Exception {
    Path file = write("bad.yaml", """
        rules:
          - id: one
            severity: urgent
            pattern: {detail: {eventName: StopLogging}}
          - description: no id here
            filter: '{ $.eventName = X }'
          - id: two
            patern: {source: [aws.s3]}
          - id: three
            filter: { $.eventName = X }
        """);

    assertThat(RuleSet.validate(List.of(file))).extracting(RuleProblem::describe).containsExactly(
        file + ":3:15: rule 'one': severity: expected info, low, medium, high or critical but found 'urgent'",
        file + ":4:35: rule 'one': pattern: \"eventName\" must be an object or an array: the values to match go"
            + " in a list; write eventName: [StopLogging]",
        file + ":5:5: missing 'id'",
        file + ":8:5: rule 'two': unknown key 'patern': did you mean 'pattern'?",
        file + ":10:13: rule 'three': filter: expected text but found a mapping;"
            + " quote the filter pattern: filter: '{ $.eventName = X }'");
  }

  @Test
  void brokenYamlAndMissingFilesAreProblemsToo() throws Exception {
    Path broken = write("broken.yaml", "rules:\n  - id: [unclosed\n");
    Path missing = dir.resolve("missing.yaml");
    Path noRules = write("empty.yaml", "other: 1\n");

    List<RuleProblem> problems = RuleSet.validate(List.of(broken, missing, noRules));

    assertThat(problems).extracting(RuleProblem::file)
        .containsExactly(broken.toString(), missing.toString(), noRules.toString(), noRules.toString());
    assertThat(problems.get(0).describe()).startsWith(broken + ":").contains("not valid YAML");
    assertThat(problems.get(1).message()).isEqualTo("no such file");
    assertThat(problems.get(2).describe()).isEqualTo(noRules + ":1:1: unknown key 'other' (expected 'rules')");
    assertThat(problems.get(3).message()).isEqualTo("has no 'rules:' list");
  }

  @Test
  void duplicateIdsAcrossFilesAreCaught() throws Exception {
    Path a = write("a.yaml", "rules:\n  - id: same\n    pattern: {source: [a]}\n");
    Path b = write("b.yaml", "rules:\n  - id: same\n    pattern: {source: [b]}\n");

    assertThat(RuleSet.validate(List.of(a, b))).extracting(RuleProblem::describe)
        .containsExactly(b + ":2:9: rule 'same': id is used by another rule already at " + a
            + ":2; ids must be unique across all rule files");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
