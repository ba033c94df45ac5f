package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Microsoft Teams channel reached through a Workflows (Power Automate) webhook: the "When a Teams
 * webhook request is received" trigger, whose URL carries its signature ({@code sig=}) and is
 * therefore a secret.
 *
 * @param name the configured channel name ({@code ops-teams})
 * @param webhookUrl the workflow's HTTP POST URL
 */
public record TeamsSettings(String name, Secret webhookUrl) {
  /** Validates both; a bad URL is reported without showing it. */
  public TeamsSettings {
    Check.name(name);
    Check.secretUrl("webhookUrl", Objects.requireNonNull(webhookUrl, "webhookUrl"));
  }

  /**
   * What {@code cairn validate} should warn about: an Office 365 connector URL
   * ({@code *.webhook.office.com}, {@code outlook.office.com/webhook}). Microsoft retired those
   * connectors in favour of Workflows; such a URL stops working, or already has.
   */
  public List<String> warnings() {
    URI url = Check.secretUrl("webhookUrl", webhookUrl);
    String host = url.getHost().toLowerCase(Locale.ROOT);
    List<String> warnings = new ArrayList<>();
    if (host.equals("webhook.office.com") || host.endsWith(".webhook.office.com")
        || (host.equals("outlook.office.com") && String.valueOf(url.getPath()).startsWith("/webhook"))) {
      warnings.add("channels." + name + ".webhookUrl: " + Redact.url(url) + " is an Office 365 connector"
          + " webhook, which Microsoft retired; create a Workflows webhook (\"When a Teams webhook request is"
          + " received\") and use its URL");
    }
    return List.copyOf(warnings);
  }

  @Override
  public String toString() {
    return "TeamsSettings[name=" + name + ", webhookUrl=" + Redact.url(webhookUrl.reveal()) + "]";
  }
}
