package dev.cairn.alert;

import static dev.cairn.config.ConfigType.bool;
import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.mapOf;
import static dev.cairn.config.ConfigType.section;
import static dev.cairn.config.ConfigType.text;

import dev.cairn.alert.deliver.Policy;
import dev.cairn.alert.route.Route;
import dev.cairn.alert.route.Routes;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerting keys of {@code cairn.yaml}, declared once: account names, routes, and how hard
 * delivery tries. (Channels are declared by each channel type: {@link
 * dev.cairn.alert.channel.ChannelConfig}.)
 */
public final class AlertConfig {
  private AlertConfig() {}

  public static final ConfigKey<Map<String, String>> ACCOUNTS = ConfigKey.of("accounts", mapOf("account id", text()))
      .defaultValue(Map.of())
      .doc("Account names by id (`\"111111111111\": Corezoid Dev`), shown in alerts as `accountAlias`; an "
          + "account not listed shows its id.");

  // ---- routes ----
  public static final ConfigKey<Map<String, List<String>>> MATCH = ConfigKey.of("match",
      mapOf("key", listOf(text()))).defaultValue(Map.of())
      .doc("Which alerts the route takes: by `rule`, `severity`, `account`, `accountAlias`, `region`, `actor`, "
          + "`mfa`, `kind`, `category`, `outcome`, `eventName` or `eventSource`, each a list of values or `*` "
          + "globs; every key given must match. None: every alert (the default route, last).");
  public static final ConfigKey<List<String>> NOTIFY = ConfigKey.of("notify", listOf(text()))
      .doc("Channel names the route's alerts go to.");
  public static final ConfigKey<Boolean> CONTINUE = ConfigKey.of("continue", bool()).defaultValue(false)
      .doc("Let later routes see (and add channels to) what this route took.");
  public static final ConfigKey<List<String>> GROUP_BY = ConfigKey.of("by", listOf(text()))
      .doc("Facts whose values make a group (e.g. `[actor]`), from the keys `match` knows.");
  public static final ConfigKey<Duration> GROUP_WINDOW = ConfigKey.of("window", duration())
      .atLeast(Duration.ofSeconds(1))
      .doc("How long a group collects after its first alert (which goes out at once); the rest go out as one "
          + "digest at the end.");
  public static final ConfigDef GROUP_DEF = ConfigDef.builder().define(GROUP_BY).define(GROUP_WINDOW)
      .check("group.by: expected keys among " + String.join(", ", Route.MATCH_KEYS.stream().sorted().toList()),
          c -> Route.MATCH_KEYS.containsAll(c.get(GROUP_BY)))
      .build();
  public static final ConfigKey<Config> GROUP = ConfigKey.of("group", section(GROUP_DEF)).optional("no grouping")
      .doc("Group the route's alerts.");
  public static final ConfigDef ROUTE_DEF = ConfigDef.builder().define(MATCH).define(NOTIFY).define(CONTINUE)
      .define(GROUP)
      .check("match: expected keys among " + String.join(", ", Route.MATCH_KEYS.stream().sorted().toList()),
          c -> Route.MATCH_KEYS.containsAll(c.get(MATCH).keySet()))
      .build();
  public static final ConfigKey<List<Config>> ROUTES = ConfigKey.of("routes", listOf(section(ROUTE_DEF)))
      .defaultValue(List.of())
      .doc("Where alerts go, in order: the first route that matches takes an alert unless it says "
          + "`continue: true`. A rule with its own `notify` is not routed. Without routes, alerts go to `console`.");

  // ---- delivery ----
  public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.of("maxAttempts", integer())
      .defaultValue(Policy.DEFAULT.maxAttempts()).range(1, 1_000)
      .doc("Attempts of one delivery before it is dead (a permanent refusal ends it at once).");
  public static final ConfigKey<Duration> FIRST_BACKOFF = ConfigKey.of("firstBackoff", duration())
      .defaultValue(Policy.DEFAULT.firstBackoff()).atLeast(Duration.ofMillis(10))
      .doc("The wait after a first failed attempt; each next wait doubles (with jitter).");
  public static final ConfigKey<Duration> MAX_BACKOFF = ConfigKey.of("maxBackoff", duration())
      .defaultValue(Policy.DEFAULT.maxBackoff()).atLeast(Duration.ofMillis(10))
      .doc("The longest wait between two attempts.");
  public static final ConfigKey<Duration> MAX_RETRY_AFTER = ConfigKey.of("maxRetryAfter", duration())
      .defaultValue(Policy.DEFAULT.maxRetryAfter()).atLeast(Duration.ZERO)
      .doc("The longest `Retry-After` honoured; a receiver asking for more gets this.");
  public static final ConfigKey<Integer> BREAKER_AFTER = ConfigKey.of("breakerAfter", integer())
      .defaultValue(Policy.DEFAULT.breakerAfter()).range(1, 1_000)
      .doc("Failures in a row after which a channel is left alone for `breakerCooldown`.");
  public static final ConfigKey<Duration> BREAKER_COOLDOWN = ConfigKey.of("breakerCooldown", duration())
      .defaultValue(Policy.DEFAULT.breakerCooldown()).atLeast(Duration.ZERO)
      .doc("How long a failing channel is left alone.");
  public static final ConfigDef DELIVERY_DEF = ConfigDef.builder().define(MAX_ATTEMPTS).define(FIRST_BACKOFF)
      .define(MAX_BACKOFF).define(MAX_RETRY_AFTER).define(BREAKER_AFTER).define(BREAKER_COOLDOWN).build();
  public static final ConfigKey<Config> DELIVERY = ConfigKey.section("delivery", DELIVERY_DEF)
      .doc("How hard alerts are delivered.");

  /** The routes a loaded file lists. */
  public static Routes routes(List<Config> routes) {
    List<Route> built = new ArrayList<>();
    for (Config route : routes) {
      built.add(new Route(route.get(MATCH), route.get(NOTIFY), route.get(CONTINUE), route.find(GROUP).map(
          AlertConfig::grouping)));
    }
    return new Routes(built);
  }

  /** A loaded {@code group} section. */
  public static Route.Grouping grouping(Config group) {
    return new Route.Grouping(group.get(GROUP_BY), group.get(GROUP_WINDOW));
  }

  /** The delivery policy a loaded section sets. */
  public static Policy policy(Config delivery) {
    return new Policy(delivery.get(MAX_ATTEMPTS), delivery.get(FIRST_BACKOFF), delivery.get(MAX_BACKOFF),
        delivery.get(MAX_RETRY_AFTER), delivery.get(BREAKER_AFTER), delivery.get(BREAKER_COOLDOWN));
  }

  /** Channel names a loaded file's routes name, for checking they exist. */
  public static List<String> routedChannels(List<Config> routes) {
    List<String> names = new ArrayList<>();
    routes.forEach(r -> names.addAll(r.get(NOTIFY)));
    return names;
  }
}
