package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alert.Alert;
import dev.cairn.match.Severity;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts the channel tests send: the seed's failed console login, a digest, and hostile ones. */
final class Alerts {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The delivery key the tests pass, as the outbox would: rule, event, channel. */
  static final String KEY = "console-login-failed/3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345";

  /** The seed's message, as a rule template renders it. */
  static final String COREZOID_TEXT = "User: JohnDoe\nAccount: 111111111111\nMFA: False\nType: IAMUser\n\n"
      + "Failed to login in account \"Corezoid Dev\" from ip 159.224.244.142";

  static final String RECORD = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
      + "\"principalId\":\"AIDACKCEVSQ6C2EXAMPLE\",\"arn\":\"arn:aws:iam::111111111111:user/JohnDoe\","
      + "\"accountId\":\"111111111111\",\"userName\":\"JohnDoe\"},\"eventTime\":\"2023-07-19T21:20:03Z\","
      + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\","
      + "\"sourceIPAddress\":\"159.224.244.142\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64)\","
      + "\"errorMessage\":\"Failed authentication\",\"requestParameters\":null,"
      + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"},\"additionalEventData\":{\"MFAUsed\":\"No\"},"
      + "\"eventID\":\"3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\","
      + "\"managementEvent\":true,\"recipientAccountId\":\"111111111111\",\"eventCategory\":\"Management\"}";

  private Alerts() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Alert.Facts facts(String actor, String alias, String ip) {
    return new Alert.Facts("111111111111", alias, "us-east-1", actor, "no", ip, "console-sign-in", "management",
        false, "failure", "", "Failed authentication", "ConsoleLogin", "signin.amazonaws.com",
        "2023-07-19T21:20:03Z", "Mozilla/5.0 (X11; Linux x86_64)", "arn:aws:iam::111111111111:user/JohnDoe");
  }

  /** What the rule's Slack template made of the event: Slack markup, event values raw. */
  static final String SLACK_TEXT = "*JohnDoe* could not sign in to *Corezoid Dev* from 159.224.244.142 (MFA: no)";

  /** A failed console sign-in in "Corezoid Dev", rendered by a template for Slack and by default elsewhere. */
  static Alert consoleLogin() {
    return new Alert("console-login-failed/3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345", "console-login-failed",
        "Console sign-in failed", Severity.HIGH, "Console sign-in failed: JohnDoe in Corezoid Dev",
        COREZOID_TEXT, facts("JohnDoe", "Corezoid Dev", "159.224.244.142"), 1,
        List.of(new Alert.AlertEvent("3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345", "2023-07-19T21:20:03Z", "ConsoleLogin",
            "JohnDoe ConsoleLogin in Corezoid Dev (us-east-1) from 159.224.244.142", json(RECORD))),
        Optional.empty(), Map.of("slack", SLACK_TEXT), Instant.parse("2023-07-19T21:20:05Z"));
  }

  /** What a group collected over an hour after the first alert: "and 41 more". */
  static Alert digest() {
    Alert first = consoleLogin();
    return new Alert("console-login-failed/group/JohnDoe/2023-07-19T21", first.rule(), first.ruleDescription(),
        first.severity(), "Console sign-in failed: 41 more in Corezoid Dev", "41 more failed console sign-ins.",
        first.facts(), 41, first.events(),
        Optional.of(new Alert.Digest(first.id(), Instant.parse("2023-07-19T21:20:05Z"),
            Instant.parse("2023-07-19T22:20:05Z"),
            List.of(new Alert.Count("JohnDoe", 30), new Alert.Count("root", 11)),
            List.of(new Alert.Count("159.224.244.142", 40), new Alert.Count("198.51.100.7", 1)),
            List.of(new Alert.Count("Corezoid Dev", 41)))),
        Map.of(), Instant.parse("2023-07-19T22:20:05Z"));
  }

  /** The fixture record with this text in the fields people see (principal, call, source IP, agent). */
  static JsonNode record(String hostile) {
    com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode) json(RECORD);
    ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("userIdentity")).put("arn", hostile);
    r.put("eventName", hostile).put("sourceIPAddress", hostile).put("userAgent", hostile).put("errorCode", hostile);
    return r;
  }

  /** The alert with this text in every place an event can put text (a digest, to show its parts too). */
  static Alert everywhere(String hostile) {
    Alert a = consoleLogin();
    return new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), hostile, hostile,
        facts(hostile, hostile, hostile), 2,
        List.of(new Alert.AlertEvent(hostile, hostile, hostile, hostile, record(hostile))),
        Optional.of(new Alert.Digest(a.id(), a.created(), a.created(), List.of(new Alert.Count(hostile, 2)),
            List.of(), List.of())),
        Map.of(), a.created());
  }

  /** The alert with this main text (the rest as in {@link #consoleLogin}). */
  static Alert withText(String text) {
    Alert a = consoleLogin();
    return new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), a.title(), text, a.facts(), 1, a.events(),
        Optional.empty(), Map.of(), a.created());
  }
}
