package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;

/**
 * The five HTTP channels pointed at a local server, with credentials that tests look for in
 * everything the channels show.
 */
final class Receivers {
  static final String SLACK_TOKEN = "SLACKtoken0123456789";
  static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String WEBHOOK_BEARER = "Bearer webhookBEARER42";
  static final String OPSGENIE_KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";
  static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdef012345";
  static final String TEAMS_SIG = "TEAMSsig0123456789";

  /** Every secret above: none may appear in a reason, a preview or a toString. */
  static final List<String> SECRETS = List.of(SLACK_TOKEN, WEBHOOK_SECRET.substring(6), WEBHOOK_BEARER, OPSGENIE_KEY,
      ROUTING_KEY, TEAMS_SIG);

  static final List<String> TYPES = List.of("slack", "webhook", "opsgenie", "pagerduty", "teams");

  private Receivers() {}

  static HttpChannel channel(String type, MockWebServer server, HttpTransport http) {
    return switch (type) {
      case "slack" -> new SlackChannel(slack(server), http);
      case "webhook" -> new WebhookChannel(webhook(server), http);
      case "opsgenie" -> new OpsgenieChannel(new OpsgenieSettings("oncall", server.url("/").uri(),
          Secret.of(OPSGENIE_KEY), List.of("aws")), http);
      case "pagerduty" -> new PagerDutyChannel(new PagerDutySettings("pager", server.url("/v2/enqueue").uri(),
          Secret.of(ROUTING_KEY)), http);
      case "teams" -> new TeamsChannel(teams(server), http);
      default -> throw new IllegalArgumentException(type);
    };
  }

  static SlackSettings slack(MockWebServer server) {
    return new SlackSettings("secops", Secret.of(server.url("/services/T0001/B0002/" + SLACK_TOKEN).toString()));
  }

  static WebhookSettings webhook(MockWebServer server) {
    return new WebhookSettings("audit", server.url("/cairn").uri(), Optional.of(Secret.of(WEBHOOK_SECRET)),
        Map.of("X-Team", "secops"), Map.of("Authorization", Secret.of(WEBHOOK_BEARER)));
  }

  static TeamsSettings teams(MockWebServer server) {
    URI base = server.url("/workflows/0f1e2d/triggers/manual/paths/invoke").uri();
    return new TeamsSettings("ops-teams", Secret.of(base + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun"
        + "&sv=1.0&sig=" + TEAMS_SIG));
  }

  /** The path each channel posts to. */
  static String path(String type) {
    return switch (type) {
      case "slack" -> "/services/T0001/B0002/" + SLACK_TOKEN;
      case "webhook" -> "/cairn";
      case "opsgenie" -> "/v2/alerts";
      case "pagerduty" -> "/v2/enqueue";
      case "teams" -> "/workflows/0f1e2d/triggers/manual/paths/invoke";
      default -> throw new IllegalArgumentException(type);
    };
  }
}
