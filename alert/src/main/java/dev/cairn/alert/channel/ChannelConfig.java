package dev.cairn.alert.channel;

import static dev.cairn.config.ConfigType.bool;
import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.mapOf;
import static dev.cairn.config.ConfigType.oneOf;
import static dev.cairn.config.ConfigType.path;
import static dev.cairn.config.ConfigType.secret;
import static dev.cairn.config.ConfigType.text;
import static dev.cairn.config.ConfigType.url;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.config.Secret;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keys of each channel type under {@code channels.<name>} in {@code cairn.yaml}, declared once,
 * and how a loaded entry becomes a {@link Channel}. Secrets ({@code webhookUrl}, {@code apiKey},
 * {@code routingKey}, {@code password}, a webhook's {@code secret}) come from {@code ${ENV}} or
 * {@code file:} and are never printed. SNS lives in the {@code aws} module with its own keys.
 */
public final class ChannelConfig {
  private ChannelConfig() {}

  // ---- slack ----
  public static final ConfigKey<Secret> SLACK_WEBHOOK = ConfigKey.of("webhookUrl", secret())
      .doc("The incoming webhook URL (its path is the credential): `${SLACK_WEBHOOK_URL}` or `file:...`.");
  public static final ConfigDef SLACK = ConfigDef.builder().define(SLACK_WEBHOOK).build();

  // ---- webhook ----
  public static final ConfigKey<URI> WEBHOOK_URL = ConfigKey.of("url", url())
      .doc("Where alerts are POSTed as JSON (the schema is in docs/alerting.md).");
  public static final ConfigKey<Secret> WEBHOOK_SECRET = ConfigKey.of("secret", secret()).optional(
      "no signature").doc("Standard Webhooks signing secret (`whsec_` + base64, 24-64 bytes): requests carry "
          + "`webhook-id`, `webhook-timestamp` and `webhook-signature`.");
  public static final ConfigKey<Map<String, String>> WEBHOOK_HEADERS = ConfigKey.of("headers", mapOf("header", text()))
      .defaultValue(Map.of()).doc("Extra request headers.");
  public static final ConfigKey<Map<String, Secret>> WEBHOOK_SECRET_HEADERS = ConfigKey.of("secretHeaders",
      mapOf("header", secret())).defaultValue(Map.of()).doc("Extra request headers whose values are secrets "
          + "(an `Authorization` token), never printed.");
  public static final ConfigKey<Integer> WEBHOOK_IN_FLIGHT = ConfigKey.of("inFlight", integer())
      .defaultValue(WebhookSettings.DEFAULT_IN_FLIGHT).range(1, WebhookSettings.MAX_IN_FLIGHT)
      .doc("Deliveries sent at once. The receiver deduplicates on `webhook-id` and can order by `created`; "
          + "1 sends them one at a time, in the order the alerts were made.");
  public static final ConfigDef WEBHOOK = ConfigDef.builder().define(WEBHOOK_URL).define(WEBHOOK_SECRET)
      .define(WEBHOOK_HEADERS).define(WEBHOOK_SECRET_HEADERS).define(WEBHOOK_IN_FLIGHT).build();

  // ---- opsgenie ----
  public static final ConfigKey<Secret> OPSGENIE_KEY = ConfigKey.of("apiKey", secret())
      .doc("The API integration's key.");
  public static final ConfigKey<String> OPSGENIE_URL = ConfigKey.of("url", text()).defaultValue("US")
      .validate(ChannelConfig::isEndpoint, "US, EU, JSM or an https URL")
      .doc("`US` (api.opsgenie.com), `EU` (api.eu.opsgenie.com), `JSM` (Jira Service Management, "
          + "api.atlassian.com/jsm/ops/integration), or a base URL.");
  public static final ConfigKey<List<String>> OPSGENIE_TAGS = ConfigKey.of("tags", listOf(text()))
      .defaultValue(List.of()).doc("Tags added to every alert.");
  public static final ConfigDef OPSGENIE = ConfigDef.builder().define(OPSGENIE_KEY).define(OPSGENIE_URL)
      .define(OPSGENIE_TAGS).build();

  // ---- pagerduty ----
  public static final ConfigKey<Secret> PAGERDUTY_KEY = ConfigKey.of("routingKey", secret())
      .doc("The Events API v2 integration (routing) key.");
  public static final ConfigKey<String> PAGERDUTY_URL = ConfigKey.of("url", text()).defaultValue("US")
      .validate(ChannelConfig::isEndpoint, "US, EU or an https URL")
      .doc("`US` (events.pagerduty.com), `EU` (events.eu.pagerduty.com), or the enqueue URL.");
  public static final ConfigDef PAGERDUTY = ConfigDef.builder().define(PAGERDUTY_KEY).define(PAGERDUTY_URL).build();

  // ---- teams ----
  public static final ConfigKey<Secret> TEAMS_WEBHOOK = ConfigKey.of("webhookUrl", secret())
      .doc("The Workflows webhook URL (a Power Automate flow \"post to a channel when a webhook request is "
          + "received\"); Office 365 connector URLs (webhook.office.com) are retired.");
  public static final ConfigDef TEAMS = ConfigDef.builder().define(TEAMS_WEBHOOK).build();

  // ---- email ----
  public static final ConfigKey<String> EMAIL_HOST = ConfigKey.of("host", text()).doc("The SMTP server.");
  public static final ConfigKey<Integer> EMAIL_PORT = ConfigKey.of("port", integer()).defaultValue(587)
      .range(1, 65_535).doc("Its port (587 for STARTTLS, 465 for SMTPS).");
  public static final ConfigKey<EmailSettings.Security> EMAIL_SECURITY = ConfigKey.of("security",
      oneOf(EmailSettings.Security.class)).defaultValue(EmailSettings.Security.STARTTLS)
      .doc("STARTTLS (required, never plain), SMTPS, or NONE (only without credentials).");
  public static final ConfigKey<String> EMAIL_USER = ConfigKey.of("username", text())
      .optional("no authentication").doc("SMTP user name.");
  public static final ConfigKey<Secret> EMAIL_PASSWORD = ConfigKey.of("password", secret())
      .optional("no authentication").doc("SMTP password.");
  public static final ConfigKey<String> EMAIL_FROM = ConfigKey.of("from", text()).doc("The sender address.");
  public static final ConfigKey<List<String>> EMAIL_TO = ConfigKey.of("to", listOf(text())).doc("Recipients.");
  public static final ConfigKey<Duration> EMAIL_TIMEOUT = ConfigKey.of("timeout", duration())
      .defaultValue(EmailSettings.DEFAULT_TIMEOUT).atLeast(Duration.ofSeconds(1))
      .doc("Connect, read and write timeout.");
  public static final ConfigDef EMAIL = ConfigDef.builder().define(EMAIL_HOST).define(EMAIL_PORT)
      .define(EMAIL_SECURITY).define(EMAIL_USER).define(EMAIL_PASSWORD).define(EMAIL_FROM).define(EMAIL_TO)
      .define(EMAIL_TIMEOUT)
      .check("give both username and password, or neither",
          c -> c.find(EMAIL_USER).isPresent() == c.find(EMAIL_PASSWORD).isPresent())
      .build();

  // ---- console, file ----
  /** How the console prints alerts. */
  public enum ConsoleFormat { table, jsonl }

  public static final ConfigKey<ConsoleFormat> CONSOLE_FORMAT = ConfigKey.of("format", oneOf(ConsoleFormat.class))
      .defaultValue(ConsoleFormat.table).doc("An aligned table, or one JSON object per line.");
  public static final ConfigDef CONSOLE = ConfigDef.builder().define(CONSOLE_FORMAT).build();

  public static final ConfigKey<Path> FILE_PATH = ConfigKey.of("path", path())
      .doc("The file alerts are appended to, one JSON object (the webhook body) per line.");
  public static final ConfigKey<Boolean> FILE_SYNC = ConfigKey.of("sync", bool()).defaultValue(false)
      .doc("Force each line to disk before it counts as delivered.");
  public static final ConfigDef FILE = ConfigDef.builder().define(FILE_PATH).define(FILE_SYNC).build();

  /** The channel types of this module and their keys (SNS adds itself from the {@code aws} module). */
  public static Map<String, ConfigDef> types() {
    Map<String, ConfigDef> types = new LinkedHashMap<>();
    types.put("slack", SLACK);
    types.put("webhook", WEBHOOK);
    types.put("opsgenie", OPSGENIE);
    types.put("pagerduty", PAGERDUTY);
    types.put("teams", TEAMS);
    types.put("email", EMAIL);
    types.put("console", CONSOLE);
    types.put("file", FILE);
    return types;
  }

  /**
   * The channel a loaded entry describes; {@code type} is the entry's {@code type}. Null for a type
   * this module does not know (SNS: the {@code aws} module builds it).
   *
   * @param http the HTTP client of the channels that post over HTTP, asked for only by those (making
   *     one loads the TLS stack: a quarter of a second of CPU that a console-only service need not pay)
   * @param console where the console channel prints
   * @param ruleWidth the width of the RULE column of the console table
   */
  public static Channel create(String name, String type, Config entry, Supplier<HttpTransport> http, PrintWriter console,
      int ruleWidth) {
    return switch (type) {
      case "slack" -> new SlackChannel(new SlackSettings(name, entry.get(SLACK_WEBHOOK)), http.get());
      case "webhook" -> new WebhookChannel(new WebhookSettings(name, entry.get(WEBHOOK_URL), entry.find(WEBHOOK_SECRET),
          entry.get(WEBHOOK_HEADERS), entry.get(WEBHOOK_SECRET_HEADERS), entry.get(WEBHOOK_IN_FLIGHT)), http.get());
      case "opsgenie" -> new OpsgenieChannel(new OpsgenieSettings(name, endpoint(entry.get(OPSGENIE_URL),
          OpsgenieSettings.US, OpsgenieSettings.EU, OpsgenieSettings.JSM), entry.get(OPSGENIE_KEY),
          entry.get(OPSGENIE_TAGS)), http.get());
      case "pagerduty" -> new PagerDutyChannel(new PagerDutySettings(name, endpoint(entry.get(PAGERDUTY_URL),
          PagerDutySettings.US, PagerDutySettings.EU, null), entry.get(PAGERDUTY_KEY)), http.get());
      case "teams" -> new TeamsChannel(new TeamsSettings(name, entry.get(TEAMS_WEBHOOK)), http.get());
      case "email" -> new EmailChannel(new EmailSettings(name, entry.get(EMAIL_HOST), entry.get(EMAIL_PORT),
          entry.get(EMAIL_SECURITY), entry.find(EMAIL_USER), entry.find(EMAIL_PASSWORD), entry.get(EMAIL_FROM),
          entry.get(EMAIL_TO), entry.get(EMAIL_TIMEOUT), Optional.empty()));
      case "console" -> console(name, console, entry.get(CONSOLE_FORMAT), ruleWidth);
      case "file" -> new FileChannel(new FileSettings(name, entry.get(FILE_PATH), entry.get(FILE_SYNC)));
      default -> null;
    };
  }

  /** The console channel: today's table or JSON lines. */
  public static Channel console(String name, PrintWriter out, ConsoleFormat format, int ruleWidth) {
    return new ConsoleChannel(new ConsoleSettings(name, out,
        format == ConsoleFormat.jsonl ? LineFormat.jsonLines() : LineFormat.table(ruleWidth)));
  }

  private static boolean isEndpoint(String value) {
    String upper = value.toUpperCase(Locale.ROOT);
    return upper.equals("US") || upper.equals("EU") || upper.equals("JSM") || value.startsWith("https://");
  }

  private static URI endpoint(String value, URI us, URI eu, URI jsm) {
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "US" -> us;
      case "EU" -> eu;
      case "JSM" -> jsm != null ? jsm : URI.create(value);
      default -> URI.create(value);
    };
  }
}
