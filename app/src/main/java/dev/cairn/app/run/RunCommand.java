package dev.cairn.app.run;

import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.cli.IoReason;
import dev.cairn.aws.AwsProblems;
import dev.cairn.aws.SqsSource;
import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.config.Config;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleProblem;
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
import dev.cairn.text.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      "Run as a service: watch folders and SQS queues, match every new event, alert on the matches.",
      "Without --config: watch ./inbox (created with the bundled example logs on first run), keep the "
          + "state in ./.cairn/, match the CIS pack, print matches as a table, and serve /healthz and "
          + "/metrics on 127.0.0.1:9464.",
      "Ctrl-C or SIGTERM stops it cleanly: work in progress is finished or left for redelivery."
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

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of /healthz and /metrics (overrides http.port; 0 picks a free one, -1 turns them off). "
          + "A --drain run serves them only when this or http.port is given.")
  Integer httpPort;

  @Option(names = "--drain-give-up", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "With --drain: exit with status 2 when a source has failed to answer for this long "
          + "(an endpoint that cannot be reached, refused credentials). Default: ${DEFAULT-VALUE}.")
  Duration drainGiveUp;

  /** The folders' sources, which know what in them could not be read. */
  private final List<FolderSource> folderSources = new ArrayList<>();

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
      e.problems().forEach(p -> err.println(Printable.of("cairn: invalid config: " + e.file() + ": " + p)));
      return ExitCodes.USAGE;
    }
    List<RunSetup.Problem> problems = new ArrayList<>();
    RunSetup.Checked checked = RunSetup.check(config, problems);
    if (checked == null) {
      for (RunSetup.Problem p : problems) {
        err.println(Printable.of(p.kind() != RunSetup.Problem.Kind.CONFIG ? "cairn: invalid rule: " + p.text()
            : "cairn: invalid config: " + (configFile == null ? "" : configFile + ": ") + p.text()));
      }
      return ExitCodes.USAGE;
    }
    Optional<String> noCredentials = missingCredentials(config);
    if (noCredentials.isPresent()) {
      err.println(Printable.of("cairn: " + noCredentials.get()));
      return ExitCodes.USAGE;
    }
    AlarmWiring alarms;
    try {
      alarms = AlarmWiring.build(config);
    } catch (InvalidRulesException e) {
      e.problems().forEach(p -> err.println("cairn: invalid metric filter: " + p.describe()));
      return ExitCodes.USAGE;
    } catch (IllegalArgumentException e) {
      err.println("cairn: invalid metric filter: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (configFile == null) {
      seedInbox(RunConfig.folders(config).get(0).get(FolderConfig.PATH));
    }
    return serve(config, checked, alarms, out, err);
  }

  /**
   * The first queue without working credentials, said once, before anything starts: with none,
   * every receive would fail the same way for as long as the service runs.
   */
  private static Optional<String> missingCredentials(Config config) {
    List<Config> queues = RunConfig.queues(config);
    for (int i = 0; i < queues.size(); i++) {
      Optional<String> problem = AwsProblems.missingCredentials(SqsSourceConfig.from(queues.get(i)).credentials());
      if (problem.isPresent()) {
        return Optional.of("sources.sqs[" + i + "]: " + problem.get());
      }
    }
    return Optional.empty();
  }

  private int serve(Config config, RunSetup.Checked checked, AlarmWiring alarms, PrintWriter out, PrintWriter err)
      throws Exception {
    RuleSet rules = checked.rules();
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
      archive = ArchiveWiring.open(config, opened, metrics);
    } catch (ArchiveWiring.InvalidArchiveException e) {
      opened.close();
      err.println(Printable.of("cairn: " + e.getMessage()));
      return ExitCodes.USAGE;
    }
    try (StateStore store = opened; AlertWiring alerts = AlertWiring.build(config, rules, out); AlarmWiring alarming = alarms;
        archive) {
      alerts.startDelivery(store, metrics.deliveries());
      metrics.outbox(store.outbox(), alerts.channelNames());
      alarming.start(store, alerts.deliverer()::wake, metrics.alarmTransitions());
      List<CairnProcessor> processors = processors(config, store, rules, checked.exclude(), alerts, alarming, metrics,
          archive);
      Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
        log().error("{} died: {}", thread.getName(), e.toString(), e);
        if (e instanceof Error) {
          fatal.compareAndSet(null, e);
          processors.forEach(p -> p.stop(Duration.ZERO));
        }
      });
      Config http = config.get(RunConfig.HTTP);
      // A drain is a batch job: no port unless asked for, so that it runs beside the service.
      int port = httpPort != null ? httpPort : drain && !http.isSet(RunConfig.HTTP_PORT) ? -1 : http.get(RunConfig.HTTP_PORT);
      HttpEndpoints endpoints;
      try {
        endpoints = port < 0 ? null : HttpEndpoints.start(http.get(RunConfig.HTTP_ADDRESS), port,
            () -> archive.health(health(processors)), metrics::scrape);
      } catch (BindException e) {
        err.println(Printable.of("cairn: cannot serve /healthz and /metrics: port " + port + " on "
            + http.get(RunConfig.HTTP_ADDRESS) + " is in use (" + IoReason.of(e) + "); choose another with "
            + "http.port in the config or --http-port (0 picks a free port, -1 turns them off)"));
        return ExitCodes.USAGE;
      }
      try (HttpEndpoints served = endpoints) {
        if (served != null) {
          log().info("health on {}/healthz, metrics on {}/metrics", served.url(), served.url());
        }
        log().info("{} rule(s), {} metric filter(s), {} alarm(s); {} folder(s), {} queue(s); alerts to {}; state in {}",
            rules.rules().size(), alarming.alarms().metrics().size(),
            alarming.alarms().alarms().size() + alarming.alarms().silences().size(), RunConfig.folders(config).size(),
            RunConfig.queues(config).size(), String.join(", ", alerts.channelNames()), store.describe());
        if (!drain) {
          RunConfig.folders(config).stream().map(f -> StartNote.folder(store, f.get(FolderConfig.PATH)))
              .filter(note -> !note.isEmpty()).forEach(note -> err.println(Printable.of("cairn: " + note)));
        }
        int code = drain ? new Drain(drainTimeout, drainGiveUp, folderSources).run(processors, alerts, alarming, metrics, err)
            : runUntilStopped(processors);
        Optional<Throwable> died = processors.stream().map(CairnProcessor::failure).flatMap(Optional::stream).findFirst()
            .or(() -> Optional.ofNullable(fatal.get()));
        if (died.isPresent()) {
          err.println(Printable.of("cairn: stopped because a thread died: " + died.get()
              + "; exiting with status 1 so that a supervisor restarts it (work in progress is read again then)"));
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

  private List<CairnProcessor> processors(Config config, StateStore store, RuleSet rules, RuleSet exclude,
      AlertWiring alerts, AlarmWiring alarms, Metrics metrics, ArchiveWiring archive) {
    List<CairnProcessor> processors = new ArrayList<>();
    for (Config folder : RunConfig.folders(config)) {
      Path path = folder.get(FolderConfig.PATH);
      FolderSource source = FolderSource.builder(path, store).configure(folder).build();
      folderSources.add(source);
      processors.add(archive.wire(common(config, store, rules, exclude, alerts, alarms, metrics))
          .source(source)
          .listener(metrics.listener("folder:" + path)).build());
    }
    for (Config queue : RunConfig.queues(config)) {
      processors.add(archive.wire(common(config, store, rules, exclude, alerts, alarms, metrics))
          .source(SqsSource.create(SqsSourceConfig.from(queue))).pollers(queue.get(SqsSourceConfig.POLLERS))
          .listener(metrics.listener("sqs:" + queue.get(SqsSourceConfig.QUEUE_URL))).build());
    }
    return processors;
  }

  /** The engine settings every source shares: the top-level keys of {@link EngineConfig}, the rules, alerting. */
  private static CairnProcessor.Builder common(Config config, StateStore store, RuleSet rules, RuleSet exclude,
      AlertWiring alerts, AlarmWiring alarms, Metrics metrics) {
    CairnProcessor.Builder builder = CairnProcessor.builder();
    alarms.measurer().ifPresent(builder::measurer);
    return builder
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

  /**
   * Starts every processor and waits; SIGTERM or SIGINT stops them cleanly ({@link StopSignals}),
   * and the run ends with status 0. The shutdown hook stops them on other ways the JVM ends.
   */
  @SuppressWarnings("try") // the signal handlers are held for the run and restored on close; nothing reads them
  private int runUntilStopped(List<CairnProcessor> processors) throws InterruptedException {
    Runnable stopAll = () -> {
      log().info("stopping: finishing work in progress (up to {})", DurationConverter.format(STOP_TIMEOUT));
      processors.forEach(p -> p.stop(STOP_TIMEOUT));
    };
    Thread hook = new Thread(() -> {
      stopAll.run();
      try {
        // Let the main thread close the state store and the HTTP server before the JVM halts.
        closed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cairn-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (StopSignals signals = StopSignals.install(stopAll)) {
      processors.forEach(CairnProcessor::start);
      for (CairnProcessor processor : processors) {
        processor.awaitStopped();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running
      }
    }
    return ExitCodes.OK;
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
