package dev.cairn.alert.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alert.TestRecords;
import dev.cairn.event.CloudTrailEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Templates and paths come from users: whatever the text, compiling either succeeds or throws
 * {@link TemplateException} whose problems each name the key path and a position inside the text,
 * never anything else. Valid templates always render to valid JSON (EventBridge form), whatever
 * the values. Seeds are fixed so runs are reproducible.
 */
class TemplatePropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "rules.r.template.webhook";
  private static final Map<String, String> PATHS = paths();
  private static final String ALPHABET = "{}[]\":,<>\\/ \n\tabtrufalsenul0123456789.-_$eE+u*'" + "\u00e9\u200b";
  private static final String[] NAMES = {"a", "b", "user", "aws.events.rule-name", "aws.events.rule-arn",
      "aws.events.event.ingestion-time", "cairn.actor", "cairn.mfa", "cairn.readOnly", "nope", "aws.events.event.json",
      "aws.events.event"};

  private static Map<String, String> paths() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("a", "$.detail.userIdentity.userName");
    paths.put("b", "$.detail.requestParameters");
    paths.put("user", "$.detail.userIdentity");
    return paths;
  }

  @Property(tries = 2000, seed = "12")
  void arbitraryTextCompilesOrIsRejectedWithAPosition(@ForAll String template) {
    assertCompilesOrFailsCleanly(template);
  }

  @Property(tries = 3000, seed = "13")
  void templateShapedNoiseCompilesOrIsRejectedWithAPosition(@ForAll("noise") String template) {
    assertCompilesOrFailsCleanly(template);
  }

  @Property(tries = 3000, seed = "14")
  void mutatedTemplatesCompileOrAreRejectedWithAPosition(@ForAll("mutated") String template) {
    assertCompilesOrFailsCleanly(template);
  }

  @Property(tries = 2000, seed = "15")
  void arbitraryPathsCompileOrAreRejectedWithAColumn(@ForAll("pathNoise") String path) {
    try {
      Template.compile(KEY, InputTransformer.of(Map.of("v", path), "{\"v\": <v>}"));
    } catch (TemplateException e) {
      for (TemplateProblem p : e.problems()) {
        assertThat(p.keyPath()).isEqualTo(KEY + ".inputPathsMap.v");
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.index()).isBetween(0, path.length());
        assertThat(p.message()).isNotBlank();
      }
    }
  }

  @Property(tries = 1000, seed = "16")
  void validTemplatesRenderToValidJsonWhateverTheValues(@ForAll("valid") String template,
      @ForAll("hostileText") String value) throws Exception {
    Template t = Template.compile(KEY, InputTransformer.of(PATHS, template));
    var record = TestRecords.json("reconstructed/corezoid-failed-console-login.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("userIdentity")).put("userName", value);
    record.putObject("requestParameters").put(value, value);
    CloudTrailEvent event = TestRecords.event(record);
    TemplateInput input = Inputs.of(event);
    String out = t.renderAsEventBridge(input);
    List<JsonNode> values = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(out)) {
      it.forEachRemaining(values::add);
    }
    if (t.form() == Template.Form.JSON) {
      assertThat(values).hasSize(1);
      assertThat(values.get(0).isObject()).isTrue();
      assertThat(t.render(input)).isEqualTo(out);
    } else {
      assertThat(values).allMatch(JsonNode::isTextual);
      assertThat(t.render(input)).isEqualTo(String.join("\n", values.stream().map(JsonNode::textValue).toList()));
    }
  }

  private static void assertCompilesOrFailsCleanly(String template) {
    try {
      Template.compile(KEY, InputTransformer.of(PATHS, template));
    } catch (TemplateException e) {
      assertThat(e.problems()).isNotEmpty();
      for (TemplateProblem p : e.problems()) {
        assertThat(p.keyPath()).isEqualTo(KEY + ".inputTemplate");
        assertThat(p.line()).isPositive();
        assertThat(p.column()).isPositive();
        assertThat(p.index()).isBetween(0, template.length());
        assertThat(p.message()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<String> noise() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(8),
        Arbitraries.of(NAMES).map(n -> "<" + n + ">"),
        Arbitraries.of("\"", "{\"k\": ", "[", "]", "}", "\\\"", "\\u00", "<", ">", ", ", "\"<a>\""));
    return Combinators.combine(Arbitraries.of("{", "\"", "", " ", "["), piece.list().ofMaxSize(12))
        .as((start, pieces) -> start + String.join("", pieces));
  }

  @Provide
  Arbitrary<String> valid() {
    return Arbitraries.longs().map(seed -> new Generator(new Random(seed)).template());
  }

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.longs().map(seed -> {
      Random random = new Random(seed);
      StringBuilder out = new StringBuilder(new Generator(random).template());
      for (int i = 1 + random.nextInt(3); i > 0 && out.length() > 0; i--) {
        int at = random.nextInt(out.length());
        switch (random.nextInt(3)) {
          case 0 -> out.deleteCharAt(at);
          case 1 -> out.insert(at, out.charAt(at));
          default -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      return out.toString();
    });
  }

  @Provide
  Arbitrary<String> pathNoise() {
    return Combinators.combine(Arbitraries.of("$", "$.", "", "$.detail", "$["),
            Arbitraries.strings().withChars("$.[]*'\"0123456789abc-_/ @?():".toCharArray()).ofMaxLength(30))
        .as((start, rest) -> start + rest);
  }

  @Provide
  Arbitrary<String> hostileText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("\"\\<>/&\n\r\t\u0000\u001f\u202e\u200b\uFEFF\u2028 aZ{}[]".toCharArray())
            .ofMaxLength(20),
        Arbitraries.strings().ofMaxLength(20));
  }

  /** Valid templates: JSON objects with placeholders in both contexts, or several string literals. */
  private static final class Generator {
    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    String template() {
      if (random.nextBoolean()) {
        return object(0);
      }
      List<String> strings = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
        strings.add(string(false));
      }
      return String.join("\n", strings);
    }

    private String object(int depth) {
      StringBuilder out = new StringBuilder("{");
      for (int i = 0, n = random.nextInt(4); i < n; i++) {
        out.append(i > 0 ? ", " : "").append("\"k").append(i).append("\": ").append(value(depth + 1));
      }
      return out.append('}').toString();
    }

    private String value(int depth) {
      return switch (random.nextInt(depth > 3 ? 5 : 7)) {
        case 0 -> "<" + pick(true) + ">";
        case 1 -> string(true);
        case 2 -> String.valueOf(random.nextInt(1000) - 500);
        case 3 -> random.nextBoolean() ? "true" : "null";
        case 4 -> "<" + pick(true) + ">";
        case 5 -> object(depth);
        default -> "[" + value(depth + 1) + ", " + value(depth + 1) + "]";
      };
    }

    private String string(boolean inJson) {
      StringBuilder out = new StringBuilder("\"");
      for (int i = 0, n = random.nextInt(4); i < n; i++) {
        switch (random.nextInt(4)) {
          case 0 -> out.append('<').append(pick(false)).append('>');
          case 1 -> out.append("text ");
          case 2 -> out.append("\\\"\\n\\u00e9 </x> < ");
          default -> out.append(inJson ? "{" : "\\\\");
        }
      }
      return out.append('"').toString();
    }

    private String pick(boolean valueContext) {
      String[] names = {"a", "b", "user", "aws.events.rule-name", "aws.events.rule-arn",
          "aws.events.event.ingestion-time", "cairn.actor", "cairn.mfa", "cairn.readOnly"};
      if (valueContext && random.nextInt(6) == 0) {
        return random.nextBoolean() ? "aws.events.event" : "aws.events.event.json";
      }
      return names[random.nextInt(names.length)];
    }
  }
}
