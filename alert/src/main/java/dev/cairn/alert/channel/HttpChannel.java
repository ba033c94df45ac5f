package dev.cairn.alert.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel that POSTs one rendered body to one URL: renders, previews exactly what it sends, and
 * sends through the shared {@link HttpTransport}, which classifies the answer for {@link #receiver()}.
 */
abstract class HttpChannel implements Channel {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(HttpChannel.class);

  private final String name;
  private final String type;
  private final HttpTransport http;

  HttpChannel(String name, String type, HttpTransport http) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String type() {
    return type;
  }

  /**
   * What one send posts.
   *
   * @param uri where (may hold a secret)
   * @param headers every header in order
   * @param secretHeaders the names of headers whose values are secret (never previewed)
   * @param body the body
   * @param shownBody the body as previews show it: the body, or for a receiver that takes its key
   *     in the body (PagerDuty), the body with the key replaced by {@code [secret]}
   * @param scrubber the secrets to keep out of reasons
   */
  record Rendered(URI uri, Map<String, String> headers, Set<String> secretHeaders, byte[] body, byte[] shownBody,
      Redact.Scrubber scrubber) {
    Rendered(URI uri, Map<String, String> headers, Set<String> secretHeaders, byte[] body, Redact.Scrubber scrubber) {
      this(uri, headers, secretHeaders, body, body, scrubber);
    }
  }

  /** Renders the alert for this receiver; the same alert and key always give the same body. */
  abstract Rendered render(Alert alert, String idempotencyKey);

  /** Who answers, for the classification of its answers. */
  abstract Responses.Receiver receiver();

  HttpTransport http() {
    return http;
  }

  @Override
  public final String preview(Alert alert, String idempotencyKey) {
    Rendered r = render(alert, idempotencyKey);
    StringBuilder s = new StringBuilder("POST ").append(Redact.url(r.uri())).append('\n');
    r.headers().forEach((name, value) ->
        s.append(name).append(": ").append(r.secretHeaders().contains(name) ? "[secret]" : value).append('\n'));
    return s.append('\n').append(new String(r.shownBody(), StandardCharsets.UTF_8)).toString();
  }

  @Override
  public final Attempt send(Alert alert, String idempotencyKey) throws InterruptedException {
    Rendered r;
    try {
      r = render(alert, idempotencyKey);
    } catch (RuntimeException e) {
      // A rendering bug must not stop the delivery loop; nor may its message leak a secret.
      String reason = "could not render for " + type() + " (" + e.getClass().getSimpleName() + ")";
      LOG.error("channel {}: {}", name(), reason);
      return new Attempt.Permanent(reason);
    }
    return http.post(new HttpTransport.Post(r.uri(), r.headers(), r.body(), r.scrubber()), receiver());
  }

  /** Headers every JSON POST carries, in order, before the channel's own. */
  static Map<String, String> jsonHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("User-Agent", "cairn");
    return headers;
  }

  /** The key itself when a receiver takes it (within {@code max}), else the hex SHA-256 of it: same for every attempt. */
  static String keyWithin(String idempotencyKey, int max) {
    if (idempotencyKey.length() <= max) {
      return idempotencyKey;
    }
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static byte[] bytes(ObjectNode json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
