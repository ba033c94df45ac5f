package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn validate} as a new user meets it: every problem of every rule at once, each on the
 * key, value or character of the file it is about, in words that say what to write instead.
 */
class RuleValidationTest {
  @TempDir Path dir;

  private List<String> validate(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("rules.yaml"), yaml);
    return RuleSet.validate(List.of(file)).stream()
        .map(p -> p.line() + ":" + p.column() + (p.warning() ? " warning: " : " ") + p.message()).toList();
  }

  @Test
  void aRuleWithThreeProblemsReportsAllThree() throws IOException {
    assertThat(validate("""
        rules:
          - id: r
            severity: huge
            filter: '{ $.eventName = }'
            pattern: '{"detail": {"eventName": "ConsoleLogin"}}'
        """)).containsExactly(
        "3:15 severity: expected info, low, medium, high or critical but found 'huge'",
        "4:30 filter: expected a value after '=' but found '}'",
        "5:41 pattern: \"eventName\" must be an object or an array: the values to match go in a list;"
            + " write \"eventName\": [\"ConsoleLogin\"]");
  }

  @Test
  void filterPositionsSeeThroughQuotesAndEscapes() throws IOException {
    assertThat(validate("""
        rules:
          - id: single
            filter: '{ $.a = ''x'' && $.b = %(x)% }'
          - id: double
            filter: "{ $.a = \\"x\\" && $.b > abc }"
          - id: plain
            filter: ERROR-disk
        """)).containsExactly(
        "3:38 filter: character '(' is not allowed in a regex; allowed are letters, digits, the symbols"
            + " _ # = @ / ; , - : and the operators ^ $ ? [ ] { } | \\ * + . and spaces (no parentheses,"
            + " other whitespace or multi-byte characters)",
        "5:37 filter: expected a number after '>' but found 'abc'; '>' compares numbers only",
        "7:18 filter: unexpected '-' after term 'ERROR'; separate terms with spaces and double-quote terms"
            + " that contain characters other than letters, digits and '_'");
  }

  @Test
  void patternsWrittenAsYamlArePointedAtInTheFileNotInAJsonCopy() throws IOException {
    assertThat(validate("""
        rules:
          - id: y
            pattern:
              source: [aws.signin]
              detail:
                eventName: ConsoleLogin
          - id: empty
            pattern:
              detail:
                eventName: []
        """)).containsExactly(
        "6:20 pattern: \"eventName\" must be an object or an array: the values to match go in a list;"
            + " write eventName: [ConsoleLogin]",
        "10:9 pattern: Empty arrays are not allowed: an empty list matches nothing; list at least one value,"
            + " or leave the field out");
  }

  @Test
  void patternsPastedOverSeveralLinesArePointedAtTheirLine() throws IOException {
    assertThat(validate("""
        rules:
          - id: block
            pattern: |
              {"detail": {
                 "eventName": "ConsoleLogin"}}
        """)).containsExactly("5:27 pattern: \"eventName\" must be an object or an array: the values to match go in a"
        + " list; write \"eventName\": [\"ConsoleLogin\"]");
  }

  @Test
  void indentationMistakesAreExplainedAtTheirLine() throws IOException {
    assertThat(validate("""
        rules:
          - id: x
           filter: y
        """)).singleElement().asString()
        .startsWith("3:4 not valid YAML: this line's indentation does not fit the lines above it");
    assertThat(validate("rules:\n  - id: x\n\tfilter: y\n")).singleElement().asString()
        .contains("a tab is used for indentation here; YAML allows only spaces");
    assertThat(validate("rules:\n  - id: x\n    filter: a: b\n")).singleElement().asString()
        .startsWith("3:14 not valid YAML: a ':' where YAML does not expect a new key");
  }

  @Test
  void aMisspeltRulesKeyIsNamedAndItsRulesAreCheckedAnyway() throws IOException {
    assertThat(validate("""
        rule:
          - id: x
            severity: loud
            filter: ERROR
        """)).containsExactly(
        "1:1 unknown key 'rule': did you mean 'rules:'?",
        "3:15 severity: expected info, low, medium, high or critical but found 'loud'");
  }

  @Test
  void lintsAreWarningsAndTheRulesStillLoad() throws Exception {
    String yaml = """
        rules:
          - id: star
            filter: '{ $.userIdentity.arn = arn:aws:iam::*:root }'
          - id: never
            filter: '{ $.eventName = StopLogging && $.eventName = DeleteTrail }'
          - id: optional
            filter: '?ERROR ?WARN REQUEST'
        """;
    assertThat(validate(yaml)).containsExactly(
        "3:50 warning: filter: '*' in the middle of 'arn:aws:iam::*:root' is a literal character, not a wildcard"
            + " (only a leading or trailing '*' is); to match any text there, use a regex: %^arn:aws:iam::.*:root$%",
        "5:45 warning: filter: this pattern can never match: $.eventName cannot equal both StopLogging and"
            + " DeleteTrail ('&&' needs both); did you mean '||'?",
        "7:14 warning: filter: this '?' term is ignored: AWS ignores optional terms when the pattern also has"
            + " terms without '?'; write only '?' terms to match any of them",
        "7:21 warning: filter: this '?' term is ignored: AWS ignores optional terms when the pattern also has"
            + " terms without '?'; write only '?' terms to match any of them");
    assertThat(RuleSet.load(List.of(dir.resolve("rules.yaml"))).rules()).hasSize(3);
  }

  @Test
  void aMisspeltKeyIsSuggestedAndNotAlsoReportedAsAMissingCondition() throws IOException {
    assertThat(validate("rules:\n  - id: x\n    filtre: ERROR\n"))
        .containsExactly("3:5 unknown key 'filtre': did you mean 'filter'?");
  }
}
