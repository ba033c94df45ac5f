package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.deliver.DeliveryListener;
import dev.cairn.match.Rule;
import dev.cairn.match.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Counters and timers that are registered once and then reused (per rule, per channel) still count
 * every match and delivery under their own tags on {@code /metrics}.
 */
class MetricsTest {
  @Test
  void matchesAndDeliveriesAreCountedPerRuleAndPerChannel() {
    Metrics metrics = new Metrics();
    Rule root = Rule.builder("root-login").severity(Severity.CRITICAL).filter("{ $.eventName = ConsoleLogin }").build();
    Rule keys = Rule.builder("access-keys").severity(Severity.LOW).filter("{ $.eventName = CreateAccessKey }").build();
    DeliveryListener deliveries = metrics.deliveries();

    metrics.matched(root);
    metrics.matched(keys);
    metrics.matched(root);
    deliveries.delivered("console", Duration.ofMillis(20));
    deliveries.delivered("ops-hook", Duration.ofMillis(300));
    deliveries.delivered("console", Duration.ofMillis(40));

    String scrape = metrics.scrape();
    assertThat(scrape)
        .containsPattern("cairn_events_matched_total\\{rule=\"root-login\",severity=\"critical\"\\} 2\\.0")
        .containsPattern("cairn_events_matched_total\\{rule=\"access-keys\",severity=\"low\"\\} 1\\.0")
        .containsPattern("cairn_alerts_sent_total\\{channel=\"console\"\\} 2\\.0")
        .containsPattern("cairn_alerts_sent_total\\{channel=\"ops-hook\"\\} 1\\.0")
        .containsPattern("cairn_alert_delivery_latency_seconds_count\\{channel=\"console\"\\} 2")
        .containsPattern("cairn_alert_delivery_latency_seconds_sum\\{channel=\"ops-hook\"\\} 0\\.3");
    assertThat(metrics.deliverySummary()).startsWith("3 alert deliveries made");
  }
}
