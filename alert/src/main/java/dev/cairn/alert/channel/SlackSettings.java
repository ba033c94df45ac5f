package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.util.Objects;

/**
 * A Slack incoming webhook.
 *
 * @param name the configured channel name ({@code secops})
 * @param webhookUrl {@code https://hooks.slack.com/services/T…/B…/…}: the URL is the credential
 */
public record SlackSettings(String name, Secret webhookUrl) {
  /** Validates both; a bad URL is reported without showing it. */
  public SlackSettings {
    Check.name(name);
    Check.secretUrl("webhookUrl", Objects.requireNonNull(webhookUrl, "webhookUrl"));
  }

  @Override
  public String toString() {
    return "SlackSettings[name=" + name + ", webhookUrl=" + Redact.url(webhookUrl.reveal()) + "]";
  }
}
