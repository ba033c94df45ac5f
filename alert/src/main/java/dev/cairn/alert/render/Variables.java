package dev.cairn.alert.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.alert.Alert;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The predefined variables: EventBridge's {@code aws.events.*} and Cairn's {@code cairn.*}. */
final class Variables {
  private Variables() {}

  static final String RULE_ARN = "aws.events.rule-arn";
  static final String RULE_NAME = "aws.events.rule-name";
  static final String INGESTION_TIME = "aws.events.event.ingestion-time";
  static final String EVENT = "aws.events.event";
  static final String EVENT_JSON = "aws.events.event.json";

  /** EventBridge's predefined variables, documented order. */
  static final List<String> AWS = List.of(RULE_ARN, RULE_NAME, INGESTION_TIME, EVENT, EVENT_JSON);

  /** Allowed only as a JSON value: EventBridge inserts their JSON unescaped. */
  static final Set<String> VALUE_ONLY = Set.of(EVENT, EVENT_JSON);

  static final String CAIRN_PREFIX = "cairn.";

  /**
   * Cairn's variables: the {@link Alert.Facts} under the names of the webhook body ({@code
   * sourceIPAddress}), plus the rule and its severity.
   */
  static final Map<String, Function<TemplateInput, JsonNode>> CAIRN = cairn();

  private static Map<String, Function<TemplateInput, JsonNode>> cairn() {
    Map<String, Function<TemplateInput, JsonNode>> vars = new LinkedHashMap<>();
    fact(vars, "account", Alert.Facts::account);
    fact(vars, "accountAlias", Alert.Facts::accountAlias);
    fact(vars, "region", Alert.Facts::region);
    fact(vars, "actor", Alert.Facts::actor);
    fact(vars, "mfa", Alert.Facts::mfa);
    fact(vars, "sourceIPAddress", Alert.Facts::sourceIpAddress);
    fact(vars, "kind", Alert.Facts::kind);
    fact(vars, "category", Alert.Facts::category);
    vars.put(CAIRN_PREFIX + "readOnly", in -> BooleanNode.valueOf(in.facts().readOnly()));
    fact(vars, "outcome", Alert.Facts::outcome);
    fact(vars, "errorCode", Alert.Facts::errorCode);
    fact(vars, "errorMessage", Alert.Facts::errorMessage);
    fact(vars, "eventName", Alert.Facts::eventName);
    fact(vars, "eventSource", Alert.Facts::eventSource);
    fact(vars, "eventTime", Alert.Facts::eventTime);
    fact(vars, "userAgent", Alert.Facts::userAgent);
    fact(vars, "principalArn", Alert.Facts::principalArn);
    vars.put(CAIRN_PREFIX + "rule", in -> TextNode.valueOf(in.ruleName()));
    vars.put(CAIRN_PREFIX + "severity", in -> TextNode.valueOf(in.severity()));
    return Collections.unmodifiableMap(vars);
  }

  private static void fact(Map<String, Function<TemplateInput, JsonNode>> vars, String name,
      Function<Alert.Facts, String> fact) {
    vars.put(CAIRN_PREFIX + name, in -> TextNode.valueOf(fact.apply(in.facts())));
  }

  /** The value of a predefined variable, given the event's envelope. */
  static JsonNode value(String name, TemplateInput in, JsonNode envelope) {
    return switch (name) {
      case RULE_ARN -> TextNode.valueOf(in.ruleArn());
      case RULE_NAME -> TextNode.valueOf(in.ruleName());
      case INGESTION_TIME ->
          TextNode.valueOf(DateTimeFormatter.ISO_INSTANT.format(in.ingestionTime().truncatedTo(ChronoUnit.SECONDS)));
      case EVENT -> withoutDetail(envelope);
      case EVENT_JSON -> envelope;
      default -> CAIRN.get(name).apply(in);
    };
  }

  /**
   * The envelope without {@code detail}, as EventBridge delivers {@code <aws.events.event>}: its
   * fields in EventBridge's order, {@code detail-type} spelled {@code detailType}.
   */
  static ObjectNode withoutDetail(JsonNode envelope) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    copy(envelope, "id", event, "id");
    copy(envelope, "account", event, "account");
    copy(envelope, "detail-type", event, "detailType");
    copy(envelope, "time", event, "time");
    copy(envelope, "source", event, "source");
    copy(envelope, "region", event, "region");
    copy(envelope, "resources", event, "resources");
    copy(envelope, "version", event, "version");
    return event;
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode value = from.get(field);
    if (value != null) {
      to.set(as, value);
    }
  }
}
