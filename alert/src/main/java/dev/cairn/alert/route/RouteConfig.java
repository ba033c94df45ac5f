package dev.cairn.alert.route;

import static dev.cairn.config.ConfigType.bool;
import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.mapOf;
import static dev.cairn.config.ConfigType.section;
import static dev.cairn.config.ConfigType.text;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code routes} keys of {@code cairn.yaml} (and a rule's {@code group}), declared once. */
public final class RouteConfig {
  private RouteConfig() {}

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

  /** The routes a loaded file lists. */
  public static Routes routes(List<Config> routes) {
    List<Route> built = new ArrayList<>();
    for (Config route : routes) {
      built.add(new Route(route.get(MATCH), route.get(NOTIFY), route.get(CONTINUE), route.find(GROUP).map(
          RouteConfig::grouping)));
    }
    return new Routes(built);
  }

  /** A loaded {@code group} section. */
  public static Route.Grouping grouping(Config group) {
    return new Route.Grouping(group.get(GROUP_BY), group.get(GROUP_WINDOW));
  }

  /** Channel names a loaded file's routes name, for checking they exist. */
  public static List<String> routedChannels(List<Config> routes) {
    List<String> names = new ArrayList<>();
    routes.forEach(r -> names.addAll(r.get(NOTIFY)));
    return names;
  }
}
