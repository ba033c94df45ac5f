package dev.cairn.match.filterpattern;

import static dev.cairn.match.filterpattern.Events.matches;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Disjunctions of exact string equalities on one field are compiled to one set lookup; these
 * examples pin down that the merged form means exactly what the pattern says.
 */
class DisjunctionTest {
  private static final String EVENT = "{\"eventName\":\"StopLogging\",\"eventSource\":\"cloudtrail.amazonaws.com\","
      + "\"n\":7,\"errorCode\":\"AccessDenied\",\"list\":[\"a\"]}";

  @Test
  void mergedAlternativesOnOneFieldMatchAnyOfTheirValues() {
    assertThat(matches("{ ($.eventName = CreateTrail) || ($.eventName = StopLogging) || ($.eventName = DeleteTrail) }", EVENT)).isTrue();
    assertThat(matches("{ ($.eventName = CreateTrail) || ($.eventName = DeleteTrail) }", EVENT)).isFalse();
  }

  @Test
  void nestedParenthesesAndOtherFieldsKeepTheirMeaning() {
    assertThat(matches("{ (($.eventName = A) || ($.eventName = B)) || (($.eventSource = x) || ($.eventName = StopLogging)) }", EVENT)).isTrue();
    assertThat(matches("{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = A) || ($.eventName = B)) }", EVENT)).isFalse();
    assertThat(matches("{ ($.eventName = A) || ($.n = 7) }", EVENT)).isTrue();
    assertThat(matches("{ ($.eventName = A) || ($.n = 8) || ($.eventName = B) }", EVENT)).isFalse();
  }

  @Test
  void negationsWildcardsAndNonStringsAreNotMergedAway() {
    assertThat(matches("{ ($.eventName = A) || ($.eventName != StopLogging) }", EVENT)).isFalse();
    assertThat(matches("{ ($.eventName = A) || ($.eventName = Stop*) }", EVENT)).isTrue();
    assertThat(matches("{ ($.errorCode = A) || ($.errorCode = \"AccessDenied*\") }", EVENT)).isTrue();
    assertThat(matches("{ ($.n = \"7\") || ($.n = \"8\") }", EVENT)).isFalse();
    assertThat(matches("{ ($.list = a) || ($.list = b) }", EVENT)).isFalse();
    assertThat(matches("{ ($.missing = a) || ($.missing = b) }", EVENT)).isFalse();
  }
}
