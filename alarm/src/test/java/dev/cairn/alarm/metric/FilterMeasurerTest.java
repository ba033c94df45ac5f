package dev.cairn.alarm.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.Measurer;
import dev.cairn.runtime.state.Datapoint;
import dev.cairn.runtime.state.MetricBatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** What a metric filter publishes for an event: its value, its dimensions, in its event minute, visible the minute after. */
class FilterMeasurerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant HANDLED = Instant.parse("2026-12-06T10:09:30Z");

  private static CloudTrailEvent event(String json) throws Exception {
    return CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(json));
  }

  private static MetricBatch measure(MetricFilter filter, CloudTrailEvent event) throws Exception {
    FilterMeasurer measurer = FilterMeasurer.of(List.of(filter), Enricher.withAccounts(Map.of())::facts, false);
    Measurer.Buffer buffer = new Measurer.Buffer();
    List<dev.cairn.match.Rule> rules = measurer.rules().match(event);
    if (!rules.isEmpty()) {
      measurer.measure(List.of(new Match(event, rules, "test")), HANDLED, buffer);
    }
    return buffer.drain();
  }

  private static MetricFilter filter(String pattern, String value, Map<String, String> dimensions) {
    return new MetricFilter("M", "NS", Optional.of(pattern), Optional.empty(), MetricValue.parse(value),
        OptionalDouble.empty(), dimensions, "None");
  }

  @Test
  void aFieldValueWithDimensionsInTheEventMinute() throws Exception {
    MetricBatch batch = measure(filter("{ $.eventName = RunInstances }", "$.requestParameters.count",
        Map.of("Account", "$.recipientAccountId")), event("""
        {"eventName":"RunInstances","eventTime":"2026-12-06T10:02:41Z","recipientAccountId":"111111111111",
         "requestParameters":{"count":"4"},"eventID":"e1"}"""));
    assertThat(batch.datapoints()).filteredOn(d -> d.metric().equals("M")).containsExactly(new Datapoint("M",
        "{\"Account\":\"111111111111\"}", Instant.parse("2026-12-06T10:02:00Z"), Instant.parse("2026-12-06T10:10:00Z"),
        1, 4, 4, 4));
    assertThat(batch.samples()).hasSize(1);
  }

  @Test
  void aMissingOrNonNumericFieldPublishesNothing() throws Exception {
    MetricFilter f = filter("{ $.eventName = RunInstances }", "$.requestParameters.count", Map.of());
    assertThat(measure(f, event("{\"eventName\":\"RunInstances\",\"eventID\":\"e2\"}")).isEmpty()).isTrue();
    assertThat(measure(f, event("{\"eventName\":\"RunInstances\",\"requestParameters\":{\"count\":\"many\"}}"))
        .isEmpty()).isTrue();
    MetricFilter dimensioned = filter("{ $.eventName = RunInstances }", "1", Map.of("User", "$.userIdentity.arn"));
    assertThat(measure(dimensioned, event("{\"eventName\":\"RunInstances\",\"eventID\":\"e3\"}")).isEmpty()).isTrue();
  }

  @Test
  void aSpaceDelimitedFieldByName() throws Exception {
    MetricFilter f = filter("[version, account, eni, source, destination, srcport, destport=\"22\", protocol, packets, ...]",
        "$packets", Map.of());
    MetricBatch batch = measure(f, event("{\"eventName\":\"x\",\"eventID\":\"e4\"}"));
    assertThat(batch.isEmpty()).isTrue(); // a CloudTrail record's text has too few fields
    assertThat(dev.cairn.match.filterpattern.FilterPattern.compile("[a, b, c=\"x\", ...]").bind("1 2 x 4 5"))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "x"));
    assertThat(dev.cairn.match.filterpattern.FilterPattern.compile("[a, b]").bind("1 2 3")).containsEntry("b", "2 3");
  }

  @Test
  void valuesAndDefinitionsAreCheckedAsAwsChecksThem() {
    assertThat(MetricValue.parse("1").isSlot()).isFalse();
    assertThat(MetricValue.parse("$bytes").isSlot()).isTrue();
    assertThatThrownBy(() -> MetricValue.parse("$.a.*")).hasMessageContaining("no wildcards");
    assertThatThrownBy(() -> MetricValue.parse("lots")).hasMessage("expected a number (1 counts events), $.field or $name, got 'lots'");
    assertThatThrownBy(() -> new MetricFilter("M", "NS", Optional.of("{ $.a = 1 }"), Optional.empty(),
        MetricValue.parse("1"), OptionalDouble.of(0), Map.of("A", "$.a"), "None"))
        .hasMessage("metric M: a default value cannot be combined with dimensions");
    assertThatThrownBy(() -> new MetricFilter("M", "NS", Optional.of("{ $.a = 1 }"), Optional.empty(),
        MetricValue.parse("1"), OptionalDouble.empty(), Map.of("A", "$.a", "B", "$.b", "C", "$.c", "D", "$.d"), "None"))
        .hasMessage("metric M: at most 3 dimensions, got 4");
    assertThatThrownBy(() -> FilterMeasurer.of(List.of(filter("{ $.a = 1 }", "$name", Map.of())),
        Enricher.withAccounts(Map.of())::facts, false)).hasMessageContaining("space-delimited");
    assertThat(MetricFilter.problem("a:b")).contains("must not contain");
  }
}
