package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An Opsgenie API integration, or its Jira Service Management successor.
 *
 * @param name the configured channel name ({@code oncall})
 * @param url the API base: {@link #US} ({@code https://api.opsgenie.com}), {@link #EU}
 *     ({@code https://api.eu.opsgenie.com}) or {@link #JSM}
 *     ({@code https://api.atlassian.com/jsm/ops/integration}); alerts go to {@code url + /v2/alerts}
 * @param apiKey the integration's API key, sent as {@code Authorization: GenieKey <key>}
 * @param tags tags added to every alert, after {@code cairn}, the rule and the severity
 */
public record OpsgenieSettings(String name, URI url, Secret apiKey, List<String> tags) {
  /** Opsgenie in the US. */
  public static final URI US = URI.create("https://api.opsgenie.com");
  /** Opsgenie in the EU. */
  public static final URI EU = URI.create("https://api.eu.opsgenie.com");
  /** Jira Service Management operations, the successor Atlassian moves Opsgenie accounts to. */
  public static final URI JSM = URI.create("https://api.atlassian.com/jsm/ops/integration");

  /** Validates every setting; the message never shows the key. */
  public OpsgenieSettings {
    Check.name(name);
    Check.url("url", url);
    Check.secret("apiKey", apiKey);
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
  }

  /** The US endpoint, no extra tags. */
  public static OpsgenieSettings of(String name, Secret apiKey) {
    return new OpsgenieSettings(name, US, apiKey, List.of());
  }

  /** Where alerts are created. */
  URI alertsUrl() {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v2/alerts");
  }

  @Override
  public String toString() {
    return "OpsgenieSettings[name=" + name + ", url=" + url + ", apiKey=[secret], tags=" + tags + "]";
  }
}
