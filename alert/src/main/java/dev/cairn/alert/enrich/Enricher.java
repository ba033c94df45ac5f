package dev.cairn.alert.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.alert.Alert;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the {@linkplain Alert.Facts facts} of an event: who did what, where, with or without
 * MFA, in which account by name, with what outcome. The rules, and the AWS documentation behind
 * them, are in the {@linkplain dev.cairn.alert.enrich package documentation}.
 *
 * <p>Every value is taken from the record as it is (attacker-controlled text, never evaluated)
 * and bounded to {@link #MAX_LENGTH} code points: longer values are cut on a code-point boundary
 * and end with {@code … (truncated, N more)}.
 *
 * <pre>{@code
 * Enricher enricher = Enricher.withAccounts(Map.of("111111111111", "Corezoid Dev"));
 * Alert.Facts facts = enricher.facts(event);
 * }</pre>
 *
 * <p>An event decoded with only some fields parses the rest of its record when the facts need it;
 * a decoder that enriches every event can parse {@link #recordFields()} up front instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class Enricher {
  /** Most code points a fact keeps (CloudTrail itself caps {@code userAgent} and error texts at 1 KB). */
  public static final int MAX_LENGTH = 1024;

  static final String SIGN_IN_SOURCE = "signin.amazonaws.com";

  /**
   * Sign-in steps whose result CloudTrail records as {@code "Success"} or {@code "Failure"} under
   * their own name, in {@code responseElements} (console sign-in) or {@code serviceEventDetails}
   * (IAM Identity Center sign-in).
   */
  static final Set<String> SIGN_IN_STEPS = Set.of("ConsoleLogin", "CheckMfa", "SwitchRole", "RenewRole", "PasswordUpdated",
      "ExitRole", "CredentialChallenge", "CredentialVerification", "UserAuthentication");

  private static final RecordFields FIELDS = RecordFields.of(paths());

  private final Map<String, String> aliases;

  private Enricher(Map<String, String> aliases) {
    this.aliases = aliases;
  }

  /**
   * An enricher naming accounts by the config's {@code accounts} map.
   *
   * @param accountAliases account id (as records spell it, 12 digits) to its name
   */
  public static Enricher withAccounts(Map<String, String> accountAliases) {
    Objects.requireNonNull(accountAliases, "accountAliases");
    accountAliases.forEach((id, alias) -> {
      Objects.requireNonNull(id, "account id");
      Objects.requireNonNull(alias, "alias of account " + id);
    });
    return new Enricher(Map.copyOf(accountAliases));
  }

  /**
   * The record fields {@link #facts} reads, beyond the {@linkplain RecordFields#core() core} ones:
   * decoders that parse only what is used must parse these too.
   */
  public static RecordFields recordFields() {
    return FIELDS;
  }

  /** The account's name from the map, else the id itself; empty for an empty id. */
  public String accountAlias(String accountId) {
    if (accountId == null || accountId.isEmpty()) {
      return "";
    }
    return bounded(aliases.getOrDefault(accountId, accountId));
  }

  /** The facts of an event (a CloudTrail record, or any EventBridge event). */
  public Alert.Facts facts(CloudTrailEvent event) {
    Objects.requireNonNull(event, "event");
    JsonNode record = event.record(FIELDS);
    boolean cloudTrail = event.isCloudTrail();
    JsonNode identity = cloudTrail ? object(record, "userIdentity") : null;
    JsonNode additional = cloudTrail ? object(record, "additionalEventData") : null;
    String eventName = orEmpty(event.eventName());
    String eventSource = orEmpty(event.eventSource());
    Kind kind = kind(event, record, eventSource);
    boolean signIn = cloudTrail && (SIGN_IN_SOURCE.equals(eventSource) || kind == Kind.CONSOLE_SIGN_IN);
    String account = orEmpty(event.account());
    String errorCode = orEmpty(text(record, "errorCode"));
    Outcome outcome = !errorCode.isEmpty() || (signIn && failedStep(record, eventName))
        ? Outcome.FAILURE : Outcome.SUCCESS;
    return new Alert.Facts(
        bounded(account),
        accountAlias(account),
        bounded(orEmpty(event.awsRegion())),
        bounded(Actors.actor(identity, additional)),
        MfaRules.mfa(signIn, eventName, identity, additional).value(),
        bounded(orEmpty(text(record, "sourceIPAddress"))),
        kind == null ? "" : kind.value(),
        category(record, kind),
        readOnly(record, eventName),
        outcome.value(),
        bounded(errorCode),
        bounded(orEmpty(text(record, "errorMessage"))),
        bounded(eventName),
        bounded(eventSource),
        bounded(orEmpty(event.eventTimeText())),
        bounded(orEmpty(text(record, "userAgent"))),
        bounded(orEmpty(text(identity, "arn"))));
  }

  // ---- kind, category, readOnly, outcome ---------------------------------------------------------

  /** Null for an {@code eventType} CloudTrail does not document (yet). */
  static Kind kind(CloudTrailEvent event, JsonNode record, String eventSource) {
    if (!event.isCloudTrail()) {
      return Kind.SERVICE_EVENT;
    }
    String eventType = event.eventType();
    if (eventType == null) {
      // Before eventVersion 1.02 records had no eventType: they were API calls or console sign-ins.
      String category = text(record, "eventCategory");
      if ("Insight".equalsIgnoreCase(category)) {
        return Kind.INSIGHT;
      }
      if ("NetworkActivity".equalsIgnoreCase(category)) {
        return Kind.NETWORK_ACTIVITY;
      }
      return SIGN_IN_SOURCE.equals(eventSource) ? Kind.CONSOLE_SIGN_IN : Kind.API_CALL;
    }
    return switch (eventType.toLowerCase(Locale.ROOT)) {
      case "awsapicall" -> Kind.API_CALL;
      case "awsconsolesignin" -> Kind.CONSOLE_SIGN_IN;
      case "awsconsoleaction" -> Kind.CONSOLE_ACTION;
      case "awsserviceevent" -> Kind.SERVICE_EVENT;
      case "awscloudtrailinsight" -> Kind.INSIGHT;
      case "awsvpceevent", "awsvpceevents" -> Kind.NETWORK_ACTIVITY; // the record-contents page's spelling
      default -> null;
    };
  }

  static String category(JsonNode record, Kind kind) {
    String category = text(record, "eventCategory");
    if (category != null) {
      return switch (category.toLowerCase(Locale.ROOT)) {
        case "management" -> Category.MANAGEMENT.value();
        case "data" -> Category.DATA.value();
        case "insight" -> Category.INSIGHT.value();
        case "networkactivity" -> Category.NETWORK_ACTIVITY.value();
        default -> "";
      };
    }
    Boolean management = bool(record, "managementEvent");
    if (management != null) {
      return management ? Category.MANAGEMENT.value() : Category.DATA.value();
    }
    if (kind == Kind.INSIGHT) {
      return Category.INSIGHT.value();
    }
    return kind == Kind.NETWORK_ACTIVITY ? Category.NETWORK_ACTIVITY.value() : "";
  }

  static boolean readOnly(JsonNode record, String eventName) {
    Boolean readOnly = bool(record, "readOnly");
    if (readOnly != null) {
      return readOnly;
    }
    // EventBridge treats these two as writes although their names start with Get.
    if (eventName.equals("GetFederationToken") || eventName.equals("GetSessionToken")) {
      return false;
    }
    return eventName.startsWith("Describe") || eventName.startsWith("Get") || eventName.startsWith("List")
        || eventName.startsWith("Head");
  }

  private static boolean failedStep(JsonNode record, String eventName) {
    if (!SIGN_IN_STEPS.contains(eventName)) {
      return false;
    }
    return "Failure".equalsIgnoreCase(text(object(record, "responseElements"), eventName))
        || "Failure".equalsIgnoreCase(text(object(record, "serviceEventDetails"), eventName));
  }

  // ---- record access ----------------------------------------------------------------------------

  private static List<List<String>> paths() {
    List<List<String>> paths = new ArrayList<>();
    for (String top : List.of("sourceIPAddress", "userAgent", "errorCode", "errorMessage", "readOnly",
        "managementEvent", "eventCategory", "insightDetails")) {
      paths.add(List.of(top));
    }
    for (String field : List.of("type", "userName", "arn", "principalId", "accountId", "invokedBy",
        "identityProvider")) {
      paths.add(List.of("userIdentity", field));
    }
    paths.add(List.of("userIdentity", "onBehalfOf", "userId"));
    paths.add(List.of("userIdentity", "sessionContext", "sessionIssuer", "userName"));
    paths.add(List.of("userIdentity", "sessionContext", "sessionIssuer", "arn"));
    paths.add(List.of("userIdentity", "sessionContext", "attributes", "mfaAuthenticated"));
    paths.add(List.of("userIdentity", "sessionContext", "webIdFederationData", "federatedProvider"));
    for (String field : List.of("MFAUsed", "SamlProviderArn", "CredentialType", "UserName")) {
      paths.add(List.of("additionalEventData", field));
    }
    for (String step : SIGN_IN_STEPS) {
      paths.add(List.of("responseElements", step));
      paths.add(List.of("serviceEventDetails", step));
    }
    return paths;
  }

  /** The field when it is a JSON object, else null. */
  static JsonNode object(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isObject() ? value : null;
  }

  /** The field as text when it is a scalar (numbers and booleans as JSON text), else null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  /** A JSON boolean, or the strings {@code "true"}/{@code "false"} (LookupEvents), else null. */
  static Boolean bool(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.textValue();
      if (text.equalsIgnoreCase("true")) {
        return true;
      }
      if (text.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return null;
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  /**
   * The text itself when it has at most {@link #MAX_LENGTH} code points; else its first {@code
   * MAX_LENGTH} code points and {@code … (truncated, N more)}, N being the code points cut.
   */
  static String bounded(String text) {
    return bounded(text, MAX_LENGTH);
  }

  static String bounded(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int codePoints = text.codePointCount(0, text.length());
    if (codePoints <= max) {
      return text;
    }
    int end = text.offsetByCodePoints(0, max);
    return text.substring(0, end) + "… (truncated, " + (codePoints - max) + " more)";
  }
}
