package dev.cairn.app.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.alert.channel.Channel;
import dev.cairn.app.cli.ExitCodes;
import dev.cairn.text.Printable;
import dev.cairn.config.Config;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.runtime.state.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn alerts}: what the outbox holds, sending dead alerts again, and seeing exactly what a
 * rule would send. Works alongside a running {@code cairn run} (it takes no lock on the state).
 */
@Command(name = "alerts", description = "List alerts, send dead ones again, preview what a rule would send.",
    subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Retry.class, AlertsCommand.Preview.class})
public final class AlertsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code --config}, shared by the subcommands. */
  static final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", description = "cairn.yaml (default: the built-in defaults).")
    Path file;

    /** The loaded config, or null after printing why not. */
    Config load(PrintWriter err) {
      try {
        return file == null ? RunConfig.FILE.defaults() : ConfigLoader.load(file, System::getenv);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> err.println("cairn: invalid config: " + e.file() + ": " + p));
        return null;
      }
    }

    /** The state file the config names, attached alongside a running service; null after printing why not. */
    StateStore state(Config config, PrintWriter err) {
      Optional<Path> state = config.get(RunConfig.STATE);
      if (state.isEmpty()) {
        err.println("cairn: the config keeps its state in memory: there is no outbox to read");
        return null;
      }
      try {
        return StateStore.attach(state.get());
      } catch (StateStoreException e) {
        err.println("cairn: " + e.getMessage());
        return null;
      }
    }
  }

  @Command(name = "list", description = "Alerts and how their deliveries stand, newest first.")
  static final class ListAlerts implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(names = "--dead", description = "Only alerts with a dead delivery.")
    boolean dead;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "24h",
        description = "How far back (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table or jsonl.")
    String output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Config loaded = config.load(err);
      StateStore store = loaded == null ? null : config.state(loaded, err);
      if (store == null) {
        return ExitCodes.USAGE;
      }
      try (store) {
        List<Outbox.AlertRecord> alerts = store.outbox().alerts(Instant.now().minus(since), dead, limit);
        for (Outbox.AlertRecord record : alerts) {
          out.print(output.equals("jsonl") ? json(record) : table(record));
        }
        if (output.equals("table")) {
          err.println(alerts.size() + " alert(s)" + (dead ? " with a dead delivery" : "") + " in the last " + since);
        }
        return ExitCodes.OK;
      }
    }

    private static String table(Outbox.AlertRecord record) {
      Alert alert = AlertJson.read(record.body());
      StringBuilder line = new StringBuilder();
      line.append(record.created()).append("  ").append(record.id()).append("  ").append(record.rule()).append("  ")
          .append(Printable.of(alert.title())).append('\n');
      if (record.member()) {
        line.append("    grouped: in the digest of ").append(record.group().orElse("?")).append('\n');
      }
      for (Outbox.DeliveryRecord d : record.deliveries()) {
        line.append("    ").append(d.channel()).append(": ").append(d.status().name().toLowerCase(Locale.ROOT))
            .append(" after ").append(d.attempts()).append(" attempt(s)");
        d.next().ifPresent(n -> line.append(", next at ").append(n));
        d.lastError().ifPresent(e -> line.append(", last error: ").append(Printable.of(e)));
        line.append('\n');
      }
      return line.toString();
    }

    private static String json(Outbox.AlertRecord record) {
      ObjectNode o = JSON.createObjectNode();
      o.put("id", record.id());
      o.put("rule", record.rule());
      o.put("created", record.created().toString());
      o.put("member", record.member());
      record.group().ifPresent(g -> o.put("group", g));
      ArrayNode deliveries = o.putArray("deliveries");
      for (Outbox.DeliveryRecord d : record.deliveries()) {
        ObjectNode delivery = deliveries.addObject();
        delivery.put("channel", d.channel());
        delivery.put("status", d.status().name());
        delivery.put("attempts", d.attempts());
        d.next().ifPresent(n -> delivery.put("next", n.toString()));
        d.lastError().ifPresent(e -> delivery.put("lastError", e));
      }
      o.set("alert", AlertJson.tree(AlertJson.read(record.body())));
      return o + "\n";
    }
  }

  @Command(name = "retry", description = "Send dead alerts again (a running cairn run picks them up within a second).")
  static final class Retry implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(names = "--dead", description = "Every dead delivery.")
    boolean allDead;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Alert ids (from cairn alerts list).")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      if (allDead == !ids.isEmpty()) {
        err.println("cairn: give alert ids or --dead (not both)");
        return ExitCodes.USAGE;
      }
      Config loaded = config.load(err);
      StateStore store = loaded == null ? null : config.state(loaded, err);
      if (store == null) {
        return ExitCodes.USAGE;
      }
      try (store) {
        int n = allDead ? store.outbox().requeueAllDead(Instant.now()) : store.outbox().requeueDead(ids, Instant.now());
        err.println("cairn: " + n + " dead deliver" + (n == 1 ? "y" : "ies") + " queued again; cairn run sends them");
        return n == 0 && !allDead ? ExitCodes.FAILURE : ExitCodes.OK;
      }
    }
  }

  @Command(name = "preview", description = "Show exactly what a rule would send for an event, without sending it.")
  static final class Preview implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(names = "--rule", required = true, paramLabel = "RULE", description = "The rule id.")
    String ruleId;

    @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel (default: where it is routed).")
    String channel;

    @Parameters(paramLabel = "EVENT", description = "A file holding the event (a record, an EventBridge event, a log file).")
    Path eventFile;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Config loaded = config.load(err);
      if (loaded == null) {
        return ExitCodes.USAGE;
      }
      RuleSet rules;
      try {
        rules = RunCommand.rules(loaded);
      } catch (InvalidRulesException e) {
        e.problems().forEach(p -> err.println("cairn: invalid rule: " + p.describe()));
        return ExitCodes.USAGE;
      }
      Optional<Rule> rule = rules.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst();
      if (rule.isEmpty()) {
        err.println("cairn: no rule '" + ruleId + "' in the configured rules");
        return ExitCodes.USAGE;
      }
      Optional<CloudTrailEvent> event = firstEvent(eventFile, err);
      if (event.isEmpty()) {
        return ExitCodes.USAGE;
      }
      if (!rules.match(event.get()).contains(rule.get())) {
        err.println("cairn: note: rule " + ruleId + " does not match this event; showing what it would send if it did");
      }
      try (AlertWiring wiring = AlertWiring.build(loaded, rules, new PrintWriter(PrintWriter.nullWriter()))) {
        Outbox.NewAlert made = wiring.alerting().alerts(List.of(new Match(event.get(), List.of(rule.get()),
            eventFile.toString()))).get(0);
        Alert alert = AlertJson.read(made.body());
        List<String> targets = channel != null ? List.of(channel) : made.channels();
        if (targets.isEmpty()) {
          err.println("cairn: no route sends this alert anywhere");
          return ExitCodes.FAILURE;
        }
        for (String name : targets) {
          Channel target = wiring.channels().get(name);
          if (target == null) {
            err.println("cairn: no channel named '" + name + "' (configured: " + String.join(", ",
                wiring.channelNames()) + ")");
            return ExitCodes.USAGE;
          }
          out.println("== " + name + " (" + target.type() + ") ==");
          out.println(target.preview(alert, Alerting.deliveryKey(alert.id(), name)));
        }
        return ExitCodes.OK;
      } catch (IllegalArgumentException e) {
        e.getMessage().lines().forEach(line -> err.println("cairn: invalid rule: " + line));
        return ExitCodes.USAGE;
      }
    }

    private static Optional<CloudTrailEvent> firstEvent(Path file, PrintWriter err) throws IOException {
      List<CloudTrailEvent> events = new ArrayList<>();
      DecodeSummary summary;
      try (InputStream in = Files.newInputStream(file)) {
        summary = EventDecoder.create().decode(in, file.toString(), new DecodeListener() {
          @Override
          public void onEvent(CloudTrailEvent event) {
            if (events.isEmpty()) {
              events.add(event);
            }
          }
        });
      } catch (NoSuchFileException e) {
        err.println("cairn: " + file + ": no such file");
        return Optional.empty();
      }
      if (events.isEmpty()) {
        err.println("cairn: " + file + ": no event in it" + summary.error().map(e -> ": " + e.describe()).orElse(""));
        return Optional.empty();
      }
      return Optional.of(events.get(0));
    }
  }
}
