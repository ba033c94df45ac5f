package dev.cairn.alert.outbox;

import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.alert.route.Route;
import dev.cairn.alert.route.Routes;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.runtime.Alerter;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.state.Outbox;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The alerting stage: each match becomes an alert per rule — enriched, routed to its channels,
 * with the rule's templates rendered for those channels' types — recorded by the engine in the
 * outbox with the checkpoint that handles its event (see {@link Alerter}). Thread-safe: immutable,
 * called by several workers at once.
 *
 * <p>An alert's id is a hash of its rule and eventID, so the same event handled twice makes the same
 * alert, which the outbox records once; each (alert, channel) delivery is keyed by {@link
 * #deliveryKey}, the idempotency key receivers deduplicate on.
 */
public final class Alerting implements Alerter {
  /** The channel that prints alerts on the service's standard output. */
  public static final String CONSOLE = "console";

  private final Function<CloudTrailEvent, Alert.Facts> enrich;
  private final Routes routes;
  private final Map<String, RuleOptions> rules;
  private final Map<String, String> channelTypes;
  private final InstantSource clock;
  private final LatestAlerts latest = new LatestAlerts(LatestAlerts.defaultBudget());
  private volatile Runnable onRecorded = () -> {};

  /**
   * @param enrich the facts of an event
   * @param routes where alerts go, unless a rule names its own channels
   * @param rules per rule id: its own channels, templates and grouping
   * @param channelTypes every configured channel's type, by name
   */
  public Alerting(Function<CloudTrailEvent, Alert.Facts> enrich, Routes routes,
      Map<String, RuleOptions> rules, Map<String, String> channelTypes, InstantSource clock) {
    this.enrich = Objects.requireNonNull(enrich, "enrich");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.rules = Map.copyOf(rules);
    this.channelTypes = Map.copyOf(channelTypes);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Called after alerts were recorded, on the worker that recorded them: to wake the delivery loop. */
  public void onRecorded(Runnable action) {
    this.onRecorded = Objects.requireNonNull(action, "action");
  }

  @Override
  public void recorded() {
    onRecorded.run();
  }

  @Override
  public List<Outbox.NewAlert> alerts(List<Match> matches) {
    List<Outbox.NewAlert> alerts = new ArrayList<>();
    for (Match match : matches) {
      Alert.Facts facts = enrich.apply(match.event());
      for (Rule rule : match.rules()) {
        alerts.add(alert(rule, match, facts));
      }
    }
    return alerts;
  }

  private Outbox.NewAlert alert(Rule rule, Match match, Alert.Facts facts) {
    RuleOptions options = rules.getOrDefault(rule.id(), RuleOptions.NONE);
    List<String> channels;
    Optional<Route.Grouping> grouping;
    if (options.channels().isPresent()) {
      channels = options.channels().get();
      grouping = options.group();
    } else {
      Routes.Destination destination = routes.route(rule.id(), rule.severity(), facts);
      channels = destination.channels();
      grouping = options.group().or(destination::group);
    }
    CloudTrailEvent event = match.event();
    Map<String, String> templated = new LinkedHashMap<>();
    for (String channel : channels) {
      String type = channelTypes.getOrDefault(channel, channel);
      BiFunction<CloudTrailEvent, Alert.Facts, String> template = options.templates().get(type);
      if (template != null && !templated.containsKey(type)) {
        templated.put(type, template.apply(event, facts));
      }
    }
    String eventId = event.eventId();
    String id = "a-" + Alert.idHash(rule.id(), eventId != null ? eventId : event.recordJson());
    Alert alert = new Alert(id, rule.id(), orEmpty(rule.description()), rule.severity(), title(rule, facts),
        text(facts), facts, 1, List.of(alertEvent(event, facts, match.input())), Optional.empty(), templated, clock.instant());
    Optional<Outbox.Grouping> group = grouping.map(g -> new Outbox.Grouping(groupKey(rule.id(), g, facts), g.window()));
    // The record as the decoder read it (compact), not its tree serialised again.
    String json = AlertJson.write(alert, event.isCloudTrail() ? List.of(event.recordJson()) : List.of());
    latest.put(id, json, alert, channels.size());
    return new Outbox.NewAlert(id, rule.id(), alert.created(), json, channels, group);
  }

  /**
   * The alert the outbox keeps as {@code json} (see {@link AlertJson}) for one delivery: one this
   * object made with exactly that text and still holds for a channel, else {@code json} parsed.
   * Delivery reads every alert back from the outbox; parsing it again was a sixth of the engine's CPU
   * when alerts were frequent. Call once per delivery attempt: the alert is let go once each of its
   * channels took it.
   *
   * @throws IllegalArgumentException when {@code json} is not an alert
   */
  public Alert read(String id, String json) {
    Alert alert = latest.take(id, json);
    return alert != null ? alert : AlertJson.read(json);
  }

  /**
   * The digest that stands for a group's members once its window ended: "and N more", with the top
   * actors, source IPs and accounts, and samples of the events. Empty when the group had no members.
   */
  public Optional<Outbox.NewAlert> digest(Outbox.OpenGroup group) {
    if (group.members().isEmpty()) {
      return Optional.empty();
    }
    List<Alert> members = group.members().stream().map(AlertJson::read).toList();
    Alert first = members.get(0);
    List<Alert.AlertEvent> samples = new ArrayList<>();
    for (Alert member : members) {
      for (Alert.AlertEvent event : member.events()) {
        if (samples.size() < Alert.MAX_EVENTS) {
          samples.add(event);
        }
      }
    }
    Alert.Digest digest = new Alert.Digest(group.firstAlert(), group.opened(), group.closes(),
        top(members, f -> f.actor()), top(members, f -> f.sourceIpAddress()), top(members, f -> f.accountAlias()));
    int count = members.size();
    Duration window = Duration.between(group.opened(), group.closes());
    String title = first.title().replaceFirst(": .*$", "") + ": and " + count + " more in " + describe(window);
    String text = "and " + count + " more " + (count == 1 ? "match" : "matches") + " of " + first.rule() + " since "
        + group.opened() + "\ntop actors: " + list(digest.topActors()) + "\ntop source IPs: "
        + list(digest.topSourceIps()) + "\ntop accounts: " + list(digest.topAccounts());
    String id = "d-" + Alert.idHash(group.key(), group.opened().toString());
    Alert alert = new Alert(id, first.rule(), first.ruleDescription(), first.severity(), title, text, first.facts(),
        count, samples, Optional.of(digest), Map.of(), clock.instant());
    return Optional.of(new Outbox.NewAlert(id, first.rule(), alert.created(), AlertJson.write(alert), group.channels(),
        Optional.empty()));
  }

  /**
   * The idempotency key of one (alert, channel) delivery: the same for every attempt, different for
   * every channel (each receiver deduplicates on its own).
   */
  public static String deliveryKey(String alertId, String channel) {
    return "cairn-" + Alert.idHash(alertId, channel);
  }

  private static String groupKey(String rule, Route.Grouping grouping, Alert.Facts facts) {
    StringBuilder key = new StringBuilder(rule);
    for (String by : grouping.by()) {
      key.append('|').append(by).append('=').append(valueOf(by, facts));
    }
    return key.toString();
  }

  private static String valueOf(String key, Alert.Facts facts) {
    return switch (key) {
      case "account" -> facts.account();
      case "accountAlias" -> facts.accountAlias();
      case "region" -> facts.region();
      case "actor" -> facts.actor();
      case "mfa" -> facts.mfa();
      case "kind" -> facts.kind();
      case "category" -> facts.category();
      case "outcome" -> facts.outcome();
      case "eventName" -> facts.eventName();
      case "eventSource" -> facts.eventSource();
      default -> "";
    };
  }

  private static String title(Rule rule, Alert.Facts facts) {
    String what = rule.description() == null || rule.description().isBlank() ? rule.id() : rule.description();
    return what + ": " + orDash(facts.eventName()) + " by " + orDash(facts.actor()) + " in " + orDash(facts.accountAlias());
  }

  private static String text(Alert.Facts f) {
    StringBuilder text = new StringBuilder();
    text.append(orDash(f.actor())).append(" called ").append(orDash(f.eventName()));
    if (!f.eventSource().isEmpty()) {
      text.append(" (").append(f.eventSource()).append(')');
    }
    text.append(" in account ").append(orDash(f.accountAlias()));
    if (!f.account().isEmpty() && !f.account().equals(f.accountAlias())) {
      text.append(" (").append(f.account()).append(')');
    }
    if (!f.region().isEmpty()) {
      text.append(", ").append(f.region());
    }
    text.append("\nfrom ").append(orDash(f.sourceIpAddress())).append(", MFA: ").append(orDash(f.mfa()))
        .append(", outcome: ").append(orDash(f.outcome()));
    if (!f.errorCode().isEmpty()) {
      text.append(" (").append(f.errorCode());
      if (!f.errorMessage().isEmpty()) {
        text.append(": ").append(f.errorMessage());
      }
      text.append(')');
    }
    if (!f.eventTime().isEmpty()) {
      text.append("\nat ").append(f.eventTime());
    }
    return text.toString();
  }

  private static Alert.AlertEvent alertEvent(CloudTrailEvent event, Alert.Facts f, String input) {
    String summary = orDash(f.actor()) + " " + orDash(f.eventName()) + " in " + orDash(f.accountAlias()) + " "
        + orDash(f.region()) + " from " + orDash(f.sourceIpAddress());
    return new Alert.AlertEvent(orEmpty(event.eventId()), orEmpty(event.eventTimeText()), orEmpty(event.eventName()),
        summary, event.isCloudTrail() ? event.record() : JsonNodeFactory.instance.objectNode(), input);
  }

  private static List<Alert.Count> top(List<Alert> alerts, Function<Alert.Facts, String> field) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      counts.merge(orDash(field.apply(alert.facts())), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(5).map(e -> new Alert.Count(e.getKey(), e.getValue())).toList();
  }

  private static String list(List<Alert.Count> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach(c -> parts.add(c.value() + " (" + c.count() + ")"));
    return String.join(", ", parts);
  }

  private static String describe(Duration window) {
    long seconds = window.toSeconds();
    return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }


  /**
   * What a rule says about its own alerts.
   *
   * @param channels its channels ({@code notify} in the rule file), instead of the routes'
   * @param templates its templates, by channel type, rendering an event and its facts to text
   * @param group how its alerts are grouped (over a route's grouping)
   */
  public record RuleOptions(Optional<List<String>> channels,
      Map<String, BiFunction<CloudTrailEvent, Alert.Facts, String>> templates, Optional<Route.Grouping> group) {
    public static final RuleOptions NONE = new RuleOptions(Optional.empty(), Map.of(), Optional.empty());

    public RuleOptions {
      channels = channels.map(List::copyOf);
      templates = Map.copyOf(templates);
      Objects.requireNonNull(group, "group");
    }
  }
}
