package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A generic JSON webhook, signed the Standard Webhooks way when it has a secret.
 *
 * @param name the configured channel name ({@code audit})
 * @param url where to POST; shown redacted (scheme, host, first path word), as a query may hold a token
 * @param secret the Standard Webhooks signing secret: {@code whsec_} followed by the base64 of 24 to
 *     64 random bytes (the prefix is optional, the base64 is not, as in the spec's reference
 *     libraries); empty to send unsigned
 * @param headers extra headers, shown in previews
 * @param secretHeaders extra headers whose values are credentials ({@code Authorization}), never shown
 * @param inFlight deliveries sent at once (1 to {@value #MAX_IN_FLIGHT}); 1 keeps them in order
 */
public record WebhookSettings(String name, URI url, Optional<Secret> secret, Map<String, String> headers,
    Map<String, Secret> secretHeaders, int inFlight) {
  /**
   * Deliveries sent at once by default: a webhook receiver deduplicates on {@code webhook-id} and
   * can order by the body's {@code created}, so waiting for each answer before the next request
   * only caps the alerts per second at one over the round trip.
   */
  public static final int DEFAULT_IN_FLIGHT = 4;
  public static final int MAX_IN_FLIGHT = 16;
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;

  /** Validates every setting; the message names the setting and never shows a secret. */
  public WebhookSettings {
    Check.name(name);
    Check.url("url", url);
    Objects.requireNonNull(secret, "secret");
    secret.ifPresent(WebhookSettings::signingKey);
    Check.headers("headers", headers);
    Check.headers("secretHeaders", secretHeaders);
    if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
      throw new IllegalArgumentException("inFlight: expected a whole number from 1 to " + MAX_IN_FLIGHT + ", got " + inFlight);
    }
    headers = Map.copyOf(new TreeMap<>(headers));
    secretHeaders = Map.copyOf(new TreeMap<>(secretHeaders));
    for (String h : headers.keySet()) {
      if (secretHeaders.keySet().stream().anyMatch(h::equalsIgnoreCase)) {
        throw new IllegalArgumentException("secretHeaders: '" + h + "' is also in headers");
      }
    }
  }

  /** Settings sending {@value #DEFAULT_IN_FLIGHT} deliveries at once. */
  public WebhookSettings(String name, URI url, Optional<Secret> secret, Map<String, String> headers,
      Map<String, Secret> secretHeaders) {
    this(name, url, secret, headers, secretHeaders, DEFAULT_IN_FLIGHT);
  }

  /** An unsigned webhook with no extra headers. */
  public static WebhookSettings of(String name, URI url) {
    return new WebhookSettings(name, url, Optional.empty(), Map.of(), Map.of());
  }

  /** The HMAC key a secret stands for. */
  static byte[] signingKey(Secret secret) {
    String s = secret.reveal().trim();
    if (s.startsWith("whsec_")) {
      s = s.substring("whsec_".length());
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "secret: expected whsec_ followed by base64 (Standard Webhooks), got a value that is not base64");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("secret: expected " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
          + " random bytes (Standard Webhooks), got " + key.length);
    }
    return key;
  }

  @Override
  public String toString() {
    return "WebhookSettings[name=" + name + ", url=" + Redact.url(url) + ", signed=" + secret.isPresent()
        + ", headers=" + headers.keySet() + ", secretHeaders=" + secretHeaders.keySet() + ", inFlight=" + inFlight
        + "]";
  }
}
