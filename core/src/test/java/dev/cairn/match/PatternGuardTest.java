package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.text.StarGlob;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PatternGuardTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static boolean mayMatch(String pattern, String detail) throws Exception {
    return PatternGuard.of(JSON.readTree(pattern)).mayMatch(JSON.readTree(detail));
  }

  @Test
  void saysNoOnlyWhenADetailStringFailsEveryMatcherOfAField() throws Exception {
    String pattern = "{\"detail\":{\"eventName\":[\"StopLogging\",{\"prefix\":\"Delete\"}],"
        + "\"awsRegion\":[{\"anything-but\":[\"ap-east-1\"]}],\"sourceIPAddress\":[{\"cidr\":\"10.0.0.0/8\"}]}}";
    assertThat(mayMatch(pattern, "{\"eventName\":\"StopLogging\",\"awsRegion\":\"us-east-1\"}")).isTrue();
    assertThat(mayMatch(pattern, "{\"eventName\":\"DeleteTrail\"}")).isTrue();
    assertThat(mayMatch(pattern, "{\"eventName\":\"CreateTrail\"}")).isFalse();
    assertThat(mayMatch(pattern, "{\"eventName\":\"DeleteTrail\",\"awsRegion\":\"ap-east-1\"}")).isFalse();
    assertThat(mayMatch(pattern, "{\"eventName\":[\"CreateTrail\"]}")).as("arrays are left to event-ruler").isTrue();
    assertThat(mayMatch(pattern, "{\"sourceIPAddress\":\"192.0.2.1\"}")).as("cidr is not checked here").isTrue();
  }

  private static PatternGuard.Decision decide(String pattern, String detail) throws Exception {
    return PatternGuard.of(JSON.readTree(pattern)).decide(JSON.readTree(detail));
  }

  @Test
  void decidesNestedFieldsAndExistsWithoutEventRuler() throws Exception {
    String pattern = "{\"detail\":{\"eventName\":[\"ConsoleLogin\"],"
        + "\"userIdentity\":{\"type\":[{\"anything-but\":\"AWSService\"}]},\"errorCode\":[{\"exists\":false}]}}";
    assertThat(decide(pattern, "{\"eventName\":\"ConsoleLogin\",\"userIdentity\":{\"type\":\"Root\"}}"))
        .isEqualTo(PatternGuard.Decision.MATCH);
    assertThat(decide(pattern, "{\"eventName\":\"ConsoleLogin\",\"userIdentity\":{\"type\":\"AWSService\"}}"))
        .isEqualTo(PatternGuard.Decision.NO_MATCH);
    assertThat(decide(pattern, "{\"eventName\":\"ConsoleLogin\",\"userIdentity\":{\"type\":\"Root\"},"
        + "\"errorCode\":\"AccessDenied\"}")).as("exists: false, but the field is there").isEqualTo(PatternGuard.Decision.NO_MATCH);
    assertThat(decide(pattern, "{\"eventName\":\"ConsoleLogin\"}")).as("anything-but needs the field")
        .isEqualTo(PatternGuard.Decision.NO_MATCH);
    assertThat(decide(pattern, "{\"eventName\":\"ConsoleLogin\",\"userIdentity\":[{\"type\":\"Root\"}]}"))
        .as("an array on the way is left to event-ruler").isEqualTo(PatternGuard.Decision.ASK_EVENT_RULER);
    assertThat(decide(pattern, "{\"eventName\":\"ConsoleLogin\",\"userIdentity\":{\"type\":\"Root\"},"
        + "\"errorCode\":null}")).as("null is left to event-ruler").isEqualTo(PatternGuard.Decision.ASK_EVENT_RULER);
  }

  @Test
  void decidesEqualsIgnoreCaseOfAsciiTextAsEventRulerDoes() throws Exception {
    String exact = "{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"subscribe\"}]}}";
    assertThat(decide(exact, "{\"eventName\":\"SubScribe\"}")).isEqualTo(PatternGuard.Decision.MATCH);
    assertThat(decide(exact, "{\"eventName\":\"Unsubscribe\"}")).isEqualTo(PatternGuard.Decision.NO_MATCH);
    String kelvin = "{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"k\"}]}}";
    assertThat(decide(kelvin, "{\"eventName\":\"\u212a\"}")).as("no folding of the value's non-ASCII letters")
        .isEqualTo(PatternGuard.Decision.NO_MATCH);
    String prefix = "{\"detail\":{\"eventName\":[{\"prefix\":{\"equals-ignore-case\":\"delete\"}}]}}";
    assertThat(decide(prefix, "{\"eventName\":\"DeleteTrail\"}")).isEqualTo(PatternGuard.Decision.MATCH);
    assertThat(decide(prefix, "{\"eventName\":\"Dele\"}")).isEqualTo(PatternGuard.Decision.NO_MATCH);
    String suffix = "{\"detail\":{\"eventName\":[{\"suffix\":{\"equals-ignore-case\":\"POLICY\"}}]}}";
    assertThat(decide(suffix, "{\"eventName\":\"PutRolePolicy\"}")).isEqualTo(PatternGuard.Decision.MATCH);
    assertThat(decide(suffix, "{\"eventName\":\"PolicyPut\"}")).isEqualTo(PatternGuard.Decision.NO_MATCH);
    String but = "{\"detail\":{\"eventName\":[{\"anything-but\":{\"equals-ignore-case\":[\"get\",\"list\"]}}]}}";
    assertThat(decide(but, "{\"eventName\":\"LIST\"}")).isEqualTo(PatternGuard.Decision.NO_MATCH);
    assertThat(decide(but, "{\"eventName\":\"Lists\"}")).isEqualTo(PatternGuard.Decision.MATCH);
    assertThat(decide("{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"\u00e9t\u00e9\"}]}}",
        "{\"eventName\":\"\u00c9T\u00c9\"}")).as("non-ASCII operands are left to event-ruler")
        .isEqualTo(PatternGuard.Decision.ASK_EVENT_RULER);
  }

  @Test
  void ipLikeStringsAndUnknownOperatorsAreLeftToEventRuler() throws Exception {
    assertThat(mayMatch("{\"detail\":{\"ip\":[\"10.0.0.1\"]}}", "{\"ip\":\"10.0.0.01\"}")).isTrue();
    assertThat(mayMatch("{\"detail\":{\"n\":[{\"numeric\":[\">\",1]}]}}", "{\"n\":\"x\"}")).isTrue();
    assertThat(mayMatch("{\"detail\":{\"$or\":[{\"a\":[\"x\"]},{\"b\":[\"y\"]}]}}", "{\"a\":\"z\"}")).isTrue();
  }

  @Test
  void globMatchesLikeTheRegexItStandsFor() {
    Random random = new Random(7);
    String alphabet = "ab*\\";
    for (int i = 0; i < 20_000; i++) {
      String glob = randomText(random, alphabet, 6);
      String value = randomText(random, "ab*\\", 7);
      List<String> parts = PatternGuard.globParts(glob);
      StringBuilder regex = new StringBuilder();
      for (int p = 0; p < parts.size(); p++) {
        regex.append(p == 0 ? "" : ".*").append(Pattern.quote(parts.get(p)));
      }
      assertThat(StarGlob.matches(parts, value)).as("%s ~ %s", glob, value)
          .isEqualTo(Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches());
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
