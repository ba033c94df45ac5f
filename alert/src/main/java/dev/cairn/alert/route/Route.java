package dev.cairn.alert.route;

import dev.cairn.alert.Alert;
import dev.cairn.match.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of the config's {@code routes}: which alerts it takes ({@code match}), where they go
 * ({@code notify}), whether later routes still see them ({@code continue}), and how they are grouped.
 * A route with no {@code match} takes every alert (the default route, last).
 *
 * <p>{@code match} keys and what they compare: {@code rule} (rule id), {@code severity}, and the
 * enriched facts {@code account}, {@code accountAlias}, {@code region}, {@code actor}, {@code mfa},
 * {@code kind}, {@code category}, {@code outcome}, {@code eventName}, {@code eventSource}; each with a
 * list of values or {@code *} globs, any of which may match; every key given must match.
 */
public final class Route {
  /** The keys {@code match} may use. */
  public static final Set<String> MATCH_KEYS = Set.of("rule", "severity", "account", "accountAlias", "region", "actor",
      "mfa", "kind", "category", "outcome", "eventName", "eventSource");

  private final Map<String, List<Glob>> match;
  private final List<String> notify;
  private final boolean continueMatching;
  private final Optional<Grouping> group;

  /**
   * @param match values (or globs) by key; empty matches every alert
   * @param notify channel names
   * @param continueMatching true when later routes still see what this one took
   * @param group how this route's alerts are grouped
   * @throws IllegalArgumentException for a key {@code match} does not know
   */
  public Route(Map<String, List<String>> match, List<String> notify, boolean continueMatching,
      Optional<Grouping> group) {
    Map<String, List<Glob>> compiled = new LinkedHashMap<>();
    match.forEach((key, values) -> {
      if (!MATCH_KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown match key '" + key + "' (expected one of "
            + String.join(", ", MATCH_KEYS.stream().sorted().toList()) + ")");
      }
      List<Glob> globs = new ArrayList<>();
      values.forEach(v -> globs.add(new Glob(key.equals("severity") ? v.toLowerCase(Locale.ROOT) : v)));
      compiled.put(key, List.copyOf(globs));
    });
    this.match = Map.copyOf(compiled);
    this.notify = List.copyOf(notify);
    this.continueMatching = continueMatching;
    this.group = Objects.requireNonNull(group, "group");
  }

  boolean matches(String rule, Severity severity, Alert.Facts facts) {
    for (Map.Entry<String, List<Glob>> entry : match.entrySet()) {
      String value = value(entry.getKey(), rule, severity, facts);
      if (entry.getValue().stream().noneMatch(glob -> glob.matches(value))) {
        return false;
      }
    }
    return true;
  }

  /** The value a match key compares. */
  static String value(String key, String rule, Severity severity, Alert.Facts facts) {
    return switch (key) {
      case "rule" -> rule;
      case "severity" -> severity.label();
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
      default -> throw new IllegalArgumentException("unknown key " + key);
    };
  }

  List<String> channels() {
    return notify;
  }

  boolean continueMatching() {
    return continueMatching;
  }

  Optional<Grouping> group() {
    return group;
  }

  /**
   * How alerts are grouped: by the values of some facts (e.g. {@code actor}), over a window from the
   * first alert of each group.
   *
   * @param by the keys whose values make the group (the same keys {@code match} knows)
   * @param window how long a group collects after its first alert
   */
  public record Grouping(List<String> by, Duration window) {
    public Grouping {
      by = List.copyOf(by);
      Objects.requireNonNull(window, "window");
      for (String key : by) {
        if (!MATCH_KEYS.contains(key)) {
          throw new IllegalArgumentException("unknown group key '" + key + "'");
        }
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("group window must be positive, got " + window);
      }
    }
  }
}
