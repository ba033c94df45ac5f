package dev.cairn.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cairn.runtime.state.Outbox.AlertRecord;
import dev.cairn.runtime.state.Outbox.DeliveryStatus;
import dev.cairn.runtime.state.Outbox.Grouping;
import dev.cairn.runtime.state.Outbox.NewAlert;
import dev.cairn.runtime.state.Outbox.OpenGroup;
import dev.cairn.runtime.state.Outbox.PendingDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  @TempDir Path dir;

  private static NewAlert alert(String id, String... channels) {
    return new NewAlert(id, "cis-4.3", T0, "{\"id\":\"" + id + "\"}", List.of(channels), Optional.empty());
  }

  private static NewAlert grouped(String id, Instant created) {
    return new NewAlert(id, "cis-4.6", created, "{\"id\":\"" + id + "\"}", List.of("oncall"),
        Optional.of(new Grouping("cis-4.6|actor=alice", Duration.ofHours(1))));
  }

  private static void commit(StateStore store, Instant at, NewAlert... alerts) {
    store.commit(new Checkpoint(Optional.of("s3://b/k"), Optional.empty(), 1, false, List.of(), at, List.of(alerts), at));
  }

  @Test
  void anAlertGetsOnePendingDeliveryPerChannelAndIsRecordedOnce() {
    try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
      commit(store, T0, alert("a1", "secops", "oncall"));
      commit(store, T0.plusSeconds(5), alert("a1", "secops", "oncall")); // the same event handled again
      assertThat(store.outbox().due("secops", T0, 10)).extracting(PendingDelivery::alertId).containsExactly("a1");
      List<PendingDelivery> due = store.outbox().due("oncall", T0, 10);
      assertThat(due).extracting(PendingDelivery::alertId).containsExactly("a1");
      assertThat(due.get(0).body()).isEqualTo("{\"id\":\"a1\"}");
      assertThat(store.outbox().pending("oncall")).isEqualTo(1);
      assertThat(store.outbox().counts()).containsEntry(DeliveryStatus.PENDING, 2L);
    }
  }

  @Test
  void deliveriesRecordedTogetherAreAllDeliveredAndTheRestStayDue() {
    try (StateStore store = StateStore.inMemory()) {
      Outbox outbox = store.outbox();
      commit(store, T0, alert("a1", "audit-file"), alert("a2", "audit-file"), alert("a3", "audit-file"));
      outbox.delivered(java.util.Map.of("a1", 1, "a2", 3), "audit-file", T0.plusSeconds(1));
      assertThat(outbox.due("audit-file", T0.plusSeconds(1), 10)).extracting(PendingDelivery::alertId).containsExactly("a3");
      assertThat(outbox.alerts(Instant.EPOCH, false, 10)).filteredOn(a -> a.id().equals("a2"))
          .flatExtracting(AlertRecord::deliveries).extracting(d -> d.status(), d -> d.attempts())
          .containsExactly(tuple(DeliveryStatus.DELIVERED, 3));
    }
  }

  @Test
  void theNextDueDeliveriesAreReadInIndexOrderWithoutSortingTheBacklog() throws Exception {
    try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
      commit(store, T0, alert("a1", "console"));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        java.sql.PreparedStatement plan = c.prepareStatement("EXPLAIN QUERY PLAN " + SqliteOutbox.DUE)) {
      plan.setString(1, "console");
      plan.setLong(2, T0.toEpochMilli());
      plan.setInt(3, 64);
      StringBuilder steps = new StringBuilder();
      try (java.sql.ResultSet rs = plan.executeQuery()) {
        while (rs.next()) {
          steps.append(rs.getString("detail")).append('\n');
        }
      }
      assertThat(steps.toString()).contains("USING INDEX deliveries_due").doesNotContain("TEMP B-TREE");
    }
  }

  @Test
  void deliveriesMoveThroughRetryToDeliveredOrDeadAndDeadOnesCanBeRequeued() {
    try (StateStore store = StateStore.inMemory()) {
      Outbox outbox = store.outbox();
      commit(store, T0, alert("a1", "secops"), alert("a2", "secops"));
      outbox.retryAt("a1", "secops", 1, T0.plusSeconds(30), "HTTP 429, Retry-After 30 s", T0);
      outbox.dead("a2", "secops", 1, "HTTP 404: no such webhook", T0);
      assertThat(outbox.due("secops", T0.plusSeconds(29), 10)).isEmpty();
      assertThat(outbox.nextDue("secops")).contains(T0.plusSeconds(30));
      assertThat(outbox.anyPending()).isTrue();
      assertThat(outbox.due("secops", T0.plusSeconds(30), 10)).singleElement()
          .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
      outbox.delivered("a1", "secops", 2, T0.plusSeconds(31));

      List<AlertRecord> dead = outbox.alerts(Instant.EPOCH, true, 10);
      assertThat(dead).singleElement().satisfies(a -> {
        assertThat(a.id()).isEqualTo("a2");
        assertThat(a.deliveries()).singleElement().satisfies(d -> {
          assertThat(d.status()).isEqualTo(DeliveryStatus.DEAD);
          assertThat(d.lastError()).contains("HTTP 404: no such webhook");
        });
      });
      assertThat(outbox.requeueDead(List.of("a2"), T0.plusSeconds(60))).isEqualTo(1);
      assertThat(outbox.due("secops", T0.plusSeconds(60), 10)).extracting(PendingDelivery::alertId, PendingDelivery::attempts)
          .containsExactly(tuple("a2", 0));
      assertThat(outbox.counts()).containsEntry(DeliveryStatus.DELIVERED, 1L).containsEntry(DeliveryStatus.PENDING, 1L)
          .containsEntry(DeliveryStatus.DEAD, 0L);
    }
  }

  @Test
  void theFirstAlertOfAGroupGoesOutAndTheRestWaitForTheDigest() {
    try (StateStore store = StateStore.inMemory()) {
      Outbox outbox = store.outbox();
      commit(store, T0, grouped("g1", T0));
      commit(store, T0.plusSeconds(60), grouped("g2", T0.plusSeconds(60)));
      commit(store, T0.plusSeconds(120), grouped("g3", T0.plusSeconds(120)));

      assertThat(outbox.due("oncall", T0.plusSeconds(120), 10)).extracting(PendingDelivery::alertId).containsExactly("g1");
      assertThat(outbox.groupsEndedBy(T0.plusSeconds(3599))).isEmpty();
      List<OpenGroup> ended = outbox.groupsEndedBy(T0.plus(Duration.ofHours(1)));
      assertThat(ended).singleElement().satisfies(g -> {
        assertThat(g.firstAlert()).isEqualTo("g1");
        assertThat(g.members()).containsExactly("{\"id\":\"g2\"}", "{\"id\":\"g3\"}");
        assertThat(g.channels()).containsExactly("oncall");
      });
      Instant end = T0.plus(Duration.ofHours(1));
      outbox.closeGroup("cis-4.6|actor=alice", Optional.of(new NewAlert("g1-digest", "cis-4.6", end,
          "{\"digest\":2}", List.of("oncall"), Optional.empty())), end);

      assertThat(outbox.groupsEndedBy(end)).isEmpty();
      assertThat(outbox.due("oncall", end, 10)).extracting(PendingDelivery::alertId).containsExactly("g1", "g1-digest");
      assertThat(outbox.alerts(Instant.EPOCH, false, 10)).extracting(AlertRecord::id, AlertRecord::member)
          .as("every grouped match is listed").containsExactly(tuple("g1-digest", false),
              tuple("g3", true), tuple("g2", true), tuple("g1", false));

      commit(store, end.plusSeconds(1), grouped("g4", end.plusSeconds(1)));
      assertThat(outbox.due("oncall", end.plusSeconds(1), 10)).extracting(PendingDelivery::alertId)
          .as("after the window, the next alert opens a new group and goes out at once").contains("g4");
    }
  }
}
