package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TeamsChannelTest {
  @Test
  void warnsAboutRetiredOffice365ConnectorUrls() {
    assertThat(teams("https://contoso.webhook.office.com/webhookb2/1234@5678/IncomingWebhook/abcd/ef01").warnings())
        .containsExactly("channels.ops-teams.webhookUrl: https://contoso.webhook.office.com/webhookb2/… is an Office"
            + " 365 connector webhook, which Microsoft retired; create a Workflows webhook (\"When a Teams webhook"
            + " request is received\") and use its URL");
    assertThat(teams("https://outlook.office.com/webhook/1234@5678/IncomingWebhook/abcd/ef01").warnings()).hasSize(1);
    assertThat(teams("https://prod-12.westeurope.logic.azure.com:443/workflows/8f/triggers/manual/paths/invoke?sig=S")
        .warnings()).isEmpty();
    assertThat(teams("https://default0a1b.2c.environment.api.powerplatform.com:443/powerautomate/automations/direct/"
        + "workflows/8f/triggers/manual/paths/invoke?api-version=1&sig=S").warnings()).isEmpty();
  }

  private static TeamsSettings teams(String url) {
    return new TeamsSettings("ops-teams", Secret.of(url));
  }

  @Test
  void fourRequestsASecond() {
    TeamsChannel c = new TeamsChannel(teams("https://x.logic.azure.com/workflows/1?sig=S"), HttpTransport.defaults());
    assertThat(c.minInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aCardOfMultiByteTextIsShortenedToFit() {
    byte[] body = TeamsChannel.message(Alerts.everywhere("€".repeat(200_000))); // 600 KB in every field
    assertThat(body.length).isLessThanOrEqualTo(TeamsChannel.MAX_BYTES).isGreaterThan(TeamsChannel.MAX_BYTES / 3);
  }
}
