package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Differential test of patterns that share event-ruler machines: rule sets of a few patterns mixing
 * every string operator on the same fields (plain, prefix, suffix, wildcard, equals-ignore-case
 * alone and in prefix, suffix and anything-but, anything-but of each kind, exists, numeric), over
 * values of a small alphabet with both cases and non-ASCII letters, must match each event exactly
 * as each pattern does alone in a machine of its own. Both ways of matching a rule set are
 * compared: through the index (and {@link PatternGuard}'s decisions in Java) and every rule tried.
 * Seeds are fixed.
 */
class PatternMixPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] LETTERS = {"a", "A", "é", "É", "s", "S", "."};
  private static final String[] FIELDS = {"eventName", "errorCode", "userIdentity\":{\"type"};
  private static final int OPERATORS = 15;

  @Property(tries = 500, seed = "20261207")
  void aRuleSetMatchesAsEachOfItsPatternsAlone(@ForAll("seeds") long seed) throws Exception {
    Random random = new Random(seed);
    List<String> words = new ArrayList<>();
    // A few operators and fields per set, so that each pair of operators meets on a field often.
    int[] operators = random.ints(2 + random.nextInt(2), 0, OPERATORS).toArray();
    int fields = 1 + random.nextInt(FIELDS.length);
    List<Rule> rules = new ArrayList<>();
    for (int i = 2 + random.nextInt(5); i > 0; i--) {
      rules.add(Rule.builder("p" + rules.size()).pattern(pattern(random, operators, fields, words)).build());
    }
    RuleSet together = RuleSet.of(rules);
    List<RuleSet> alone = new ArrayList<>();
    for (Rule rule : rules) {
      alone.add(RuleSet.of(List.of(rule)));
    }
    for (int e = 0; e < 40; e++) {
      CloudTrailEvent event = event(random, words);
      List<String> expected = new ArrayList<>();
      for (RuleSet one : alone) {
        one.matchWithoutIndex(event).forEach(rule -> expected.add(rule.id()));
      }
      assertThat(ids(together.match(event))).as("%s on %s", patterns(rules), event.record()).isEqualTo(expected);
      assertThat(ids(together.matchWithoutIndex(event))).as("%s on %s, every rule tried", patterns(rules), event.record())
          .isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  private static List<String> patterns(List<Rule> rules) {
    return rules.stream().map(Rule::pattern).toList();
  }

  private static List<String> ids(List<Rule> rules) {
    return rules.stream().map(Rule::id).toList();
  }

  /** One or two of the set's fields, each with one of its operators: operators mix across the patterns of a set. */
  private static String pattern(Random random, int[] operators, int fields, List<String> words) {
    StringBuilder detail = new StringBuilder();
    int first = random.nextInt(fields);
    int count = 1 + random.nextInt(Math.min(2, fields));
    for (int f = 0; f < count; f++) {
      String field = FIELDS[(first + f) % fields];
      String close = field.contains("{") ? "}" : "";
      detail.append(f == 0 ? "" : ",").append('"').append(field).append("\":[").append(matcher(random, operators[random.nextInt(operators.length)], words)).append(']')
          .append(close);
    }
    return "{\"detail\":{" + detail + "}}";
  }

  /** An operator on some words of the alphabet; the words are added to {@code words}, for events to use. */
  private static String matcher(Random random, int operator, List<String> words) {
    String short1 = used(word(random, 2), words);
    String short2 = used(word(random, 2), words);
    String word = quoted(used(short1 + short2, words));
    return switch (operator) {
      case 0 -> word;
      case 1 -> "{\"prefix\":" + quoted(short1) + "}";
      case 2 -> "{\"suffix\":" + quoted(short1) + "}";
      case 3 -> "{\"wildcard\":" + quoted(wildcard(random, words)) + "}";
      case 4 -> "{\"equals-ignore-case\":" + word + "}";
      case 5 -> "{\"prefix\":{\"equals-ignore-case\":" + quoted(short1) + "}}";
      case 6 -> "{\"suffix\":{\"equals-ignore-case\":" + quoted(short1) + "}}";
      case 7 -> "{\"anything-but\":" + word + "}";
      case 8 -> "{\"anything-but\":[" + word + "," + quoted(short2) + "]}";
      case 9 -> "{\"anything-but\":{\"prefix\":" + quoted(used("a" + short1, words)) + "}}";
      case 10 -> "{\"anything-but\":{\"suffix\":" + quoted(used("a" + short1, words)) + "}}";
      case 11 -> "{\"anything-but\":{\"equals-ignore-case\":" + word + "}}";
      case 12 -> "{\"anything-but\":{\"wildcard\":" + quoted("a*" + short1) + "}}";
      case 13 -> "{\"numeric\":[\">\"," + random.nextInt(5) + "]}";
      default -> "{\"exists\":" + random.nextBoolean() + "}";
    };
  }

  /** Letters and stars, never two stars in a row (event-ruler rejects them). */
  private static String wildcard(Random random, List<String> words) {
    StringBuilder glob = new StringBuilder();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      boolean star = random.nextInt(2) == 0 && (glob.isEmpty() || glob.charAt(glob.length() - 1) != '*');
      glob.append(star ? "*" : LETTERS[random.nextInt(LETTERS.length)]);
    }
    used(glob.toString().replace("*", ""), words);
    return glob.toString();
  }

  private static String used(String word, List<String> words) {
    words.add(word);
    return word;
  }

  /**
   * Half the time a random word, else one of the patterns' words with letters of either case and a
   * few letters around it: values near what the patterns name, where wrong answers show.
   */
  private static String value(Random random, List<String> words) {
    if (random.nextBoolean()) {
      return word(random, 6);
    }
    StringBuilder value = new StringBuilder(word(random, 2));
    for (char c : words.get(random.nextInt(words.size())).toCharArray()) {
      String letter = String.valueOf(c);
      value.append(random.nextBoolean() ? letter.toUpperCase(Locale.ROOT) : letter.toLowerCase(Locale.ROOT));
    }
    return value.append(word(random, 2)).toString();
  }

  /** A record whose fields are words of the alphabet (sometimes a number, sometimes absent). */
  private static CloudTrailEvent event(Random random, List<String> words) throws Exception {
    StringBuilder record = new StringBuilder("{\"eventVersion\":\"1.08\",\"eventSource\":\"sns.amazonaws.com\"");
    record.append(",\"eventName\":").append(quoted(value(random, words)));
    switch (random.nextInt(4)) {
      case 0 -> { }
      case 1 -> record.append(",\"errorCode\":").append(random.nextInt(6));
      default -> record.append(",\"errorCode\":").append(quoted(value(random, words)));
    }
    if (random.nextInt(4) > 0) {
      record.append(",\"userIdentity\":{\"type\":").append(quoted(value(random, words))).append('}');
    }
    return CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(record.append('}').toString()));
  }

  private static String word(Random random, int maxLength) {
    StringBuilder word = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      word.append(LETTERS[random.nextInt(LETTERS.length)]);
    }
    return word.toString();
  }

  private static String quoted(String text) {
    return '"' + text + '"';
  }
}
