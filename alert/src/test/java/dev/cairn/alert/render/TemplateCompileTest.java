package dev.cairn.alert.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Problems found at configuration time, each with its key path and position. */
class TemplateCompileTest {
  private static final String KEY = "rules.r.template.slack";
  private static final Map<String, String> PATHS = Map.of("user", "$.detail.userIdentity.userName");

  private static List<TemplateProblem> problems(Map<String, String> paths, String template) {
    return problems(new InputTransformer(paths, template, Map.of()));
  }

  private static List<TemplateProblem> problems(InputTransformer transformer) {
    TemplateException e = catchThrowableOfType(TemplateException.class, () -> Template.compile(KEY, transformer));
    assertThat(e).as("rejected").isNotNull();
    return e.problems();
  }

  /** template, line, column, message. */
  static Stream<Arguments> templateProblems() {
    return Stream.of(
        Arguments.of("", 1, 1, "the template is empty"),
        Arguments.of(" \n ", 2, 2, "the template is only whitespace"),
        Arguments.of("user <user>", 1, 1, "a template is a JSON object ({…}) or JSON strings (\"…\"), found 'u'; "
            + "strings need their quotes"),
        Arguments.of("[<user>]", 1, 1, "a template is a JSON object ({…}) or JSON strings (\"…\"), found '['; "
            + "strings need their quotes"),
        Arguments.of("{\"a\": <nobody>}", 1, 7, "undefined placeholder <nobody>: not a key of inputPathsMap (user) "
            + "nor a predefined variable"),
        Arguments.of("{\n  \"a\": 1,\n  \"b\": \"x <nobody>\"\n}", 3, 11, "undefined placeholder <nobody>: not a key "
            + "of inputPathsMap (user) nor a predefined variable"),
        Arguments.of("{<user>: 1}", 1, 2, "a placeholder cannot be an object key"),
        Arguments.of("{\"k<user>\": 1}", 1, 4, "a placeholder cannot be part of an object key"),
        Arguments.of("{\"raw\": \"<aws.events.event.json>\"}", 1, 10, "<aws.events.event.json> can only be a JSON "
            + "value, not part of a string: EventBridge inserts its JSON unescaped"),
        Arguments.of("\"<aws.events.event>\"", 1, 2, "<aws.events.event> can only be a JSON value, not part of a "
            + "string: EventBridge inserts its JSON unescaped (use it in a JSON object template)"),
        Arguments.of("{\"a\": \"x}", 1, 7, "unterminated string: no closing '\"'"),
        Arguments.of("\"line\nbreak\"", 1, 6, "control character U+000A inside a string: write it as an escape "
            + "(\\n, \\t, \\u000a)"),
        Arguments.of("\"bad \\q\"", 1, 6, "invalid escape \\q (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
        Arguments.of("\"bad \\u12G4\"", 1, 6, "\\u needs four hex digits"),
        Arguments.of("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' in the object, found '\"'"),
        Arguments.of("{\"a\": [1 2]}", 1, 10, "expected ',' or ']' in the array, found '2'"),
        Arguments.of("{\"a\" 1}", 1, 6, "expected ':' after the key, found '1'"),
        Arguments.of("{a: 1}", 1, 2, "expected a key in double quotes, found 'a'"),
        Arguments.of("{\"a\": <user>}x", 1, 14, "unexpected 'x' after the JSON object"),
        Arguments.of("{\"a\": < user >}", 1, 7, "unexpected '<': a placeholder is <name>, the name made of letters, "
            + "digits, '_', '-' and '.'"),
        Arguments.of("{\"a\": tru}", 1, 7, "expected a value, found 't'"),
        Arguments.of("{\"a\": 01}", 1, 8, "expected ',' or '}' in the object, found '1'"),
        Arguments.of("{\"a\": -}", 1, 7, "invalid number"),
        Arguments.of("{\"a\": 1.}", 1, 7, "invalid number: digits must follow '.'"),
        Arguments.of("\"a\" x", 1, 5, "unexpected 'x': a string template is one or more JSON strings (\"…\") "
            + "separated by whitespace"),
        Arguments.of("\"<aws.events.rule>\"", 1, 2, "unknown predefined variable <aws.events.rule>; EventBridge's "
            + "are aws.events.rule-arn, aws.events.rule-name, aws.events.event.ingestion-time, aws.events.event, "
            + "aws.events.event.json"),
        Arguments.of("\"\u00e9\u00e9 <cairn.user>\"", 1, 5, "unknown Cairn variable <cairn.user>; Cairn's are "
            + "cairn.account, cairn.accountAlias, cairn.region, cairn.actor, cairn.mfa, cairn.sourceIPAddress, "
            + "cairn.kind, cairn.category, cairn.readOnly, cairn.outcome, cairn.errorCode, cairn.errorMessage, "
            + "cairn.eventName, cairn.eventSource, cairn.eventTime, cairn.userAgent, cairn.principalArn, cairn.rule, "
            + "cairn.severity"),
        Arguments.of("{\"a\": " + "[".repeat(64) + "]".repeat(64) + "}", 1, 70,
            "nested deeper than 64 objects and arrays"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templateProblems")
  void templateProblemsNameThePosition(String template, int line, int column, String message) {
    List<TemplateProblem> problems = problems(PATHS, template);
    assertThat(problems).containsExactly(new TemplateProblem(KEY + ".inputTemplate", line, column,
        problems.get(0).index(), message));
    assertThat(problems.get(0).index()).isBetween(0, template.length());
  }

  @Test
  void theMessageSaysWhereAndWhat() {
    assertThatThrownBy(() -> Template.compile(KEY, InputTransformer.of(PATHS, "{\n \"a\": <usr>\n}")))
        .isInstanceOf(TemplateException.class)
        .hasMessage(KEY + ".inputTemplate: line 2, column 7: undefined placeholder <usr>: not a key of inputPathsMap "
            + "(user) nor a predefined variable");
  }

  @Test
  void everyProblemAtOnceInConfigurationOrder() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("ok", "$.detail.eventName");
    paths.put("bad key", "$.detail.x");
    paths.put("p", "detail.x");
    List<TemplateProblem> problems = problems(new InputTransformer(paths, "{\"a\": <nope>, \"b\": \"<nix>\"}",
        Map.of("gone", Map.of("a", "b"))));
    assertThat(problems).extracting(TemplateProblem::toString).containsExactly(
        KEY + ".inputPathsMap.bad key: variable name 'bad key' may hold only letters, digits, '_' and '-'",
        KEY + ".inputPathsMap.p: line 1, column 1: a path starts with $, e.g. $.detail.eventName",
        KEY + ".valueMaps.gone: 'gone' is not a key of inputPathsMap nor a Cairn variable",
        KEY + ".inputTemplate: line 1, column 7: undefined placeholder <nope>: not a key of inputPathsMap "
            + "(ok, bad key, p) nor a predefined variable",
        KEY + ".inputTemplate: line 1, column 21: undefined placeholder <nix>: not a key of inputPathsMap "
            + "(ok, bad key, p) nor a predefined variable");
  }

  /** path, column, message. */
  static Stream<Arguments> pathProblems() {
    return Stream.of(
        Arguments.of("", 1, "a path is required, e.g. $.detail.eventName"),
        Arguments.of("detail.x", 1, "a path starts with $, e.g. $.detail.eventName"),
        Arguments.of("$.detail['x']", 9, "bracket notation for names is not supported: use dot notation ($.name)"),
        Arguments.of("$..x", 2, "deep scan (..) is not supported"),
        Arguments.of("$.detail.", 10, "expected a field name after '.'"),
        Arguments.of("$.detail.a b", 11, "unexpected ' ': expected '.name', '[index]' or the end"),
        Arguments.of("$.detail.a:b", 11, "unexpected ':': expected '.name', '[index]' or the end"),
        Arguments.of("$.detail[-1]", 9, "expected an array index such as [0], or [*]"),
        Arguments.of("$.detail[0", 9, "expected an array index such as [0], or [*]"),
        Arguments.of("$.detail[?(@.a)]", 9, "expected an array index such as [0], or [*]"),
        Arguments.of("$.detail.@x", 10, "unexpected '@' in a field name (letters, digits, '-', '_', '/')"),
        Arguments.of("$." + "a".repeat(255), 257, "longer than 256 characters (257)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pathProblems")
  void pathProblemsNameTheColumn(String path, int column, String message) {
    List<TemplateProblem> problems = problems(Map.of("v", path), "{\"v\": <v>}");
    assertThat(problems).containsExactly(new TemplateProblem(KEY + ".inputPathsMap.v", 1, column, column - 1,
        message));
  }

  @Test
  void theDocumentedPathSyntaxCompiles() {
    for (String path : List.of("$", "$.detail", "$.detail-type", "$.detail.requestParameters.x-amz-acl",
        "$.resources[0]", "$.detail.resources[*].ARN", "$.detail.*", "$.detail.a_b/c", "$[*]", "$.detail.a[10][2]")) {
      Template.compile(InputTransformer.of(Map.of("v", path), "{\"v\": <v>}"));
    }
  }

  static Stream<Arguments> keyProblems() {
    return Stream.of(
        Arguments.of("", "a variable needs a name"),
        Arguments.of("a".repeat(257), "variable name longer than 256 characters"),
        Arguments.of("aws.events.rule-name", "'aws.events.rule-name' is reserved for EventBridge's predefined variables"),
        Arguments.of("AWS.mine", "'AWS.mine' is reserved for EventBridge's predefined variables"),
        Arguments.of("cairn.actor", "'cairn.actor' is reserved for Cairn's variables (cairn.*)"),
        Arguments.of("dotted.name", "variable name 'dotted.name' may hold only letters, digits, '_' and '-'"),
        Arguments.of("ünïcode", "variable name 'ünïcode' may hold only letters, digits, '_' and '-'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyProblems")
  void keyProblemsNameTheKey(String key, String message) {
    List<TemplateProblem> problems = problems(Map.of(key, "$.detail.eventName"), "\"x\"");
    assertThat(problems).containsExactly(TemplateProblem.of(KEY + ".inputPathsMap." + key, message));
  }

  @Test
  void theLongestKeyAndAHundredPathsAreAccepted() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("k".repeat(256), "$.detail.eventName");
    for (int i = 1; i < 100; i++) {
      paths.put("v" + i, "$.detail.v" + i);
    }
    Template.compile(InputTransformer.of(paths, "\"x\""));
    paths.put("v100", "$.detail.v100");
    assertThat(problems(paths, "\"x\"")).containsExactly(
        TemplateProblem.of(KEY + ".inputPathsMap", "has 101 entries; EventBridge allows at most 100"));
  }

  @Test
  void templatesUpTo8192Characters() {
    String longest = "\"" + "x".repeat(Template.MAX_TEMPLATE_LENGTH - 2) + "\"";
    Template.compile(InputTransformer.of(longest));
    String tooLong = "\"" + "x".repeat(Template.MAX_TEMPLATE_LENGTH - 1) + "\"";
    assertThat(problems(Map.of(), tooLong)).containsExactly(new TemplateProblem(KEY + ".inputTemplate", 1, 8193, 8192,
        "longer than 8192 characters (8193)"));
  }

  @Test
  void valueMapsNeedAVariableTheyCanMap() {
    assertThat(problems(new InputTransformer(Map.of(), "\"x\"", Map.of("aws.events.rule-name", Map.of()))))
        .containsExactly(TemplateProblem.of(KEY + ".valueMaps.aws.events.rule-name",
            "EventBridge's predefined variables have no value maps"));
    Map<String, String> big = new LinkedHashMap<>();
    for (int i = 0; i <= Template.MAX_VALUE_MAP_ENTRIES; i++) {
      big.put("k" + i, "v");
    }
    assertThat(problems(new InputTransformer(Map.of(), "\"x\"", Map.of("cairn.mfa", big))))
        .containsExactly(TemplateProblem.of(KEY + ".valueMaps.cairn.mfa", "has 1001 entries; at most 1000"));
  }

  @Test
  void withoutAKeyPathProblemsNameTheFieldAlone() {
    TemplateException e = catchThrowableOfType(TemplateException.class,
        () -> Template.compile(InputTransformer.of("")));
    assertThat(e.problems()).extracting(TemplateProblem::keyPath).containsExactly("inputTemplate");
  }

  @Test
  void notPlaceholdersInsideStrings() {
    Template t = Template.compile(InputTransformer.of(
        "\"a < b, </script>, <!channel>, <@U024BE7LH>, <a href=x>, << >>, <, \\u003cuser>\""));
    assertThat(t.render(Inputs.of(Inputs.ec2())))
        .isEqualTo("a < b, </script>, <!channel>, <@U024BE7LH>, <a href=x>, << >>, <, <user>");
  }
}
