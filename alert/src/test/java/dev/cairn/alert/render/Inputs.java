package dev.cairn.alert.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.event.CloudTrailEvent;
import java.time.Instant;
import java.util.Map;

/** Template inputs for tests: an event, its facts, the documentation's rule. */
final class Inputs {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RULE_ARN = "arn:aws:events:us-east-2:123456789012:rule/example";
  static final String RULE_NAME = "example";
  static final Instant RECEIVED = Instant.parse("2015-11-11T21:30:01.250Z");
  static final Enricher ENRICHER = Enricher.withAccounts(Map.of("111111111111", "Corezoid Dev"));

  /** The EC2 event of the EventBridge input-transformation page. */
  static final String EC2_EVENT = "{\"version\": \"0\", \"id\": \"7bf73129-1428-4cd3-a780-95db273d1602\","
      + " \"detail-type\": \"EC2 Instance State-change Notification\", \"source\": \"aws.ec2\","
      + " \"account\": \"123456789012\", \"time\": \"2015-11-11T21:29:54Z\", \"region\": \"us-east-1\","
      + " \"resources\": [\"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111\"],"
      + " \"detail\": {\"instance-id\": \"i-0123456789\", \"state\": \"RUNNING\"}}";

  private Inputs() {}

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static CloudTrailEvent ec2() {
    return CloudTrailEvent.ofEnvelope(json(EC2_EVENT));
  }

  static TemplateInput of(CloudTrailEvent event) {
    return new TemplateInput(event, ENRICHER.facts(event), RULE_NAME, RULE_ARN, "high", RECEIVED);
  }
}
