package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.config.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackChannelTest {
  @Test
  void escapesOnlyAmpersandAndAngleBrackets() {
    JsonNode m = SlackChannel.message(Alerts.withText("Tom & Jerry's <b>\"quote\"</b> > *bold*"));
    assertThat(m.at("/blocks/1/text/text").asText()).isEqualTo("Tom &amp; Jerry's &lt;b&gt;\"quote\"&lt;/b&gt; &gt; *bold*");
  }

  @Test
  void aLongTextFillsUpToFourSectionsThenIsCut() {
    String text = "line of forty characters, give or take.\n".repeat(1_000); // 40,000 characters
    JsonNode blocks = SlackChannel.message(Alerts.withText(text)).get("blocks");
    int sections = 0;
    StringBuilder shown = new StringBuilder();
    for (int i = 1; blocks.get(i).path("text").path("type").asText().equals("mrkdwn"); i++) {
      String part = blocks.get(i).at("/text/text").asText();
      assertThat(part.length()).isLessThanOrEqualTo(SlackChannel.SECTION_MAX);
      shown.append(part);
      sections++;
    }
    assertThat(sections).isEqualTo(SlackChannel.TEXT_SECTIONS_MAX);
    HostileFieldsTest.assertRoundTrip(shown.toString(), text);
    assertThat(blocks.get(1).at("/text/text").asText()).endsWith(".\n"); // broken after a line, not inside one
  }

  @Test
  void oneMessageASecondPerWebhook() {
    SlackChannel c = new SlackChannel(new SlackSettings("secops", Secret.of("https://hooks.slack.com/services/T/B/X")),
        HttpTransport.defaults());
    assertThat(c.minInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.type()).isEqualTo("slack");
    assertThat(c.name()).isEqualTo("secops");
  }

  @Test
  void aBadUrlIsRefusedWithoutShowingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackSettings("s", Secret.of("hooks.slack.com/T/B/SECRET")))
        .withMessage("webhookUrl: expected an http(s) URL, got one without a scheme or host");
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackSettings("s", Secret.of("ftp://hooks.slack.com/T/B/SECRET")))
        .withMessage("webhookUrl: expected an http(s) URL, got ftp://hooks.slack.com/…");
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackSettings("s", Secret.of("https://x/ SECRET")))
        .withMessage("webhookUrl: expected an http(s) URL, got a value that is not a URL");
    assertThatIllegalArgumentException().isThrownBy(() -> new SlackSettings(" ", Secret.of("https://x/y")))
        .withMessage("name: expected a channel name, got ''");
  }
}
