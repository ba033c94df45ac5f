package dev.cairn.match.filterpattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared correctness corpus {@code filter-patterns/cases.json}: each case runs against the
 * fast evaluator and the reference interpreter, and both must give the expected answer. Add every
 * bug report here as a new case. An {@code event} that is a JSON object is the message as JSON; a
 * string event is the raw message (parsed as JSON when it is JSON).
 */
class CorpusTest {

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = CorpusTest.class.getResourceAsStream("/filter-patterns/cases.json")) {
      List<Arguments> cases = new ArrayList<>();
      for (JsonNode c : Events.MAPPER.readTree(in)) {
        cases.add(Arguments.of(c.get("name").asText(), c.get("pattern").asText(), c.get("event"),
            c.get("expected").asBoolean()));
      }
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fastAndReferenceAgreeWithTheExpectedResult(String name, String pattern, JsonNode event, boolean expected)
      throws InvalidPatternException {
    String message = event.isTextual() ? event.textValue() : event.toString();
    JsonNode json = event.isTextual() ? Events.jsonOrNull(message) : event;
    assertThat(FilterPattern.compile(pattern).matches(json, () -> message)).as("fast: " + name).isEqualTo(expected);
    assertThat(ReferenceInterpreter.matches(pattern, json, message)).as("reference: " + name).isEqualTo(expected);
  }
}
