package dev.cairn.app.scan;

import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.cli.PositiveInteger;
import dev.cairn.app.output.LineFormatter;
import dev.cairn.app.output.OutputFormat;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
import dev.cairn.app.cli.Terminal;
import dev.cairn.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn scan}: match files of CloudTrail events, in any format, against rules. */
@Command(
    name = "scan",
    description = {
      "Decode CloudTrail events from files in any format and print every (event, rule) match.",
      "Without --rules, print every decoded event as one JSON line (the record view)."
    })
public final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-r", "--rules"}, paramLabel = "FILE", description = "Rule file (YAML); repeatable.")
  List<Path> ruleFiles = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "jsonl (default), table (aligned columns; also: text) or tsv (tab-separated, with a header).")
  OutputFormat output;

  @Option(names = "--fail-on-match", description = "Exit with status 3 when anything matched (without --rules: "
      + "when any event was read), for scripts that gate on findings.")
  boolean failOnMatch;

  @Option(names = "--alarms", paramLabel = "FILE", description = {"Backtest: replay the metric filters and alarms of FILE"
      + " (cairn.yaml keys metrics, alarms, silence, heartbeat, cisAlarms, accounts) over the files as if each was read"
      + " when delivered (the time in a CloudTrail file name, else its modification time); print the transitions."})
  Path alarmsFile;

  @Option(names = "--stats", description = "Print files, events, matches, skipped values, errors and speed to stderr.")
  boolean stats;

  @Option(names = "--threads", paramLabel = "N", converter = PositiveInteger.class,
      description = "Files decoded in parallel, at least 1 (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--progress", negatable = true, description = "Show a progress bar on stderr (default: when "
      + "stderr is a terminal and standard output is not, so the bar never draws over output).")
  Boolean progress;

  @Option(names = "--archive", paramLabel = "LOCATION",
      description = "Also archive every event (a backfill): a folder or s3://bucket/prefix, hive layout, Parquet.")
  String archive;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, directories (recursive), or - for standard input.")
  List<String> paths;

  @Override
  @SuppressWarnings("try") // the progress bar draws by itself while the scan runs; close() clears it
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (alarmsFile != null) {
      return backtest(out, err);
    }
    if (alarmsFile != null) {
      return backtest(out, err);
    }
    RuleSet rules;
    try {
      rules = ruleFiles.isEmpty() ? RuleSet.empty() : RuleSet.load(ruleFiles);
    } catch (InvalidRulesException e) {
      for (RuleProblem problem : e.problems()) {
        err.println("cairn: invalid rule: " + problem.describe());
      }
      return ExitCodes.USAGE;
    }
    Inputs expanded = Inputs.expand(paths, problem -> err.println(Printable.of("cairn: " + problem)));
    List<ScanInput> inputs = expanded.files;
    boolean listEvents = ruleFiles.isEmpty();
    LineFormatter formatter = LineFormatter.create(output, rules.rules());
    ScanArchive archiving;
    try {
      archiving = archive == null ? null : ScanArchive.open(archive);
    } catch (Exception e) {
      err.println(Printable.of("cairn: --archive " + archive + ": " + e.getMessage()));
      return ExitCodes.USAGE;
    }
    Scanner scanner = new Scanner(rules, listEvents, formatter, err, threads,
        archiving == null ? null : archiving.writer());
    String header = formatter.header(!listEvents);
    out.print(header);
    long totalBytes = inputs.stream().mapToLong(ScanInput::size).sum();
    boolean showProgress = progress != null ? progress : Terminal.progressWanted();
    try (Progress bar = showProgress ? new Progress(err, scanner.totals, totalBytes, inputs.size()) : null) {
      scanner.scan(inputs, new OrderedOutput(out));
    }
    out.flush();
    scanner.totals.errors.addAndGet(expanded.errors);
    if (archiving != null && !archiving.close(err)) {
      scanner.totals.errors.incrementAndGet();
    }
    if (stats) {
      err.println("cairn: " + scanner.totals.describe());
    }
    long found = listEvents ? scanner.totals.events.get() : scanner.totals.matches.get();
    if (failOnMatch && found > 0) {
      return ExitCodes.MATCHED;
    }
    return scanner.totals.errors.get() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  /** {@code --alarms}: the transitions a live run would have made over the files. */
  private int backtest(PrintWriter out, PrintWriter err) {
    if (!ruleFiles.isEmpty() || paths.contains(ScanInput.STDIN)) {
      err.println("cairn: --alarms replays files (not -) with the alarms' own metric filters; leave out --rules");
      return ExitCodes.USAGE;
    }
    Inputs expanded = Inputs.expand(paths, problem -> err.println(Printable.of("cairn: " + problem)));
    int code = AlarmBacktest.run(alarmsFile, expanded.files.stream().map(ScanInput::path).toList(), output, out, err);
    out.flush();
    return code == ExitCodes.OK && expanded.errors > 0 ? ExitCodes.FAILURE : code;
  }
}
