package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the user writes as a filter or a pattern, in whichever YAML form, validation either
 * accepts it or points at a character of the file: a line that exists and a column within it (or
 * just past its end). Seeds are fixed.
 */
class RulePositionPropertyTest {
  private static final List<String> FILTERS = List.of("{ $.eventName = ConsoleLogin && $.a[0].b != \"x\" }",
      "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }",
      "{ $.arrayKey[*] = %val.{2}% || $.['cluster.name'] = c1 }", "[ip, user, ..., status_code = 4*, bytes > 10,]",
      "?ERROR ?WARN -DEBUG \"a phrase\"", "{ $.userIdentity.arn = arn:aws:iam::*:root }");
  private static final List<String> PATTERNS = List.of(
      "{\"source\":[\"aws.signin\"],\"detail\":{\"eventName\":[\"ConsoleLogin\"]}}",
      "{\"detail\":{\"eventName\":[{\"prefix\":\"Delete\"}],\"awsRegion\":[{\"anything-but\":\"us-east-1\"}]}}",
      "{\"detail\":{\"$or\":[{\"a\":[1]},{\"b\":[{\"numeric\":[\">\",5]}]}]}}");
  private static final String NOISE = "{}[]()$.*%\"'\\ =!<>&|?-,:_aZ09\t";

  @Property(tries = 200, seed = "46")
  void everyProblemPointsIntoTheFile(@ForAll("ruleFiles") String yaml) throws IOException {
    Path file = Files.createTempFile("rules", ".yaml");
    try {
      Files.writeString(file, yaml);
      List<String> lines = yaml.lines().toList();
      for (RuleProblem problem : RuleSet.validate(List.of(file))) {
        assertThat(problem.line()).as(problem.describe()).isBetween(1, lines.size());
        assertThat(problem.column()).as(problem.describe()).isBetween(1, lines.get(problem.line() - 1).length() + 1);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Provide
  Arbitrary<String> ruleFiles() {
    return Arbitraries.longs().map(seed -> {
      Random random = new Random(seed);
      String filter = mutate(FILTERS.get(random.nextInt(FILTERS.size())), random);
      String pattern = mutate(PATTERNS.get(random.nextInt(PATTERNS.size())), random);
      String quotedFilter = random.nextBoolean() ? "'" + filter.replace("'", "''") + "'"
          : "\"" + filter.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      String patternText = switch (random.nextInt(3)) {
        case 0 -> "'" + pattern.replace("'", "''") + "'";
        case 1 -> "|\n      " + pattern;
        default -> pattern.replace("'", ""); // flow YAML: a pattern written as YAML
      };
      return "rules:\n  - id: a\n    filter: " + quotedFilter + "\n  - id: b\n    pattern: " + patternText + "\n";
    });
  }

  /** Deletes, duplicates or replaces a few characters, or leaves the text valid. */
  private static String mutate(String valid, Random random) {
    StringBuilder out = new StringBuilder(valid);
    for (int i = random.nextInt(3); i > 0 && out.length() > 0; i--) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, out.charAt(at));
        default -> out.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
      }
    }
    return out.toString();
  }
}
