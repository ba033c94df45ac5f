package dev.cairn.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds the EventBridge envelope around a bare CloudTrail record, as EventBridge does. */
final class Envelopes {
  private Envelopes() {}

  /** eventType to EventBridge detail-type (input-transformer-and-envelope.md, section 2). */
  private static final Map<String, String> DETAIL_TYPES = Map.of(
      "AwsApiCall", "AWS API Call via CloudTrail",
      "AwsConsoleSignIn", "AWS Console Sign In via CloudTrail",
      "AwsConsoleAction", "AWS Console Action via CloudTrail",
      "AwsServiceEvent", "AWS Service Event via CloudTrail",
      "AwsCloudTrailInsight", "AWS Insight via CloudTrail",
      "AwsVpceEvent", "AWS Network Activity Event via CloudTrail");

  /**
   * Endpoint names whose IAM service prefix differs from the first label of the endpoint. The
   * envelope {@code source} is {@code aws.<prefix>}.
   */
  private static final Map<String, String> SERVICE_PREFIXES = Map.of(
      "monitoring.amazonaws.com", "cloudwatch",
      "email.amazonaws.com", "ses",
      "elasticmapreduce.amazonaws.com", "elasticmapreduce",
      "s3-outposts.amazonaws.com", "s3-outposts");

  static ObjectNode synthesise(ObjectNode record, String eventId) {
    return synthesise(record, record, eventId);
  }

  /** The envelope of {@code record} (which holds at least the core fields) with {@code detail} as its detail. */
  static ObjectNode synthesise(ObjectNode record, JsonNode detail, String eventId) {
    ObjectNode env = JsonNodeFactory.instance.objectNode();
    env.put("version", "0");
    env.put("id", eventId);
    env.put("detail-type", detailType(Json.text(record, "eventType")));
    env.put("source", source(record));
    putText(env, "account", account(record));
    putText(env, "time", Json.text(record, "eventTime"));
    putText(env, "region", Json.text(record, "awsRegion"));
    env.putArray("resources");
    env.set("detail", detail);
    return env;
  }

  static String detailType(String eventType) {
    return eventType == null ? "AWS API Call via CloudTrail"
        : DETAIL_TYPES.getOrDefault(eventType, "AWS API Call via CloudTrail");
  }

  static String source(JsonNode record) {
    String endpoint = Json.text(record, "eventSource");
    if (endpoint == null) {
      // Insights records name the service inside insightDetails; the envelope comes from CloudTrail.
      return "aws.cloudtrail";
    }
    String prefix = SERVICE_PREFIXES.get(endpoint);
    if (prefix == null) {
      int dot = endpoint.indexOf('.');
      prefix = dot > 0 ? endpoint.substring(0, dot) : endpoint;
    }
    return "aws." + prefix;
  }

  private static String account(JsonNode record) {
    String account = Json.text(record, "recipientAccountId");
    return account != null ? account : Json.text(Json.child(record, "userIdentity"), "accountId");
  }

  private static void putText(ObjectNode env, String field, String value) {
    if (value == null) {
      env.putNull(field);
    } else {
      env.put(field, value);
    }
  }
}
