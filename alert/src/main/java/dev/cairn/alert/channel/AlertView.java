package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The facts every channel shows, in one order and with one wording, so a Slack message, an e-mail
 * and a PagerDuty incident say the same thing. Values stay raw: each channel escapes them.
 */
final class AlertView {
  private AlertView() {}

  /**
   * One labelled fact.
   *
   * @param label for people ({@code Source IP})
   * @param key for machine-keyed receivers ({@code sourceIPAddress}, Opsgenie details, PagerDuty
   *     custom_details)
   * @param value raw, never empty
   */
  record Fact(String label, String key, String value) {}

  /** {@code CRITICAL}. */
  static String severity(Alert alert) {
    return alert.severity().label().toUpperCase(Locale.ROOT);
  }

  /** {@code [CRITICAL] title}: the one line for subjects, fallbacks and summaries. */
  static String headline(Alert alert) {
    return "[" + severity(alert) + "] " + alert.title();
  }

  /** The account by name, with its id when the name is not the id. */
  static String account(Alert.Facts f) {
    if (f.accountAlias().isEmpty() || f.accountAlias().equals(f.account())) {
      return f.account();
    }
    return f.account().isEmpty() ? f.accountAlias() : f.accountAlias() + " (" + f.account() + ")";
  }

  /** Who did what, where, from where, with or without MFA: the facts that are known. */
  static List<Fact> facts(Alert alert) {
    Alert.Facts f = alert.facts();
    List<Fact> facts = new ArrayList<>();
    add(facts, "Account", "account", account(f));
    add(facts, "Region", "region", f.region());
    add(facts, "Actor", "actor", f.actor());
    add(facts, "MFA", "mfa", f.mfa());
    add(facts, "Source IP", "sourceIPAddress", f.sourceIpAddress());
    add(facts, "Event", "eventName", f.eventSource().isEmpty() ? f.eventName()
        : f.eventName().isEmpty() ? f.eventSource() : f.eventName() + " (" + f.eventSource() + ")");
    String outcome = f.outcome();
    if (!f.errorCode().isEmpty()) {
      outcome = (outcome.isEmpty() ? "" : outcome + ": ") + f.errorCode();
    }
    add(facts, "Outcome", "outcome", outcome);
    add(facts, "Time", "eventTime", f.eventTime());
    return facts;
  }

  private static void add(List<Fact> facts, String label, String key, String value) {
    if (!value.isEmpty()) {
      facts.add(new Fact(label, key, value));
    }
  }

  /**
   * A digest in a few lines: how many more and when (for an alarm: how many matching events), then
   * the top actors, source IPs, accounts, regions and events. Empty for a plain alert.
   */
  static Optional<List<String>> digest(Alert alert) {
    return alert.digest().map(d -> {
      List<String> lines = new ArrayList<>();
      long events = alert.alarm().map(a -> a.path("Cairn").path("matchingEvents").asLong(alert.count())).orElse(0L);
      lines.add(alert.alarm().isPresent()
          ? events + (events == 1 ? " matching event, " : " matching events, ") + d.windowStart() + " – " + d.windowEnd()
          : "and " + alert.count() + " more, " + d.windowStart() + " – " + d.windowEnd());
      counted(lines, "Top actors", d.topActors());
      counted(lines, "Top source IPs", d.topSourceIps());
      counted(lines, "Top accounts", d.topAccounts());
      counted(lines, "Top regions", d.topRegions());
      counted(lines, "Top events", d.topEventNames());
      return List.copyOf(lines);
    });
  }

  private static void counted(List<String> lines, String label, List<Alert.Count> counts) {
    if (!counts.isEmpty()) {
      lines.add(label + ": " + counts.stream().map(c -> c.value() + " (" + c.count() + ")")
          .collect(Collectors.joining(", ")));
    }
  }

  /** The one-line summaries of the events behind a digest (its samples); empty for a plain alert. */
  static List<String> samples(Alert alert) {
    if (alert.digest().isEmpty()) {
      return List.of();
    }
    return alert.events().stream().map(Alert.AlertEvent::summary).filter(s -> !s.isEmpty()).toList();
  }

  /** {@code rule cis-4.3 · critical · event ba08…}: where it came from, small print. */
  static String footer(Alert alert) {
    StringBuilder s = new StringBuilder(alert.alarm().isPresent() ? "alarm " : "rule ").append(alert.rule()).append(" · ").append(alert.severity().label());
    if (!alert.events().isEmpty()) {
      s.append(" · event ").append(alert.events().get(0).eventId());
    }
    return s.append(" · alert ").append(alert.id()).toString();
  }

  /** Longest fact, digest line or sample shown in a text: enough to read, bounded for 50 MB values. */
  static final int ITEM_MAX = 1_000;

  /**
   * The whole alert as plain text within {@code max} characters: the main text, the facts, the
   * digest and its samples, the footer. The main text is cut first, so the facts always fit. What
   * e-mail's text part, SNS and the description fields of incident tools carry.
   */
  static String plainText(Alert alert, String mainText, int max) {
    StringBuilder rest = new StringBuilder("\n\n");
    for (Fact f : facts(alert)) {
      rest.append(f.label()).append(": ").append(Text.fit(Text.oneLine(f.value()), ITEM_MAX)).append('\n');
    }
    digest(alert).ifPresent(lines -> {
      rest.append('\n');
      lines.forEach(l -> rest.append(Text.fit(l, ITEM_MAX)).append('\n'));
    });
    List<String> samples = samples(alert);
    if (!samples.isEmpty()) {
      rest.append("\nSamples:\n");
      samples.forEach(l -> rest.append("- ").append(Text.fit(Text.oneLine(l), ITEM_MAX)).append('\n'));
    }
    rest.append('\n').append(Text.fit(footer(alert), ITEM_MAX));
    int room = Math.max(max / 2, max - rest.length());
    return Text.fit(Text.fit(mainText, room) + rest, max);
  }
}
