package dev.cairn.app.run;

import dev.cairn.app.ExitCodes;
import dev.cairn.app.output.LineFormatter;
import dev.cairn.app.output.OutputFormat;
import dev.cairn.aws.SqsSource;
import dev.cairn.aws.SqsSourceConfig;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.Health;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

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
    RunConfig config;
    try {
      config = configFile == null ? RunConfig.defaults() : ConfigLoader.load(configFile, System::getenv);
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
    if (configFile == null) {
      seedInbox(config.folders().get(0).path());
    }
    return serve(config, rules, out, err);
  }

  private int serve(RunConfig config, RuleSet rules, PrintWriter out, PrintWriter err) throws Exception {
    Metrics metrics = new Metrics();
    LineFormatter formatter = config.output() == RunConfig.ConsoleOutput.none ? null
        : LineFormatter.create(OutputFormat.valueOf(config.output().name()), rules.rules());
    StateStore opened;
    try {
      opened = config.state().map(StateStore::open).orElseGet(StateStore::inMemory);
    } catch (StateStoreException e) {
      err.println("cairn: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (formatter != null) {
      out.print(formatter.header(true));
      out.flush();
    }
    MatchPrinter printer = new MatchPrinter(formatter, out, metrics);
    try (StateStore store = opened) {
      List<CairnProcessor> processors = processors(config, store, rules, printer, metrics);
      Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
        log().error("{} died: {}", thread.getName(), e.toString(), e);
        if (e instanceof Error) {
          fatal.compareAndSet(null, e);
          processors.forEach(p -> p.stop(Duration.ZERO));
        }
      });
      try (HttpEndpoints http = config.httpPort() < 0 ? null
          : HttpEndpoints.start(config.httpPort(), () -> health(processors), metrics::scrape)) {
        if (http != null) {
          log().info("health on http://localhost:{}/healthz, metrics on http://localhost:{}/metrics", http.port(), http.port());
        }
        log().info("{} rule(s); {} folder(s), {} queue(s); state in {}", rules.rules().size(),
            config.folders().size(), config.queues().size(), store.describe());
        int code = drain ? drainAll(processors, err) : runUntilStopped(processors);
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

  private static List<CairnProcessor> processors(RunConfig config, StateStore store, RuleSet rules,
      MatchPrinter printer, Metrics metrics) {
    List<CairnProcessor> processors = new ArrayList<>();
    for (RunConfig.Folder folder : config.folders()) {
      processors.add(common(config, store, rules, printer)
          .folder(folder.path()).settleTime(folder.settle())
          .listener(metrics.listener("folder:" + folder.path())).build());
    }
    for (RunConfig.Queue queue : config.queues()) {
      processors.add(common(config, store, rules, printer)
          .source(SqsSource.create(sqsConfig(queue))).pollers(queue.pollers())
          .listener(metrics.listener("sqs:" + queue.queueUrl())).build());
    }
    return processors;
  }

  private static CairnProcessor.Builder common(RunConfig config, StateStore store, RuleSet rules, MatchPrinter printer) {
    CairnProcessor.Builder builder = CairnProcessor.builder()
        .stateStore(store)
        .rules(rules)
        .matchHandler(printer)
        .dedupWindow(config.dedupWindow())
        .batchSize(config.batchSize())
        .stopTimeout(STOP_TIMEOUT);
    if (config.workers() > 0) {
      builder.workers(config.workers());
    }
    if (config.queueCapacity() > 0) {
      builder.queueCapacity(config.queueCapacity());
    }
    return builder;
  }

  static SqsSourceConfig sqsConfig(RunConfig.Queue queue) {
    SqsSourceConfig.Builder sqs = SqsSourceConfig.builder(queue.queueUrl())
        .maxMessages(queue.maxMessages())
        .waitTime(queue.waitTime())
        .visibilityTimeout(queue.visibilityTimeout())
        .visibilityExtensionInterval(queue.visibilityTimeout().dividedBy(2));
    queue.region().map(Region::of).ifPresent(sqs::region);
    queue.sqsEndpoint().ifPresent(sqs::sqsEndpoint);
    queue.s3Endpoint().ifPresent(sqs::s3Endpoint);
    if (queue.accessKeyId().isPresent() && queue.secretAccessKey().isPresent()) {
      sqs.credentials(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(queue.accessKeyId().get(), queue.secretAccessKey().get())));
    }
    return sqs.build();
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

  /** Runs every processor until its source is drained, in parallel; progress on a terminal. */
  private int drainAll(List<CairnProcessor> processors, PrintWriter err) throws InterruptedException {
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
    if (tty) {
      err.println();
    }
    for (String message : timedOut) {
      err.println("cairn: drain gave up: " + message);
    }
    err.println("cairn: drained: " + DrainProgress.describe(processors));
    return timedOut.isEmpty() && processors.stream().allMatch(p -> p.stats().itemsFailed() == 0)
        ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private RuleSet rules(RunConfig config) throws InvalidRulesException, IOException {
    if (!config.rules().isEmpty()) {
      return RuleSet.load(config.rules());
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
