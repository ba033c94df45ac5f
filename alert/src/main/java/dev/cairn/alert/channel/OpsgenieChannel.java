package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.match.Severity;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opsgenie's Alert API v2 ({@code POST /v2/alerts}; the same body for Jira Service Management's
 * {@code /jsm/ops/integration/v2/alerts}). The idempotency key is the {@code alias}, so Opsgenie
 * counts a repeat on the open alert instead of paging twice; a digest is pushed to the same alias
 * when the delivery loop passes the group's key, as the channel uses whatever key it is given.
 *
 * <p>Fields and Opsgenie's limits: {@code message} the title (130), {@code alias} (512, else its
 * SHA-256), {@code description} the whole alert as text (15,000), {@code details} the facts by key
 * (8,000 characters in all, keys included), {@code tags} (20 of 50), {@code entity} the account
 * (512), {@code source} {@code cairn}, {@code priority} from the severity: critical P1, high P2,
 * medium P3, low P4, info P5. Opsgenie takes JSON text as text: nothing is escaped but the JSON.
 *
 * <p>Answers: 202 delivered (processed later: Opsgenie's request log shows the outcome); 429 and
 * 5xx transient; 400, 401, 402, 403, 404, 409, 410, 422 permanent.
 */
public final class OpsgenieChannel extends HttpChannel {
  /** The channel type, and the key of a rule's Opsgenie template. */
  public static final String TYPE = "opsgenie";

  static final int MESSAGE_MAX = 130;
  static final int ALIAS_MAX = 512;
  static final int DESCRIPTION_MAX = 15_000;
  static final int DETAILS_MAX = 8_000;
  static final int DETAIL_VALUE_MAX = 1_000;
  static final int TAGS_MAX = 20;
  static final int TAG_MAX = 50;
  static final int ENTITY_MAX = 512;

  private final OpsgenieSettings settings;

  public OpsgenieChannel(OpsgenieSettings settings, HttpTransport http) {
    super(settings.name(), TYPE, http);
    this.settings = settings;
  }

  /** A group's digest goes under its first alert's key: Opsgenie adds a repeat of an open alias to that alert. */
  @Override
  public boolean threadsByKey() {
    return true;
  }

  @Override
  Responses.Receiver receiver() {
    return Responses.Receiver.OPSGENIE;
  }

  @Override
  Rendered render(Alert alert, String idempotencyKey) {
    Map<String, String> headers = jsonHeaders();
    headers.put("Authorization", "GenieKey " + settings.apiKey().reveal());
    return new Rendered(settings.alertsUrl(), headers, Set.of("Authorization"), bytes(body(alert, idempotencyKey)),
        Redact.Scrubber.of(settings.apiKey().reveal()));
  }

  ObjectNode body(Alert alert, String idempotencyKey) {
    ObjectNode o = JSON.createObjectNode();
    o.put("message", Text.fit(Text.oneLine(alert.title()), MESSAGE_MAX));
    o.put("alias", keyWithin(idempotencyKey, ALIAS_MAX));
    o.put("description", AlertView.plainText(alert, alert.textFor(TYPE), DESCRIPTION_MAX));
    ArrayNode tags = o.putArray("tags");
    Set<String> all = new LinkedHashSet<>(List.of("cairn", alert.rule(), alert.severity().label()));
    all.addAll(settings.tags());
    all.stream().filter(t -> !t.isBlank()).limit(TAGS_MAX).forEach(t -> tags.add(Text.fit(Text.oneLine(t), TAG_MAX)));
    o.set("details", details(alert));
    String entity = AlertView.account(alert.facts());
    if (!entity.isEmpty()) {
      o.put("entity", Text.fit(entity, ENTITY_MAX));
    }
    o.put("source", "cairn");
    o.put("priority", priority(alert.severity()));
    return o;
  }

  /** Critical P1 … info P5. */
  static String priority(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "P1";
      case HIGH -> "P2";
      case MEDIUM -> "P3";
      case LOW -> "P4";
      case INFO -> "P5";
    };
  }

  /** The facts by key, each value cut, all of them within Opsgenie's total. */
  static ObjectNode details(Alert alert) {
    Alert.Facts f = alert.facts();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("rule", alert.rule());
    d.put("severity", alert.severity().label());
    d.put("account", f.account());
    d.put("accountAlias", f.accountAlias());
    d.put("actor", f.actor());
    d.put("mfa", f.mfa());
    d.put("sourceIPAddress", f.sourceIpAddress());
    d.put("region", f.region());
    d.put("eventName", f.eventName());
    d.put("eventSource", f.eventSource());
    d.put("outcome", f.outcome());
    d.put("errorCode", f.errorCode());
    d.put("eventTime", f.eventTime());
    d.put("eventID", alert.events().isEmpty() ? "" : alert.events().get(0).eventId());
    d.put("count", Integer.toString(alert.count()));
    alert.digest().ifPresent(g -> {
      d.put("windowStart", g.windowStart().toString());
      d.put("windowEnd", g.windowEnd().toString());
      AlertView.digest(alert).orElseThrow().stream().skip(1).forEach(line -> {
        int colon = line.indexOf(": ");
        d.put(line.substring(0, colon), line.substring(colon + 2));
      });
    });
    ObjectNode details = JSON.createObjectNode();
    int left = DETAILS_MAX;
    for (Map.Entry<String, String> e : d.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      int room = Math.min(DETAIL_VALUE_MAX, left - e.getKey().length());
      if (room <= 0) {
        break;
      }
      String value = Text.fit(e.getValue(), room);
      details.put(e.getKey(), value);
      left -= e.getKey().length() + value.length();
    }
    return details;
  }
}
