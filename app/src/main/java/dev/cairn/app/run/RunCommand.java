package dev.cairn.app.run;

import dev.cairn.app.ExitCodes;
import dev.cairn.app.output.LineFormatter;
import dev.cairn.app.output.OutputFormat;
import dev.cairn.aws.SqsSource;
import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.config.Config;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.Alerter;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.EngineConfig;
import dev.cairn.runtime.Health;
import dev.cairn.runtime.source.FolderConfig;
import dev.cairn.runtime.source.FolderSource;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.runtime.state.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn run}: the always-on service. */
@Command(
    name = "run",
    description = {
      "Run as a service: watch folders and SQS queues, match every new event, print the matches.",
      "Without --config: watch ./inbox (created with the bundled example logs on first run), state in",
      "./.cairn/, the CIS pack, matches as a table, /healthz and /metrics on port 9464.",
      "Exit status: 0 stopped cleanly (or drained), 1 something failed or a drain timed out,",
      "2 invalid config or rules, or the state is in use by another cairn."
    })
public final class RunCommand implements Callable<Integer> {
  /**
   * Made on first use, not when the class loads: picocli loads every subcommand for any command
   * line, and setting up logging would add a tenth of a second to {@code cairn scan}.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(RunCommand.class);
  }
  static final String BUNDLED_PACK = "cis-aws-foundations.yaml";
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  @Spec CommandSpec spec;

  private final CountDownLatch closed = new CountDownLatch(1);

  @Option(names = "--config", paramLabel = "FILE", description = "cairn.yaml (see docs/configuration.md).")
  Path configFile;

  @Option(names = "--drain", description = "Process what is there (folders done, queues empty), then exit.")
  boolean drain;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "15m",
      converter = DurationConverter.class,
      description = "With --drain: give up after this long (exit 1, saying what is left). Default: ${DEFAULT-VALUE}.")
  Duration drainTimeout;

  /** The first {@link Error} a thread outside the engines died of. */
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config config;
    try {
      config = configFile == null ? RunConfig.FILE.defaults() : ConfigLoader.load(configFile, System::getenv);
    } catch (InvalidConfigException e) {
      e.problems().forEach(p -> err.println("cairn: invalid config: " + e.file() + ": " + p));
      return ExitCodes.USAGE;
    }
    RuleSet rules;
    try {
      rules = rules(config);
    } catch (InvalidRulesException e) {
      e.problems().forEach(p -> err.println("cairn: invalid rule: " + p.describe()));
      return ExitCodes.USAGE;
    }
    List<String> actionProblems = AlertWiring.problems(config, rules);
    if (!actionProblems.isEmpty()) {
      actionProblems.forEach(p -> err.println("cairn: invalid rule: " + p));
      return ExitCodes.USAGE;
    }
    if (configFile == null) {
      seedInbox(RunConfig.folders(config).get(0).get(FolderConfig.PATH));
    }
    return serve(config, rules, out, err);
  }

  private int serve(Config config, RuleSet rules, PrintWriter out, PrintWriter err) throws Exception {
    Metrics metrics = new Metrics();
    StateStore opened;
    try {
      opened = config.get(RunConfig.STATE).map(StateStore::open).orElseGet(StateStore::inMemory);
    } catch (StateStoreException e) {
      err.println("cairn: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    ArchiveWiring archive;
    try {
      archive = ArchiveWiring.open(config, opened);
    } catch (ArchiveWiring.InvalidArchiveException e) {
      opened.close();
      err.println("cairn: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    try (StateStore store = opened; AlertWiring alerts = AlertWiring.build(config, rules, out); archive) {
      alerts.startDelivery(store, metrics.deliveries());
      metrics.outbox(store.outbox(), alerts.channelNames());
      List<CairnProcessor> processors = processors(config, store, rules, alerts, metrics, archive);
      Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
        log().error("{} died: {}", thread.getName(), e.toString(), e);
        if (e instanceof Error) {
          fatal.compareAndSet(null, e);
          processors.forEach(p -> p.stop(Duration.ZERO));
        }
      });
      int port = config.get(RunConfig.HTTP).get(RunConfig.HTTP_PORT);
      try (HttpEndpoints http = port < 0 ? null
          : HttpEndpoints.start(port, () -> health(processors), metrics::scrape)) {
        if (http != null) {
          log().info("health on http://localhost:{}/healthz, metrics on http://localhost:{}/metrics", http.port(), http.port());
        }
        log().info("{} rule(s); {} folder(s), {} queue(s); alerts to {}; state in {}", rules.rules().size(),
            RunConfig.folders(config).size(), RunConfig.queues(config).size(), String.join(", ", alerts.channelNames()),
            store.describe());
        int code = drain ? drainAll(processors, alerts, metrics, err) : runUntilStopped(processors);
        Optional<Throwable> died = processors.stream().map(CairnProcessor::failure).flatMap(Optional::stream).findFirst()
            .or(() -> Optional.ofNullable(fatal.get()));
        if (died.isPresent()) {
          err.println("cairn: stopped because a thread died: " + died.get()
              + "; exiting with status 1 so that a supervisor restarts it (work in progress is read again then)");
          return ExitCodes.FAILURE;
        }
        return code;
      }
    } finally {
      closed.countDown();
    }
  }

  /** The worst health of any source's engine. */
  private static Health health(List<CairnProcessor> processors) {
    Health worst = Health.OK;
    for (CairnProcessor processor : processors) {
      Health health = processor.health();
      if (health.status().compareTo(worst.status()) > 0) {
        worst = health;
      }
    }
    return worst;
  }

  private static List<CairnProcessor> processors(Config config, StateStore store, RuleSet rules, AlertWiring alerts,
      Metrics metrics, ArchiveWiring archive) {
    RuleSet exclude = exclude(config);
    List<CairnProcessor> processors = new ArrayList<>();
    for (Config folder : RunConfig.folders(config)) {
      Path path = folder.get(FolderConfig.PATH);
      processors.add(archive.wire(common(config, store, rules, exclude, alerts, metrics))
          .source(FolderSource.builder(path, store).configure(folder).build())
          .listener(metrics.listener("folder:" + path)).build());
    }
    for (Config queue : RunConfig.queues(config)) {
      processors.add(archive.wire(common(config, store, rules, exclude, alerts, metrics))
          .source(SqsSource.create(SqsSourceConfig.from(queue))).pollers(queue.get(SqsSourceConfig.POLLERS))
          .listener(metrics.listener("sqs:" + queue.get(SqsSourceConfig.QUEUE_URL))).build());
    }
    return processors;
  }

  /** The engine settings every source shares: the top-level keys of {@link EngineConfig}, the rules, alerting. */
  private static CairnProcessor.Builder common(Config config, StateStore store, RuleSet rules, RuleSet exclude,
      AlertWiring alerts, Metrics metrics) {
    return CairnProcessor.builder()
        .stateStore(store)
        .rules(rules)
        .exclude(exclude)
        .alerter(counted(alerts.alerting(), metrics))
        .configure(config)
        .stopTimeout(STOP_TIMEOUT);
  }

  /**
   * The alerter, counting matches per rule for {@code /metrics} on the way. Not a match handler:
   * the engine checkpoints after every batch handed to one, but gathers alerts into fewer commits.
   */
  private static Alerter counted(Alerter alerter, Metrics metrics) {
    return new Alerter() {
      @Override
      public List<Outbox.NewAlert> alerts(List<Match> matches) {
        matches.forEach(m -> m.rules().forEach(metrics::matched));
        return alerter.alerts(matches);
      }

      @Override
      public void recorded() {
        alerter.recorded();
      }
    };
  }

  /** The {@code exclude} entries as rules: an event any of them matches is dropped. Checked at load. */
  static RuleSet exclude(Config config) {
    List<Rule> rules = new ArrayList<>();
    List<Config> entries = config.get(RunConfig.EXCLUDE);
    for (int i = 0; i < entries.size(); i++) {
      Rule.Builder rule = Rule.builder("exclude[" + i + "]");
      entries.get(i).find(RunConfig.EXCLUDE_FILTER).ifPresent(rule::filter);
      entries.get(i).find(RunConfig.EXCLUDE_PATTERN)
          .ifPresent(p -> rule.pattern(p.isTextual() ? p.textValue() : p.toString()));
      rules.add(rule.build());
    }
    try {
      return RuleSet.of(rules);
    } catch (InvalidRulesException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Starts every processor and waits; SIGTERM or SIGINT stops them gracefully. */
  private int runUntilStopped(List<CairnProcessor> processors) throws InterruptedException {
    Thread hook = new Thread(() -> {
      log().info("stopping: finishing work in progress (up to {})", STOP_TIMEOUT);
      processors.forEach(p -> p.stop(STOP_TIMEOUT));
      try {
        // Let the main thread close the state store and the HTTP server before the JVM halts.
        closed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cairn-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    processors.forEach(CairnProcessor::start);
    for (CairnProcessor processor : processors) {
      processor.awaitStopped();
    }
    return ExitCodes.OK;
  }

  /**
   * Runs every processor until its source is drained, in parallel, then delivers what they alerted
   * (groups' digests now rather than at the end of their windows) until every delivery is delivered
   * or dead; progress on a terminal.
   */
  private int drainAll(List<CairnProcessor> processors, AlertWiring alerts, Metrics metrics, PrintWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<String> timedOut = new CopyOnWriteArrayList<>();
    for (CairnProcessor processor : processors) {
      Thread t = new Thread(() -> {
        try {
          processor.runUntilDrained(drainTimeout);
        } catch (TimeoutException e) {
          timedOut.add(e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "cairn-drain");
      t.start();
      threads.add(t);
    }
    boolean tty = Boolean.getBoolean("cairn.tty");
    for (Thread t : threads) {
      while (t.isAlive()) {
        t.join(500);
        if (tty) {
          err.print("\r" + DrainProgress.describe(processors) + "   ");
          err.flush();
        }
      }
    }
    alerts.deliverer().closeGroupsNow();
    while (!alerts.deliverer().settled()) {
      if (System.nanoTime() - deadline > 0) {
        timedOut.add("alerts still pending after " + drainTimeout + " (see cairn alerts list)");
        break;
      }
      Thread.sleep(50);
    }
    if (tty) {
      err.println();
    }
    for (String message : timedOut) {
      err.println("cairn: drain gave up: " + message);
    }
    err.println("cairn: drained: " + DrainProgress.describe(processors) + "; " + metrics.deliverySummary());
    long dead = metrics.deadDeliveries();
    if (dead > 0) {
      err.println("cairn: " + dead + " alert deliver" + (dead == 1 ? "y is" : "ies are")
          + " dead: cairn alerts list --dead shows them, cairn alerts retry --dead sends them again");
    }
    return timedOut.isEmpty() && dead == 0 && processors.stream().allMatch(p -> p.stats().itemsFailed() == 0)
        ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** The rule files the config names, else the bundled CIS pack. */
  static RuleSet rules(Config config) throws InvalidRulesException, IOException {
    Optional<List<Path>> files = config.find(RunConfig.RULES);
    if (files.isPresent()) {
      return RuleSet.load(files.get());
    }
    Path home = home().resolve("rules").resolve(BUNDLED_PACK);
    if (Files.isRegularFile(home)) {
      return RuleSet.load(List.of(home));
    }
    try (InputStream in = RunCommand.class.getResourceAsStream("/dev/cairn/rules/" + BUNDLED_PACK)) {
      if (in == null) {
        throw new InvalidRulesException(List.of(new RuleProblem(BUNDLED_PACK, 0, 0, null, "bundled rule pack missing from the jar")));
      }
      return RuleSet.load("bundled " + BUNDLED_PACK, in);
    }
  }

  /**
   * First run on the defaults: create the inbox and put the bundled example logs in it, so the
   * first thing a newcomer sees is alerts. An existing inbox is left alone.
   */
  private static void seedInbox(Path inbox) throws IOException {
    if (Files.exists(inbox)) {
      return;
    }
    Files.createDirectories(inbox);
    Path samples = home().resolve("examples").resolve("data");
    if (!Files.isDirectory(samples)) {
      log().info("created {}; drop CloudTrail log files in it", inbox);
      return;
    }
    try (Stream<Path> files = Files.walk(samples)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = inbox.resolve("examples").resolve(samples.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    log().info("created {} with the bundled example logs in {}/examples; drop CloudTrail log files in it", inbox, inbox);
  }

  /** Where bin/cairn lives ({@code -Dcairn.home}), else the working directory. */
  private static Path home() {
    return Path.of(System.getProperty("cairn.home", "."));
  }
}
