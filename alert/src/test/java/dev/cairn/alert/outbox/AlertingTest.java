package dev.cairn.alert.outbox;

import static dev.cairn.alert.TestAlerts.event;
import static dev.cairn.alert.TestAlerts.match;
import static dev.cairn.alert.TestAlerts.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.alert.TestAlerts;
import dev.cairn.alert.route.Route;
import dev.cairn.match.Rule;
import dev.cairn.match.Severity;
import dev.cairn.runtime.state.Outbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertingTest {
  private static final Rule ROOT = rule("cis-4.3", Severity.CRITICAL);
  private static final Rule LOGIN = rule("cis-4.6", Severity.MEDIUM);
  private static final Rule OTHER = rule("team-x", Severity.LOW);

  /** The routes of the example config. */
  private static final List<Route> ROUTES = List.of(
      new Route(Map.of("severity", List.of("critical", "high")), List.of("oncall", "secops"), false, Optional.empty()),
      new Route(Map.of("rule", List.of("cis-*")), List.of("secops"), false, Optional.empty()),
      new Route(Map.of(), List.of("console"), false, Optional.empty()));

  private static final Map<String, String> TYPES = Map.of("oncall", "opsgenie", "secops", "slack", "console", "console");

  @Test
  void routesInOrderTheFirstMatchWinsAndTheLastRouteIsTheDefault() {
    Alerting alerting = TestAlerts.alerting(Map.of(), ROUTES, TYPES);
    List<Outbox.NewAlert> alerts = alerting.alerts(List.of(match(event("e1", "root", "ConsoleLogin", "192.0.2.9"),
        ROOT, LOGIN, OTHER)));

    assertThat(alerts).extracting(Outbox.NewAlert::rule, Outbox.NewAlert::channels).containsExactly(
        org.assertj.core.api.Assertions.tuple("cis-4.3", List.of("oncall", "secops")),
        org.assertj.core.api.Assertions.tuple("cis-4.6", List.of("secops")),
        org.assertj.core.api.Assertions.tuple("team-x", List.of("console")));
  }

  @Test
  void continueLetsLaterRoutesAddChannels() {
    Alerting alerting = TestAlerts.alerting(Map.of(), List.of(
        new Route(Map.of("severity", List.of("critical")), List.of("oncall"), true, Optional.empty()),
        new Route(Map.of("rule", List.of("cis-*")), List.of("secops"), false, Optional.empty())), TYPES);
    assertThat(alerting.alerts(List.of(match(event("e1", "root", "ConsoleLogin", "192.0.2.9"), ROOT))))
        .singleElement().extracting(Outbox.NewAlert::channels).isEqualTo(List.of("oncall", "secops"));
  }

  @Test
  void aRuleThatNamesItsChannelsIsNotRoutedAndItsTemplateRendersPerChannelType() {
    Alerting.RuleOptions own = new Alerting.RuleOptions(Optional.of(List.of("secops")),
        Map.of("slack", (e, f) -> "User: " + f.actor() + " in " + f.accountAlias()), Optional.empty());
    Alerting alerting = TestAlerts.alerting(Map.of("cis-4.3", own), ROUTES, TYPES);
    Outbox.NewAlert made = alerting.alerts(List.of(match(event("e1", "JohnDoe", "ConsoleLogin", "192.0.2.9"), ROOT)))
        .get(0);

    assertThat(made.channels()).containsExactly("secops");
    Alert alert = AlertJson.read(made.body());
    assertThat(alert.textFor("slack")).isEqualTo("User: JohnDoe in Corezoid Dev");
    assertThat(alert.textFor("opsgenie")).as("no template for this type: the default text").isEqualTo(alert.text());
    assertThat(alert.title()).isEqualTo("Test rule cis-4.3: ConsoleLogin by JohnDoe in Corezoid Dev");
    assertThat(alert.text()).startsWith("JohnDoe called ConsoleLogin (signin.amazonaws.com) in account Corezoid Dev"
        + " (111111111111), us-east-1\nfrom 192.0.2.9, MFA: no, outcome: success");
  }

  @Test
  void theSameRuleAndEventAlwaysMakeTheSameAlertIdAndEachChannelItsOwnKey() {
    Alerting alerting = TestAlerts.alerting(Map.of(), ROUTES, TYPES);
    String first = alerting.alerts(List.of(match(event("e1", "a", "ConsoleLogin", "1.2.3.4"), ROOT))).get(0).id();
    String again = alerting.alerts(List.of(match(event("e1", "a", "ConsoleLogin", "1.2.3.4"), ROOT))).get(0).id();
    String other = alerting.alerts(List.of(match(event("e2", "a", "ConsoleLogin", "1.2.3.4"), ROOT))).get(0).id();
    assertThat(first).isEqualTo(again).isNotEqualTo(other).matches("a-[0-9a-f]{32}");
    assertThat(Alerting.deliveryKey(first, "oncall")).isNotEqualTo(Alerting.deliveryKey(first, "secops"))
        .isEqualTo(Alerting.deliveryKey(first, "oncall")).matches("cairn-[0-9a-f]{32}");
  }

  @Test
  void groupedAlertsCarryAGroupKeyByTheGroupingFactsAndDigestsSumUpMembers() {
    Alerting.RuleOptions grouped = new Alerting.RuleOptions(Optional.empty(), Map.of(),
        Optional.of(new Route.Grouping(List.of("actor"), Duration.ofHours(1))));
    Alerting alerting = TestAlerts.alerting(Map.of("cis-4.6", grouped), ROUTES, TYPES);
    Outbox.NewAlert alice = alerting.alerts(List.of(match(event("e1", "alice", "ConsoleLogin", "1.1.1.1"), LOGIN))).get(0);
    Outbox.NewAlert bob = alerting.alerts(List.of(match(event("e2", "bob", "ConsoleLogin", "1.1.1.1"), LOGIN))).get(0);
    assertThat(alice.grouping()).get().extracting(Outbox.Grouping::key).isEqualTo("cis-4.6|actor=alice");
    assertThat(bob.grouping()).get().extracting(Outbox.Grouping::key).isEqualTo("cis-4.6|actor=bob");

    List<String> members = List.of(
        alerting.alerts(List.of(match(event("e3", "alice", "ConsoleLogin", "2.2.2.2"), LOGIN))).get(0).body(),
        alerting.alerts(List.of(match(event("e4", "alice", "ConsoleLogin", "2.2.2.2"), LOGIN))).get(0).body(),
        alerting.alerts(List.of(match(event("e5", "alice", "ConsoleLogin", "3.3.3.3"), LOGIN))).get(0).body());
    java.time.Instant opened = java.time.Instant.parse("2026-12-06T10:00:00Z");
    Outbox.NewAlert digest = alerting.digest(new Outbox.OpenGroup("cis-4.6|actor=alice", alice.id(), opened,
        opened.plus(Duration.ofHours(1)), List.of("secops"), members)).orElseThrow();

    Alert made = AlertJson.read(digest.body());
    assertThat(made.count()).isEqualTo(3);
    assertThat(made.title()).isEqualTo("Test rule cis-4.6: and 3 more in 1 h");
    assertThat(made.digest()).get().satisfies(d -> {
      assertThat(d.firstAlert()).isEqualTo(alice.id());
      assertThat(d.topSourceIps()).containsExactly(new Alert.Count("2.2.2.2", 2), new Alert.Count("3.3.3.3", 1));
      assertThat(d.topActors()).containsExactly(new Alert.Count("alice", 3));
    });
    assertThat(made.events()).extracting(Alert.AlertEvent::eventId).containsExactly("e3", "e4", "e5");
    assertThat(digest.channels()).containsExactly("secops");
    assertThat(alerting.digest(new Outbox.OpenGroup("k", "a", opened, opened, List.of("x"), List.of())))
        .as("a group with no members needs no digest").isEmpty();
  }

  @Test
  void anAlertSurvivesTheOutboxUnchanged() {
    Alert alert = TestAlerts.alert("a-1");
    assertThat(AlertJson.read(AlertJson.write(alert))).isEqualTo(alert);
  }

  @Test
  void readingBackWhatTheOutboxHoldsGivesTheAlertMadeWithExactlyThatText() {
    Alerting alerting = TestAlerts.alerting(Map.of(), ROUTES, TYPES);
    Outbox.NewAlert made = alerting.alerts(List.of(match(event("e1", "root", "ConsoleLogin", "192.0.2.9"), ROOT))).get(0);
    assertThat(made.channels()).as("a critical alert goes to oncall and secops").hasSize(2);
    Alert read = alerting.read(made.id(), made.body());
    assertThat(read).isEqualTo(AlertJson.read(made.body()));
    assertThat(read).as("not parsed again for its second channel").isSameAs(alerting.read(made.id(), made.body()));
    assertThat(alerting.read(made.id(), made.body())).as("let go once each channel took it (a retry parses)")
        .isNotSameAs(read).isEqualTo(read);

    // The outbox keeps the first of two alerts made for one event: its text, not the latest, is sent.
    String older = made.body().replaceFirst("\"created\":\"[^\"]+\"", "\"created\":\"2020-01-01T00:00:00Z\"");
    assertThat(alerting.read(made.id(), older).created()).hasToString("2020-01-01T00:00:00Z");
  }
}
