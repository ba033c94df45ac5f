package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped rule pack {@code rules/cis-aws-foundations.yaml}, loaded as users load it. */
class CisPackTest {
  private static final Path PACK = Path.of("../rules/cis-aws-foundations.yaml");

  @Test
  void hasTheFifteenControlsWithTheirFiltersCharacterForCharacter() throws Exception {
    RuleSet pack = RuleSet.load(List.of(PACK));
    JsonNode reference = reference();

    assertThat(pack.rules()).extracting(Rule::id).containsExactly(
        "cis-4.1", "cis-4.2", "cis-4.3", "cis-4.4", "cis-4.5", "cis-4.6", "cis-4.7", "cis-4.8",
        "cis-4.9", "cis-4.10", "cis-4.11", "cis-4.12", "cis-4.13", "cis-4.14", "cis-4.15");
    for (int i = 0; i < 15; i++) {
      assertThat(pack.rules().get(i).filter()).isEqualTo(reference.get(i).get("pattern").asText());
    }
  }

  @Test
  void eachControlMatchesItsExamplesAndOnlyThose() throws Exception {
    RuleSet pack = RuleSet.load(List.of(PACK));
    for (JsonNode control : reference()) {
      String id = control.get("id").asText();
      for (JsonNode record : control.get("matching")) {
        assertThat(ids(pack.match(CloudTrailEvent.ofRecord((ObjectNode) record)))).as(id).contains(id);
      }
      for (JsonNode record : control.get("notMatching")) {
        assertThat(ids(pack.match(CloudTrailEvent.ofRecord((ObjectNode) record)))).as(id).doesNotContain(id);
      }
    }
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(Rule::id).toList();
  }

  private static JsonNode reference() throws Exception {
    try (InputStream in = CisPackTest.class.getResourceAsStream("/filter-patterns/cis.json")) {
      return new ObjectMapper().readTree(in);
    }
  }
}
