package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * event-ruler answers wrongly for some patterns when they share a machine with others on the same
 * field (a wildcard beside an {@code equals-ignore-case}, say), though each alone is right. Cairn
 * puts many patterns in one machine, so it must not inherit that: each case here matches in one
 * rule set exactly as each of its patterns does alone. {@code PatternMixPropertyTest} generates
 * such mixes.
 */
class SharedMachineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GLUE_POLICY =
      "{\"detail\":{\"eventSource\":[\"glue.amazonaws.com\"],\"eventName\":[{\"wildcard\":\"*Policy*\"}]}}";
  private static final String ANY_POLICY = "{\"detail\":{\"eventName\":[{\"wildcard\":\"*Policy*\"}]}}";
  private static final String SUBSCRIBE = "{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"subscribe\"}]}}";

  private static CloudTrailEvent record(String name) throws Exception {
    return CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree("{\"eventVersion\":\"1.08\",\"eventSource\":"
        + "\"sns.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\"}"));
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(Rule::id).toList();
  }

  private static RuleSet rules(String... patterns) throws InvalidRulesException {
    Rule[] rules = new Rule[patterns.length];
    for (int i = 0; i < patterns.length; i++) {
      rules[i] = Rule.builder("p" + i).pattern(patterns[i]).build();
    }
    return RuleSet.of(List.of(rules));
  }

  @Test
  void aWildcardBesideEqualsIgnoreCaseDoesNotWidenIt() throws Exception {
    // Neither names a value the index files it under: both are tried against every event, together.
    RuleSet both = rules(ANY_POLICY, SUBSCRIBE);
    assertThat(ids(both.match(record("Unsubscribe")))).isEmpty();
    assertThat(ids(both.match(record("SUBSCRIBE")))).containsExactly("p1");
    assertThat(ids(both.match(record("PutRolePolicy")))).containsExactly("p0");
    assertThat(ids(both.matchWithoutIndex(record("Unsubscribe")))).isEmpty();
  }

  @Test
  void theSameWhenEveryRuleIsTriedInOneMachine() throws Exception {
    RuleSet both = rules(GLUE_POLICY, SUBSCRIBE);
    // An envelope with a dotted key: the index gives up and every pattern is tried in one go.
    CloudTrailEvent envelope = CloudTrailEvent.ofEnvelope((ObjectNode) JSON.readTree("{\"detail-type\":"
        + "\"AWS API Call via CloudTrail\",\"source\":\"aws.sns\",\"a.b\":1,\"detail\":{\"eventVersion\":\"1.08\","
        + "\"eventSource\":\"sns.amazonaws.com\",\"eventName\":\"Unsubscribe\"}}"));
    assertThat(ids(both.match(envelope))).isEmpty();
    assertThat(ids(both.match(record("Unsubscribe")))).isEmpty();
    assertThat(ids(both.match(record("subscribe")))).containsExactly("p1");
  }

  @Test
  void otherCaseFoldingOperatorsAndNonAsciiSuffixesKeepTheirMeaning() throws Exception {
    String star = "{\"detail\":{\"eventName\":[{\"wildcard\":\"*\"}]}}";
    String suffixEndsB = "{\"detail\":{\"eventName\":[{\"wildcard\":\"*b\"}]}}";
    assertThat(ids(rules(star, "{\"detail\":{\"eventName\":[{\"anything-but\":{\"equals-ignore-case\":\"b\"}}]}}")
        .match(record("a")))).as("anything-but equals-ignore-case").containsExactly("p0", "p1");
    assertThat(ids(rules(suffixEndsB, "{\"detail\":{\"eventName\":[{\"prefix\":{\"equals-ignore-case\":\"b.\"}}]}}")
        .match(record("aB.ab")))).as("prefix equals-ignore-case").containsExactly("p0");
    assertThat(ids(rules("{\"detail\":{\"eventName\":[{\"wildcard\":\"*B*a\"}]}}",
        "{\"detail\":{\"eventName\":[{\"suffix\":{\"equals-ignore-case\":\"AÉ\"}}]}}").match(record("aéaxb"))))
        .as("suffix equals-ignore-case").isEmpty();
    assertThat(ids(rules("{\"detail\":{\"eventName\":[{\"wildcard\":\"*axb\"}]}}",
        "{\"detail\":{\"eventName\":[{\"suffix\":\"BÉ\"}]}}").match(record("BÉax"))))
        .as("a suffix with a non-ASCII letter").isEmpty();
    assertThat(ids(rules(star, "{\"detail\":{\"eventName\":[{\"anything-but\":{\"suffix\":\"aé\"}}]}}")
        .match(record("aÉa")))).as("anything-but suffix with a non-ASCII letter").containsExactly("p0", "p1");
  }

  @Test
  void oneMatcherListOrOneOrHoldingBothKeepsEachItsMeaning() throws Exception {
    // The same mix inside one pattern: a list of matchers on one field, or two $or branches.
    String list = "{\"source\":[\"aws.sns\"],\"detail\":{\"eventName\":[{\"wildcard\":\"*Policy*\"},"
        + "{\"equals-ignore-case\":\"subscribe\"}]}}";
    String or = "{\"source\":[\"aws.sns\"],\"detail\":{\"$or\":[{\"eventName\":[{\"wildcard\":\"*Policy*\"}]},"
        + "{\"eventName\":[{\"equals-ignore-case\":\"subscribe\"}]}]}}";
    for (String pattern : List.of(list, or)) {
      RuleSet one = rules(pattern);
      assertThat(ids(one.match(record("Unsubscribe")))).as(pattern).isEmpty();
      assertThat(ids(one.matchWithoutIndex(record("Unsubscribe")))).as(pattern).isEmpty();
      assertThat(ids(one.match(record("SubScribe")))).as(pattern).containsExactly("p0");
      assertThat(ids(one.match(record("SetTopicPolicy")))).as(pattern).containsExactly("p0");
    }
  }
}
