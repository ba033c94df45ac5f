package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The alert as JSON ({@link AlertJson}, with {@code id} the idempotency key and {@code text} the
 * webhook template's text; an alarm's state change as CloudWatch's SNS message, {@link
 * Alert#alarm()}) POSTed to a URL, signed as the Standard Webhooks spec says
 * (https://www.standardwebhooks.com, spec 1.0.0):
 * {@code webhook-id} (the idempotency key, so a receiver drops repeats),
 * {@code webhook-timestamp} (Unix seconds of this attempt) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}.
 *
 * <p>The spec forbids a {@code .} in the id (it would make the signed content ambiguous), so a key
 * that holds one, or anything but printable ASCII, or more than 128 characters, is sent as
 * {@code msg_} and the base64url SHA-256 of the key: still the same for every attempt.
 *
 * <p>Sizes: every string of the body is cut at {@value #FIELD_MAX} characters, and when the body is
 * still over {@value #BODY_MAX} bytes, the CloudTrail records of the last events are left out
 * ({@code "record": null}, {@code "recordsOmitted": n}). The spec recommends small payloads.
 *
 * <p>Answers, per the spec: 2xx delivered; 410 permanent (stop sending); 3xx permanent (not
 * followed); everything else transient, with {@code Retry-After}.
 */
public final class WebhookChannel extends HttpChannel {
  /** The channel type, and the key of a rule's webhook template. */
  public static final String TYPE = "webhook";

  static final int FIELD_MAX = 16_384;
  static final int BODY_MAX = 1 << 20;
  private static final Pattern PLAIN_ID = Pattern.compile("[\\x21-\\x2d\\x2f-\\x7e]{1,128}"); // printable, no '.'

  private final WebhookSettings settings;
  private final Optional<byte[]> key;

  public WebhookChannel(WebhookSettings settings, HttpTransport http) {
    super(settings.name(), TYPE, http);
    this.settings = settings;
    this.key = settings.secret().map(WebhookSettings::signingKey);
  }

  /** {@link WebhookSettings#inFlight()}: rendering and sending keep no state, so attempts may overlap. */
  @Override
  public int maxInFlight() {
    return settings.inFlight();
  }

  @Override
  Responses.Receiver receiver() {
    return Responses.Receiver.WEBHOOK;
  }

  @Override
  Rendered render(Alert alert, String idempotencyKey) {
    byte[] body = body(alert, TYPE, idempotencyKey);
    Map<String, String> headers = jsonHeaders();
    settings.headers().forEach(headers::put);
    Set<String> secret = new HashSet<>();
    settings.secretHeaders().forEach((name, value) -> {
      headers.put(name, value.reveal());
      secret.add(name);
    });
    List<String> secrets = new ArrayList<>(settings.secretHeaders().values().stream().map(Secret::reveal).toList());
    String id = webhookId(idempotencyKey);
    headers.put("webhook-id", id);
    if (key.isPresent()) {
      long timestamp = http().clock().instant().getEpochSecond();
      headers.put("webhook-timestamp", Long.toString(timestamp));
      headers.put("webhook-signature", sign(key.get(), id, timestamp, body));
      settings.secret().ifPresent(s -> {
        secrets.add(s.reveal());
        secrets.add(s.reveal().trim().replaceFirst("^whsec_", ""));
      });
    }
    return new Rendered(settings.url(), headers, Set.copyOf(secret), body,
        Redact.Scrubber.of(secrets.toArray(String[]::new)));
  }

  /**
   * The JSON body for a channel type (the file channel writes the same): {@link AlertJson} with the
   * type's text and {@code id} the idempotency key (as the documented schema says: what a receiver
   * deduplicates on; the alert's own id follows as {@code alertId}), every string bounded, records
   * left out from the last event while over the limit.
   */
  static byte[] body(Alert alert, String type, String idempotencyKey) {
    if (alert.alarm().isPresent()) {
      // An alarm's state change goes out as CloudWatch publishes it, so its consumers parse it
      // unchanged; the idempotency key travels in the webhook-id header.
      return bytes((ObjectNode) bounded(alert.alarm().get()));
    }
    ObjectNode tree = (ObjectNode) bounded(AlertJson.tree(alert));
    tree.put("id", idempotencyKey);
    tree.put("text", Text.fit(alert.textFor(type), FIELD_MAX));
    tree.put("alertId", alert.id());
    byte[] body = bytes(tree);
    ArrayNode events = (ArrayNode) tree.get("events");
    int omitted = 0;
    for (int i = events.size() - 1; i >= 0 && body.length > BODY_MAX; i--) {
      ((ObjectNode) events.get(i)).putNull("record");
      tree.put("recordsOmitted", ++omitted);
      body = bytes(tree);
    }
    return body;
  }

  /**
   * The node with every string (and field name) cut at {@value #FIELD_MAX}: records may be huge.
   * Copied only where something is cut (most alerts need no cut, and copying every record's tree
   * for every delivery was a fifth of the delivery loop's CPU); nothing here mutates what it is given.
   */
  @SuppressWarnings("ReferenceEquality") // by design: "the same node back" means nothing was cut below it
  private static JsonNode bounded(JsonNode node) {
    if (node.isTextual()) {
      String s = node.textValue();
      String fitted = Text.fit(s, FIELD_MAX);
      return fitted.equals(s) ? node : JSON.getNodeFactory().textNode(fitted);
    }
    if (node.isArray()) {
      ArrayNode copy = null;
      for (int i = 0; i < node.size(); i++) {
        JsonNode child = node.get(i);
        JsonNode fitted = bounded(child);
        if (copy == null && fitted != child) {
          copy = JSON.createArrayNode();
          for (int j = 0; j < i; j++) {
            copy.add(node.get(j));
          }
        }
        if (copy != null) {
          copy.add(fitted);
        }
      }
      return copy == null ? node : copy;
    }
    if (node.isObject()) {
      ObjectNode copy = null;
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      node.properties().forEach(fields::add);
      for (int i = 0; i < fields.size(); i++) {
        Map.Entry<String, JsonNode> field = fields.get(i);
        String name = Text.fit(field.getKey(), FIELD_MAX);
        JsonNode fitted = bounded(field.getValue());
        if (copy == null && (fitted != field.getValue() || !name.equals(field.getKey()))) {
          copy = JSON.createObjectNode();
          for (int j = 0; j < i; j++) {
            copy.set(fields.get(j).getKey(), fields.get(j).getValue());
          }
        }
        if (copy != null) {
          copy.set(name, fitted);
        }
      }
      return copy == null ? node : copy;
    }
    return node; // numbers, booleans, null: immutable and small
  }

  /** The {@code webhook-id} for an idempotency key (see the class comment). */
  static String webhookId(String idempotencyKey) {
    if (PLAIN_ID.matcher(idempotencyKey).matches()) {
      return idempotencyKey;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}. */
  static String sign(byte[] key, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
