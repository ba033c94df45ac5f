package dev.cairn.alert.route;

import dev.cairn.alert.Alert;
import dev.cairn.match.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The config's {@code routes}, in order: the first route that matches takes an alert, unless it says
 * {@code continue: true}, in which case later routes may add channels too. A rule that names its own
 * {@code notify} is not routed. Immutable; any thread.
 */
public final class Routes {
  private final List<Route> routes;

  public Routes(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** Where an alert goes, and how it is grouped (the first matching route with a grouping decides). */
  public Destination route(String rule, Severity severity, Alert.Facts facts) {
    Set<String> channels = new LinkedHashSet<>();
    Optional<Route.Grouping> group = Optional.empty();
    for (Route route : routes) {
      if (!route.matches(rule, severity, facts)) {
        continue;
      }
      channels.addAll(route.channels());
      if (group.isEmpty()) {
        group = route.group();
      }
      if (!route.continueMatching()) {
        break;
      }
    }
    return new Destination(new ArrayList<>(channels), group);
  }

  /** Channels (in the order routes named them, each once) and the grouping. */
  public record Destination(List<String> channels, Optional<Route.Grouping> group) {
    public Destination {
      channels = List.copyOf(channels);
    }
  }
}
