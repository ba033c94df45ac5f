package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternAlternativesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
  }

  private static List<String> alternatives(String pattern) throws Exception {
    return PatternAlternatives.of(json(pattern)).stream().map(ObjectNode::toString).toList();
  }

  @Test
  void aMatcherListMixingEqualsIgnoreCaseWithOthersBecomesOneAlternativePerMatcher() throws Exception {
    assertThat(alternatives("{'source': ['aws.sns'], 'detail': {'eventName': [{'wildcard': '*Policy*'},"
        + " {'equals-ignore-case': 'subscribe'}, 'Publish']}}")).containsExactly(
        "{\"source\":[\"aws.sns\"],\"detail\":{\"eventName\":[{\"wildcard\":\"*Policy*\"}]}}",
        "{\"source\":[\"aws.sns\"],\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"subscribe\"}]}}",
        "{\"source\":[\"aws.sns\"],\"detail\":{\"eventName\":[\"Publish\"]}}");
  }

  @Test
  void eachOrBranchBecomesAnAlternativeWithItsSiblings() throws Exception {
    assertThat(alternatives("{'detail': {'eventSource': ['sns.amazonaws.com'], '$or': ["
        + "{'eventName': [{'equals-ignore-case': 'subscribe'}]}, {'errorCode': [{'exists': true}]}]}}"))
        .containsExactly(
            "{\"detail\":{\"eventSource\":[\"sns.amazonaws.com\"],\"eventName\":[{\"equals-ignore-case\":\"subscribe\"}]}}",
            "{\"detail\":{\"eventSource\":[\"sns.amazonaws.com\"],\"errorCode\":[{\"exists\":true}]}}");
  }

  @Test
  void aPatternWithoutSuchAMixOrTooManyAlternativesStaysWhole() throws Exception {
    String plain = "{'detail': {'eventName': [{'wildcard': '*Policy*'}, 'Subscribe']}}";
    assertThat(alternatives(plain)).containsExactly(json(plain).toString());

    String clash = "{'detail': {'eventName': ['A'], '$or': [{'eventName': [{'equals-ignore-case': 'b'}]},"
        + " {'errorCode': ['X']}]}}";
    assertThat(alternatives(clash)).as("a branch naming a sibling's field").containsExactly(json(clash).toString());

    StringBuilder many = new StringBuilder("{'detail': {");
    for (int field = 0; field < 3; field++) {
      many.append(field == 0 ? "" : ", ").append("'f").append(field).append("': [{'equals-ignore-case': 'a'}, 'b', 'c', 'd', 'e']");
    }
    String tooMany = many.append("}}").toString();
    assertThat(alternatives(tooMany)).as("5 x 5 x 5 > " + PatternAlternatives.MAX).containsExactly(json(tooMany).toString());
  }
}
