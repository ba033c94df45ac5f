package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/**
 * Wildcard complexity is judged per wildcard string, never by walking every set of states a value
 * can reach (which event-ruler's evaluator does, in time exponential in a field's wildcards).
 */
class WildcardComplexityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Rule rule(String id, List<String> wildcards) {
    String matchers = wildcards.stream().map(w -> "{\"wildcard\":\"" + w + "\"}").collect(Collectors.joining(","));
    return Rule.builder(id).pattern("{\"detail\":{\"eventName\":[" + matchers + "]}}").build();
  }

  private static List<String> contains(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "*a" + i + "*").toList();
  }

  /** Twenty values like *a1*: event-ruler's evaluator took 15 s for sixteen of them, and minutes for twenty. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void manyWildcardsOnOneFieldLoadAtOnce() throws Exception {
    RuleSet set = RuleSet.of(List.of(rule("twenty", contains(1, 20))));
    assertThat(set.rules()).hasSize(1);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void tooManyAreRefusedWithWhereAndWhatToDo() {
    assertThatThrownBy(() -> RuleSet.of(List.of(rule("forty", contains(1, 40)))))
        .isInstanceOfSatisfying(InvalidRulesException.class, e -> assertThat(e.problems())
            .extracting(RuleProblem::message)
            .containsExactly("pattern: the 40 wildcards on detail.eventName could reach a wildcard complexity over"
                + " the limit of 100 (each adds its own); use fewer or simpler ones, or split them across rules"));
  }

  @Test
  void splitAcrossRulesTheyLoad() throws Exception {
    assertThat(RuleSet.of(List.of(rule("first", contains(1, 20)), rule("second", contains(21, 40)))).rules())
        .hasSize(2);
  }

  @Test
  void orBranchesOnOneFieldAddUp() {
    String branch = "{\"detail\":{\"eventName\":[%s]}}";
    String half = contains(1, 20).stream().map(w -> "{\"wildcard\":\"" + w + "\"}").collect(Collectors.joining(","));
    String other = contains(21, 40).stream().map(w -> "{\"wildcard\":\"" + w + "\"}").collect(Collectors.joining(","));
    String pattern = "{\"$or\":[" + branch.formatted(half) + "," + branch.formatted(other) + "]}";
    assertThatThrownBy(() -> RuleSet.of(List.of(Rule.builder("or").pattern(pattern).build())))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessageContaining("the 40 wildcards on detail.eventName");
  }

  /**
   * What makes judging per string sound: the complexity of a field's wildcards together (as
   * event-ruler measures it) is never more than the sum of each one's alone. Values are drawn from
   * a, b and * so that they overlap as much as possible; some are anything-but wildcards, alone or
   * as a list.
   */
  @Property(tries = 300)
  void theBoundIsNeverUnderEventRulersMeasure(@ForAll("fields") String pattern) throws Exception {
    GenericMachine<String> whole = GenericMachine.<String>builder().build();
    whole.addRule("r", pattern);
    int measured = whole.evaluateComplexity(new MachineComplexityEvaluator(WildcardComplexity.MAX + 1));
    assertThat(WildcardComplexity.bound(JSON.readTree(pattern))).isGreaterThanOrEqualTo(measured);
  }

  @Provide
  Arbitrary<String> fields() {
    Arbitrary<String> value = Arbitraries.of('a', 'b', '*').list().ofMinSize(1).ofMaxSize(6)
        .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()).replaceAll("\\*\\*+", "*"))
        .filter(v -> v.contains("*"));
    Arbitrary<String> matcher = Arbitraries.oneOf(
        value.map(v -> "{\"wildcard\":\"" + v + "\"}"),
        value.map(v -> "{\"anything-but\":{\"wildcard\":\"" + v + "\"}}"),
        value.list().ofMinSize(2).ofMaxSize(3).uniqueElements().map(vs -> "{\"anything-but\":{\"wildcard\":["
            + vs.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",")) + "]}}"));
    return matcher.list().ofMinSize(1).ofMaxSize(4).uniqueElements()
        .map(ms -> "{\"f\":[" + String.join(",", ms) + "]}");
  }
}
