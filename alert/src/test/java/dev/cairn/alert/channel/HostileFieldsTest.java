package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.alert.Alert;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Event text written to break out of each format: Slack mentions, HTML, quotes, backslashes, a
 * right-to-left override, zero-width characters, an emoji, and a 50 MB value. Each payload is read
 * back with the receiver's own rules (JSON, then Slack's three entities, or HTML's) and must give
 * the original text, or a prefix of it with the truncation marker: escaped exactly once.
 */
class HostileFieldsTest {
  static final String HOSTILE = "<!channel> <@U024BE7LH> <#C024BE7LR> </script><script>alert(1)</script> "
      + "\"dq\" 'sq' back\\slash & done \u202Egnp.exe\u202C zero\u200Bwidth\u200D\uFEFF 😀 end";
  /** Text that looks escaped already: must arrive as these very characters. */
  static final String LOOKS_ESCAPED = "&lt;b&gt; &amp; &quot;";
  static final String HUGE = "<&\" " + "x".repeat(50_000_000);
  static final List<String> TYPES = Receivers.TYPES;

  private final MockWebServer server = new MockWebServer();
  private final HttpTransport http = HttpTransport.create(Duration.ofSeconds(1), Duration.ofSeconds(1),
      new FakeClock());

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0); // only for URLs: nothing is sent
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode payload(String type, Alert alert) throws Exception {
    byte[] body = Receivers.channel(type, server, http).render(alert, Alerts.KEY).body();
    assertValidUtf8(body);
    return Alerts.JSON.readTree(body);
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void everyTextArrivesAsWrittenAndNothingIsEscapedTwice(String type) throws Exception {
    JsonNode p = payload(type, Alerts.everywhere(HOSTILE));
    String raw = Alerts.JSON.writeValueAsString(p);
    assertThat(raw).doesNotContain("&amp;amp;", "&amp;lt;", "&amp;gt;", "\\\\\\\\");

    for (String shown : texts(type, p)) {
      assertRoundTrip(shown, HOSTILE);
    }
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void textThatLooksEscapedAlreadyIsEscapedOnceMore(String type) throws Exception {
    JsonNode p = payload(type, Alerts.everywhere(LOOKS_ESCAPED));
    for (String shown : texts(type, p)) {
      assertRoundTrip(shown, LOOKS_ESCAPED);
    }
  }

  @Test
  void slackMentionsFromEventsNeverReachSlackAsMarkup() throws Exception {
    JsonNode p = payload("slack", Alerts.everywhere(HOSTILE));
    for (String s : strings(p)) {
      assertThat(s).doesNotContain("<!", "<@", "<#", "</script>");
    }
    for (JsonNode block : p.get("blocks")) {
      for (JsonNode t : block.findParents("type")) {
        if (t.path("type").asText().equals("mrkdwn")) {
          assertThat(t.path("verbatim").asBoolean()).as("mrkdwn is verbatim: %s", t).isTrue();
        }
      }
    }
  }

  @Test
  void teamsPutsEventTextOnlyWhereMarkdownIsNotParsed() throws Exception {
    String raw = Alerts.JSON.writeValueAsString(payload("teams", Alerts.everywhere(HOSTILE)));
    assertThat(raw).doesNotContain("\"TextBlock\"", "\"FactSet\"", "\"entities\"");
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void fiftyMegabytesFitEachReceiversLimits(String type) throws Exception {
    Alert huge = Alerts.everywhere(HUGE);
    byte[] body = Receivers.channel(type, server, http).render(huge, Alerts.KEY).body();
    assertValidUtf8(body);
    JsonNode p = Alerts.JSON.readTree(body);
    switch (type) {
      case "slack" -> {
        assertThat(p.get("blocks").size()).isLessThanOrEqualTo(SlackChannel.BLOCKS_MAX);
        assertThat(p.at("/blocks/0/text/text").asText()).hasSizeLessThanOrEqualTo(SlackChannel.HEADER_MAX);
        for (JsonNode block : p.get("blocks")) {
          assertThat(block.path("text").path("text").asText()).hasSizeLessThanOrEqualTo(SlackChannel.SECTION_MAX);
          block.path("fields").forEach(f -> assertThat(f.get("text").asText()).hasSizeLessThanOrEqualTo(2000));
        }
        assertThat(strings(p).stream().mapToInt(String::length).sum()).isLessThan(40_000);
      }
      case "teams" -> assertThat(body.length).isLessThanOrEqualTo(TeamsChannel.MAX_BYTES);
      case "opsgenie" -> {
        assertThat(p.get("message").asText()).hasSizeLessThanOrEqualTo(130);
        assertThat(p.get("description").asText()).hasSizeLessThanOrEqualTo(15_000);
        int details = 0;
        for (var e : p.get("details").properties()) {
          details += e.getKey().length() + e.getValue().asText().length();
        }
        assertThat(details).isLessThanOrEqualTo(8_000);
        assertThat(p.get("entity").asText()).hasSizeLessThanOrEqualTo(512);
      }
      case "pagerduty" -> {
        assertThat(p.at("/payload/summary").asText()).hasSizeLessThanOrEqualTo(1_024);
        assertThat(body.length).isLessThan(512 * 1024);
      }
      default -> {
        assertThat(body.length).isLessThanOrEqualTo(WebhookChannel.BODY_MAX);
        assertThat(p.get("text").asText()).hasSizeLessThanOrEqualTo(WebhookChannel.FIELD_MAX);
      }
    }
    assertThat(new String(body, StandardCharsets.UTF_8)).contains("(truncated, ");
    for (String shown : texts(type, p)) {
      assertRoundTrip(shown, HUGE);
    }
  }

  @Test
  void theFileKeepsOneAlertPerLineWhateverItHolds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("alerts.jsonl");
    FileChannel channel = new FileChannel(new FileSettings("archive", file, false));

    assertThat(channel.send(Alerts.everywhere(HOSTILE + "\n\r\u2028"), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);
    assertThat(channel.send(Alerts.everywhere(HUGE), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

    byte[] bytes = Files.readAllBytes(file);
    assertValidUtf8(bytes);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(Alerts.json(lines.get(0)).get("text").asText()).isEqualTo(HOSTILE + "\n\r\u2028");
    assertRoundTrip(Alerts.json(lines.get(1)).get("actor").asText(), HUGE);
  }

  @Test
  void theConsoleNeverPassesControlOrDirectionCharactersToTheTerminal() {
    StringWriter out = new StringWriter();
    ConsoleChannel table = new ConsoleChannel(new ConsoleSettings("console", new PrintWriter(out), LineFormat.table(20)));
    table.send(Alerts.everywhere(HOSTILE + "\u001b[2J\r"), Alerts.KEY);
    table.send(Alerts.everywhere(HUGE), Alerts.KEY);

    String printed = out.toString();
    assertThat(printed.lines()).hasSize(3); // the header and two rows
    assertThat(printed.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x202a && c <= 0x202e)))
        .as("control and override characters").isEmpty();
    assertThat(printed.length()).isLessThan(2_000);

    StringWriter json = new StringWriter();
    new ConsoleChannel(new ConsoleSettings("console", new PrintWriter(json), LineFormat.jsonLines()))
        .send(Alerts.everywhere(HOSTILE), Alerts.KEY);
    JsonNode line = Alerts.json(json.toString());
    assertThat(line.get("principal").asText()).isEqualTo(HOSTILE); // JSON carries it exactly, escaped by Jackson
    assertThat(line.get("sourceIPAddress").asText()).isEqualTo(HOSTILE);
  }

  /** The texts a receiver shows, each read back the way that receiver reads it. */
  static List<String> texts(String type, JsonNode p) {
    List<String> texts = new ArrayList<>();
    switch (type) {
      case "slack" -> {
        texts.add(slack(p.at("/blocks/0/text/text").asText())); // header
        StringBuilder main = new StringBuilder(); // the main text, in as many sections as it took
        int i = 1;
        for (; p.at("/blocks/" + i + "/text/text").isTextual(); i++) {
          main.append(p.at("/blocks/" + i + "/text/text").asText());
        }
        texts.add(slack(main.toString()));
        for (JsonNode f : p.at("/blocks/" + i + "/fields")) { // "*Label*\nvalue"
          String t = f.get("text").asText();
          if (t.startsWith("*Actor*") || t.startsWith("*Source IP*")) {
            texts.add(slack(t.substring(t.indexOf('\n') + 1)));
          }
        }
      }
      case "webhook" -> {
        for (String field : List.of("title", "text", "actor", "accountAlias", "sourceIPAddress")) {
          texts.add(p.get(field).asText());
        }
        texts.add(p.at("/events/0/summary").asText());
        texts.add(p.at("/events/0/record/sourceIPAddress").asText());
      }
      case "opsgenie" -> {
        texts.add(p.get("message").asText());
        for (String field : List.of("actor", "accountAlias", "sourceIPAddress")) {
          texts.add(p.get("details").get(field).asText());
        }
      }
      case "pagerduty" -> {
        texts.add(p.at("/payload/summary").asText().substring("[HIGH] ".length()));
        for (String field : List.of("text", "actor", "sourceIPAddress")) {
          texts.add(p.at("/payload/custom_details/" + field).asText());
        }
      }
      case "teams" -> {
        JsonNode body = p.at("/attachments/0/content/body");
        texts.add(body.at("/0/inlines/1/text").asText());
        texts.add(body.at("/1/inlines/0/text").asText());
        texts.add(body.at("/2/inlines/5/text").asText().strip()); // Actor's value
      }
      default -> throw new IllegalArgumentException(type);
    }
    return texts;
  }

  /** Slack's reading: the three entities it decodes, <code>&amp;amp;</code> last. */
  static String slack(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static final Pattern CUT = Pattern.compile("(?s)(.*)… \\(truncated, (\\d+) more\\)");

  /** The original, or a prefix of it followed by the marker that counts exactly what is missing. */
  static void assertRoundTrip(String shown, String original) {
    Matcher m = CUT.matcher(shown);
    if (m.matches() && !original.endsWith(m.group(0).substring(m.group(1).length()))) {
      String kept = m.group(1);
      assertThat(original).as("kept part is a prefix of the original").startsWith(kept);
      assertThat(Long.parseLong(m.group(2))).isEqualTo(original.codePointCount(kept.length(), original.length()));
    } else {
      assertThat(shown).isEqualTo(original);
    }
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> out.addAll(strings(child)));
    return out;
  }

  static void assertValidUtf8(byte[] bytes) throws CharacterCodingException {
    String decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    for (int i = 0; i < decoded.length(); i++) {
      assertThat(Character.isSurrogate(decoded.charAt(i)) && !Character.isSurrogatePair(decoded.charAt(i),
          i + 1 < decoded.length() ? decoded.charAt(i + 1) : 0) && !(i > 0
          && Character.isSurrogatePair(decoded.charAt(i - 1), decoded.charAt(i)))).isFalse();
    }
  }
}
