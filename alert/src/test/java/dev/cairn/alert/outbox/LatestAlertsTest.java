package dev.cairn.alert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.alert.TestAlerts;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatestAlertsTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void aChannelFarBehindStillFindsTheOldestAlertsItDeliversNext() {
    // Room for about 100 alerts: 1,000 made before the channel takes any. The first 100 are kept
    // (they go out next); the rest are not admitted and are parsed when their turn comes.
    Alert sample = TestAlerts.alert("a-0");
    int size = AlertJson.write(sample).length();
    LatestAlerts latest = new LatestAlerts(100L * size + size / 2, now::get);
    int admitted = 0;
    for (int i = 0; i < 1_000; i++) {
      Alert alert = TestAlerts.alert("a-" + i);
      if (latest.put(alert.id(), AlertJson.write(alert), alert, 1)) {
        admitted++;
      }
    }
    assertThat(admitted).isBetween(95, 100);
    Alert first = TestAlerts.alert("a-0");
    assertThat(latest.take("a-0", AlertJson.write(first))).isEqualTo(first);
    assertThat(latest.take("a-0", AlertJson.write(first))).as("taken by its only channel").isNull();
    assertThat(latest.take("a-999", AlertJson.write(TestAlerts.alert("a-999")))).as("never admitted").isNull();

    // Taking frees room for the alerts made from now on.
    Alert late = TestAlerts.alert("a-late");
    assertThat(latest.put(late.id(), AlertJson.write(late), late, 1)).isTrue();
  }

  @Test
  void alertsNoChannelTakesMakeRoomOnceStale() {
    Alert alert = TestAlerts.alert("a-stuck");
    String json = AlertJson.write(alert);
    LatestAlerts latest = new LatestAlerts(json.length(), now::get);
    assertThat(latest.put(alert.id(), json, alert, 1)).isTrue();
    Alert next = TestAlerts.alert("a-next");
    assertThat(latest.put(next.id(), AlertJson.write(next), next, 1)).as("full").isFalse();

    now.addAndGet(LatestAlerts.STALE_NANOS); // its channel has been down for two minutes
    assertThat(latest.put(next.id(), AlertJson.write(next), next, 1)).isTrue();
    assertThat(latest.take(alert.id(), json)).as("displaced: parsed from the outbox if ever delivered").isNull();
    assertThat(latest.size()).isEqualTo(1);
  }

  @Test
  void onlyTheExactTextTheOutboxHoldsCounts() {
    Alert alert = TestAlerts.alert("a-1");
    String json = AlertJson.write(alert);
    LatestAlerts latest = new LatestAlerts(1 << 20, now::get);
    latest.put(alert.id(), json, alert, 2);
    assertThat(latest.take(alert.id(), json.replace("\"count\":1", "\"count\":2"))).isNull();
    assertThat(latest.take(alert.id(), json)).isSameAs(alert);
  }
}
