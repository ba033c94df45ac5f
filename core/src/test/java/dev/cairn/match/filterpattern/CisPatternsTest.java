package dev.cairn.match.filterpattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 15 CIS AWS Foundations monitoring patterns (cis-4.1 … cis-4.15), character for character,
 * against realistic CloudTrail records in {@code filter-patterns/cis.json}.
 */
class CisPatternsTest {

  static List<JsonNode> controls() throws IOException {
    try (InputStream in = CisPatternsTest.class.getResourceAsStream("/filter-patterns/cis.json")) {
      List<JsonNode> controls = new ArrayList<>();
      Events.MAPPER.readTree(in).forEach(controls::add);
      return controls;
    }
  }

  static Stream<Arguments> records() throws IOException {
    List<Arguments> args = new ArrayList<>();
    for (JsonNode control : controls()) {
      String id = control.get("id").asText();
      String pattern = control.get("pattern").asText();
      control.get("matching").forEach(r -> args.add(Arguments.of(id, pattern, r, true)));
      control.get("notMatching").forEach(r -> args.add(Arguments.of(id, pattern, r, false)));
    }
    return args.stream();
  }

  @Test
  void allFifteenControlsArePresentAndCompile() throws Exception {
    List<JsonNode> controls = controls();
    assertThat(controls).hasSize(15);
    for (JsonNode control : controls) {
      assertThat(FilterPattern.compile(control.get("pattern").asText()).text())
          .isEqualTo(control.get("pattern").asText());
    }
  }

  @ParameterizedTest(name = "{0} {3}: {2}")
  @MethodSource("records")
  void matchesRealisticRecords(String id, String pattern, JsonNode record, boolean expected)
      throws InvalidPatternException {
    String text = record.toString();
    assertThat(FilterPattern.compile(pattern).matches(record, () -> text)).as(id).isEqualTo(expected);
  }
}
