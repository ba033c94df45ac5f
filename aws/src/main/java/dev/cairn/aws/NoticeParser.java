package dev.cairn.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Understands every SQS message body shape AWS sends for CloudTrail delivery:
 *
 * <ul>
 *   <li>CloudTrail's notice {@code {"s3Bucket":..,"s3ObjectKey":[..]}}, raw or in an SNS envelope;
 *   <li>S3 event notifications {@code Records[].s3}, direct or via SNS (keys URL-decoded, {@code +}
 *       is a space); non-create records are ignored;
 *   <li>EventBridge {@code Object Created} events ({@code detail.bucket.name}, {@code
 *       detail.object.key}, used as they are);
 *   <li>EventBridge CloudTrail events ({@code detail-type} ending in {@code via CloudTrail})
 *       delivered straight to SQS: the body is the event;
 *   <li>S3 test events, CloudTrail's validation message and SNS subscription confirmations:
 *       ignored;
 *   <li>anything else: poison, with the reason.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class NoticeParser {
  private static final String VALIDATION_MESSAGE = "CloudTrail validation message";
  private static final int MAX_FIELDS_IN_REASON = 6;

  private final ObjectMapper mapper = new ObjectMapper();

  Notice parse(String body) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      return new Notice.Poison("empty body");
    }
    if (text.startsWith(VALIDATION_MESSAGE)) {
      return new Notice.Ignored("cloudtrail-validation", "CloudTrail validation message");
    }
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return new Notice.Poison("body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return new Notice.Poison("body is not a JSON object but " + kind(node));
    }
    return parseObject(node, text, false);
  }

  private Notice parseObject(JsonNode node, String text, boolean viaSns) {
    String via = viaSns ? " via sns" : "";
    if (!viaSns && node.path("Type").isTextual() && (node.has("Message") || node.has("TopicArn"))) {
      return parseSns(node);
    }
    if ("s3:TestEvent".equals(node.path("Event").asText(null))) {
      return new Notice.Ignored("s3-test-event" + via, "S3 test event");
    }
    if (node.has("s3Bucket") || node.has("s3ObjectKey")) {
      return parseCloudTrailNotice(node, "cloudtrail-sns" + via);
    }
    if (node.has("Records")) {
      return parseS3Event(node, "s3-event" + via);
    }
    if (node.has("detail-type") && node.has("detail")) {
      return parseEventBridge(node, text, "eventbridge" + via);
    }
    return new Notice.Poison("unrecognised notice" + via + " with fields " + fieldNames(node));
  }

  private Notice parseSns(JsonNode node) {
    String type = node.path("Type").asText();
    switch (type) {
      case "Notification" -> { }
      case "SubscriptionConfirmation", "UnsubscribeConfirmation" -> {
        return new Notice.Ignored("sns", "SNS " + type);
      }
      default -> {
        return new Notice.Poison("SNS envelope of unknown Type '" + type + "'");
      }
    }
    JsonNode message = node.get("Message");
    if (message == null || !message.isTextual()) {
      return new Notice.Poison("SNS notification without a Message string");
    }
    String inner = message.textValue().strip();
    if (inner.startsWith(VALIDATION_MESSAGE)) {
      return new Notice.Ignored("cloudtrail-validation via sns", "CloudTrail validation message");
    }
    JsonNode innerNode;
    try {
      innerNode = mapper.readTree(inner);
    } catch (JsonProcessingException e) {
      return new Notice.Poison("SNS Message is not JSON: " + e.getOriginalMessage());
    }
    if (innerNode == null || !innerNode.isObject()) {
      return new Notice.Poison("SNS Message is not a JSON object but " + kind(innerNode));
    }
    return parseObject(innerNode, inner, true);
  }

  private static Notice parseCloudTrailNotice(JsonNode node, String shape) {
    JsonNode bucket = node.get("s3Bucket");
    if (bucket == null || !bucket.isTextual() || bucket.textValue().isEmpty()) {
      return new Notice.Poison(shape + ": s3Bucket is missing or not a string");
    }
    JsonNode keys = node.get("s3ObjectKey");
    List<S3Object> objects = new ArrayList<>();
    if (keys != null && keys.isTextual()) {
      objects.add(new S3Object(bucket.textValue(), keys.textValue(), OptionalLong.empty(), Optional.empty()));
    } else if (keys != null && keys.isArray()) {
      for (int i = 0; i < keys.size(); i++) {
        JsonNode key = keys.get(i);
        if (!key.isTextual()) {
          return new Notice.Poison(shape + ": s3ObjectKey[" + i + "] is not a string but " + kind(key));
        }
        objects.add(new S3Object(bucket.textValue(), key.textValue(), OptionalLong.empty(), Optional.empty()));
      }
    } else {
      return new Notice.Poison(shape + ": s3ObjectKey is missing or not an array of strings");
    }
    return new Notice.S3Objects(shape, objects);
  }

  private static Notice parseS3Event(JsonNode node, String shape) {
    JsonNode records = node.get("Records");
    if (!records.isArray()) {
      return new Notice.Poison(shape + ": Records is not an array but " + kind(records));
    }
    List<S3Object> objects = new ArrayList<>();
    int notCreated = 0;
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      JsonNode s3 = record.get("s3");
      if (s3 == null || !s3.isObject()) {
        return new Notice.Poison(shape + ": Records[" + i + "] has no s3 object (fields "
            + fieldNames(record) + ")");
      }
      String eventName = record.path("eventName").asText("");
      if (!eventName.isEmpty() && !eventName.replaceFirst("^s3:", "").startsWith("ObjectCreated")) {
        notCreated++;
        continue;
      }
      String bucket = s3.path("bucket").path("name").asText("");
      JsonNode key = s3.path("object").path("key");
      if (bucket.isEmpty() || !key.isTextual()) {
        return new Notice.Poison(shape + ": Records[" + i + "] lacks s3.bucket.name or s3.object.key");
      }
      String decoded;
      try {
        decoded = URLDecoder.decode(key.textValue(), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new Notice.Poison(shape + ": Records[" + i + "].s3.object.key '" + key.textValue()
            + "' is not URL-encoded: " + e.getMessage());
      }
      JsonNode object = s3.path("object");
      objects.add(new S3Object(bucket, decoded, size(object.path("size")), etag(object.path("eTag"))));
    }
    if (objects.isEmpty() && notCreated > 0) {
      return new Notice.Ignored(shape, notCreated + " record(s), none ObjectCreated");
    }
    return new Notice.S3Objects(shape, objects);
  }

  private static Notice parseEventBridge(JsonNode node, String text, String shape) {
    String detailType = node.path("detail-type").asText("");
    String source = node.path("source").asText("");
    JsonNode detail = node.get("detail");
    if (detailType.endsWith("via CloudTrail")) {
      if (!detail.isObject()) {
        return new Notice.Poison(shape + ": '" + detailType + "' event whose detail is " + kind(detail));
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("detailType", detailType);
      putText(attributes, "eventBridgeId", node.get("id"));
      putText(attributes, "accountId", node.get("account"));
      putText(attributes, "region", node.get("region"));
      return new Notice.Inline(shape + "-cloudtrail", text, attributes);
    }
    if ("aws.s3".equals(source) && "Object Created".equals(detailType)) {
      String bucket = detail.path("bucket").path("name").asText("");
      JsonNode key = detail.path("object").path("key");
      if (bucket.isEmpty() || !key.isTextual()) {
        return new Notice.Poison(shape + ": Object Created event lacks detail.bucket.name or detail.object.key");
      }
      S3Object object = new S3Object(bucket, key.textValue(), size(detail.path("object").path("size")),
          etag(detail.path("object").path("etag")));
      return new Notice.S3Objects(shape + "-s3", List.of(object));
    }
    if ("aws.s3".equals(source) && detailType.startsWith("Object ")) {
      return new Notice.Ignored(shape + "-s3", "S3 '" + detailType + "' event");
    }
    return new Notice.Poison(shape + ": event of detail-type '" + detailType + "' from '" + source
        + "' names no CloudTrail log file");
  }

  /** An object's ETag as the notice gives it (unquoted, as S3 event notifications write it). */
  private static Optional<String> etag(JsonNode node) {
    return node.isTextual() && !node.textValue().isEmpty() ? Optional.of(node.textValue()) : Optional.empty();
  }

  private static OptionalLong size(JsonNode node) {
    return node.canConvertToLong() && node.isIntegralNumber() ? OptionalLong.of(node.longValue())
        : OptionalLong.empty();
  }

  private static void putText(Map<String, String> attributes, String name, JsonNode value) {
    if (value != null && value.isTextual() && !value.textValue().isEmpty()) {
      attributes.put(name, value.textValue());
    }
  }

  private static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    while (it.hasNext() && names.size() < MAX_FIELDS_IN_REASON) {
      names.add(it.next());
    }
    if (it.hasNext()) {
      names.add("…");
    }
    return names.toString();
  }
}
