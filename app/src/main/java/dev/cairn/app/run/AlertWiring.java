package dev.cairn.app.run;

import dev.cairn.alert.route.RouteConfig;
import dev.cairn.alert.deliver.DeliveryConfig;
import dev.cairn.alert.enrich.EnrichConfig;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.alert.outbox.RuleActions;
import dev.cairn.alert.channel.Channel;
import dev.cairn.alert.channel.ChannelConfig;
import dev.cairn.alert.channel.HttpTransport;
import dev.cairn.alert.deliver.Deliverer;
import dev.cairn.alert.deliver.DeliveryListener;
import dev.cairn.alert.deliver.Policy;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.aws.SnsChannelConfig;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.match.RuleSet;
import dev.cairn.text.Columns;
import dev.cairn.runtime.state.StateStore;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The alerting stage as {@code cairn.yaml} sets it up: the channels (with the console one that
 * {@code output} implies), enrichment with the account names, routes, the rules' own actions and
 * templates, and the delivery loop over the state store's outbox. {@code cairn validate} checks the
 * same things through {@link #problems}.
 */
final class AlertWiring implements AutoCloseable {
  private final Alerting alerting;
  private final Map<String, Channel> channels;
  private final Policy policy;
  private Deliverer deliverer;

  private AlertWiring(Alerting alerting, Map<String, Channel> channels, Policy policy) {
    this.alerting = alerting;
    this.channels = channels;
    this.policy = policy;
  }

  /** The problems in the rules' {@code notify}, {@code template} and {@code group} given this config's channels. */
  static List<String> problems(Config file, RuleSet rules) {
    return actions(file, rules).problems();
  }

  private static RuleActions actions(Config file, RuleSet rules) {
    return RuleActions.read(rules.rules(), RunConfig.channelNames(file), new TreeSet<>(types(file).values()));
  }

  /**
   * Builds the stage: channels, enrichment, routes, the rules' actions. Nothing is delivered until
   * {@link #startDelivery}.
   *
   * @throws IllegalArgumentException when the rules' actions have problems (checked by {@link #problems} first)
   */
  static AlertWiring build(Config file, RuleSet rules, PrintWriter console) {
    RuleActions actions = actions(file, rules);
    if (!actions.problems().isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", actions.problems()));
    }
    Map<String, Channel> channels = channels(file, rules, console);
    Map<String, String> types = new LinkedHashMap<>();
    channels.forEach((name, channel) -> types.put(name, channel.type()));
    Enricher enricher = Enricher.withAccounts(file.get(EnrichConfig.ACCOUNTS));
    Alerting alerting = new Alerting(enricher::facts,
        RouteConfig.routes(defaultRoute(file)), actions.options(), types, InstantSource.system());
    return new AlertWiring(alerting, channels, DeliveryConfig.policy(file.get(DeliveryConfig.DELIVERY)));
  }

  /** Starts delivering what the store's outbox holds, woken whenever alerts are recorded. */
  Deliverer startDelivery(StateStore store, DeliveryListener listener) {
    deliverer = new Deliverer(store.outbox(), channels, alerting, policy, InstantSource.system(), listener);
    alerting.onRecorded(deliverer::wake);
    deliverer.start();
    return deliverer;
  }

  /** The configured routes; without any, every alert goes to the console (today's behaviour). */
  private static List<Config> defaultRoute(Config file) {
    List<Config> routes = file.get(RouteConfig.ROUTES);
    if (!routes.isEmpty() || !RunConfig.channelNames(file).contains(Alerting.CONSOLE)) {
      return routes;
    }
    return List.of(Config.builder(RouteConfig.ROUTE_DEF).set(RouteConfig.NOTIFY, List.of(Alerting.CONSOLE)).build());
  }

  /**
   * Creates every configured channel, as {@link #build} does, and closes them again: what their
   * settings reject beyond the config's own checks (an e-mail address, a webhook secret's form), as
   * {@code channels.<name>: problem}. A problem about a value from the environment or a file never
   * quotes it.
   */
  static List<String> channelProblems(Config file, RuleSet rules) {
    try {
      close(channels(file, rules, new PrintWriter(PrintWriter.nullWriter())).values());
      return List.of();
    } catch (InvalidChannels e) {
      return e.problems;
    }
  }

  private static Map<String, Channel> channels(Config file, RuleSet rules, PrintWriter console) {
    Supplier<HttpTransport> http = memoized(HttpTransport::defaults);
    int ruleWidth = Columns.ruleWidth(rules.rules().stream().mapToInt(r -> r.id().length()).max().orElse(4));
    Map<String, Channel> channels = new LinkedHashMap<>();
    Map<String, String> types = types(file);
    List<String> problems = new ArrayList<>();
    file.get(RunConfig.CHANNELS).forEach((name, entry) -> {
      String type = types.get(name);
      try {
        channels.put(name, type.equals("sns") ? SnsChannelConfig.create(name, entry)
            : ChannelConfig.create(name, type, entry, http, console, ruleWidth));
      } catch (IllegalArgumentException e) {
        problems.add(RunConfig.CHANNELS.name() + "." + name + "." + Redacted.message(e.getMessage(), entry));
      }
    });
    if (!problems.isEmpty()) {
      close(channels.values());
      throw new InvalidChannels(problems);
    }
    RunConfig.ConsoleOutput output = file.get(RunConfig.OUTPUT);
    if (output != RunConfig.ConsoleOutput.none && !channels.containsKey(Alerting.CONSOLE)) {
      channels.put(Alerting.CONSOLE, ChannelConfig.console(Alerting.CONSOLE, console,
          output == RunConfig.ConsoleOutput.jsonl ? ChannelConfig.ConsoleFormat.jsonl : ChannelConfig.ConsoleFormat.table,
          ruleWidth));
    }
    return channels;
  }

  /** One value, made on first use (by the first HTTP channel, if any). Called on one thread. */
  private static <T> Supplier<T> memoized(Supplier<T> make) {
    List<T> made = new ArrayList<>(1);
    return () -> {
      if (made.isEmpty()) {
        made.add(make.get());
      }
      return made.get(0);
    };
  }

  /** Channels whose settings were rejected; {@link #build} callers checked {@link #channelProblems} first. */
  private static final class InvalidChannels extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    InvalidChannels(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }
  }

  private static void close(Collection<Channel> channels) {
    for (Channel channel : channels) {
      if (channel instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing a client: nothing left to do about it
        }
      }
    }
  }

  /** Each configured channel's type (the implicit console's too), by name. */
  private static Map<String, String> types(Config file) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<ConfigDef, String> byDef = new LinkedHashMap<>();
    ChannelConfig.types().forEach((type, def) -> byDef.put(def, type));
    byDef.put(SnsChannelConfig.DEF, "sns");
    file.get(RunConfig.CHANNELS).forEach((name, entry) -> types.put(name, byDef.get(entry.def())));
    if (RunConfig.channelNames(file).contains(Alerting.CONSOLE)) {
      types.putIfAbsent(Alerting.CONSOLE, "console");
    }
    return types;
  }

  Alerting alerting() {
    return alerting;
  }

  /** The delivery loop, once {@link #startDelivery started}. */
  Deliverer deliverer() {
    return deliverer;
  }

  Set<String> channelNames() {
    return channels.keySet();
  }

  Map<String, Channel> channels() {
    return channels;
  }

  @Override
  public void close() {
    if (deliverer != null) {
      deliverer.close();
    }
    close(channels.values());
  }
}
