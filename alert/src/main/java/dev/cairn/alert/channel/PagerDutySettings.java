package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.net.URI;

/**
 * A PagerDuty Events API v2 integration.
 *
 * @param name the configured channel name ({@code pager})
 * @param url the enqueue endpoint: {@link #US} or {@link #EU}
 * @param routingKey the integration key (32 characters), sent in the body as {@code routing_key}
 */
public record PagerDutySettings(String name, URI url, Secret routingKey) {
  /** PagerDuty's Events API v2. */
  public static final URI US = URI.create("https://events.pagerduty.com/v2/enqueue");
  /** The same, for accounts in PagerDuty's EU service region. */
  public static final URI EU = URI.create("https://events.eu.pagerduty.com/v2/enqueue");

  /** Validates every setting; the message never shows the key. */
  public PagerDutySettings {
    Check.name(name);
    Check.url("url", url);
    Check.secret("routingKey", routingKey);
  }

  /** The US endpoint. */
  public static PagerDutySettings of(String name, Secret routingKey) {
    return new PagerDutySettings(name, US, routingKey);
  }

  @Override
  public String toString() {
    return "PagerDutySettings[name=" + name + ", url=" + url + ", routingKey=[secret]]";
  }
}
