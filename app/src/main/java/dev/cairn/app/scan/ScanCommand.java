package dev.cairn.app.scan;

import dev.cairn.app.ExitCodes;
import dev.cairn.app.output.LineFormatter;
import dev.cairn.app.output.OutputFormat;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
      "Without --rules, print every decoded event as one JSON line (the record view).",
      "Exit status: 0 all inputs decoded, 1 some input could not be decoded, 2 bad usage or invalid rules."
    })
public final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rules", paramLabel = "FILE", description = "Rule file (YAML); repeatable.")
  List<Path> ruleFiles = new ArrayList<>();

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "jsonl (default) or text (an aligned table).")
  OutputFormat output;

  @Option(names = "--stats", description = "Print files, events, matches, skipped values, errors and speed to stderr.")
  boolean stats;

  @Option(names = "--threads", paramLabel = "N", description = "Files decoded in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--progress", negatable = true, description = "Show a progress bar on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Option(names = "--archive", paramLabel = "LOCATION",
      description = "Also archive every event (a backfill): a folder or s3://bucket/prefix, hive layout, Parquet.")
  String archive;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, directories (recursive), or - for standard input.")
  List<String> paths;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RuleSet rules;
    try {
      rules = ruleFiles.isEmpty() ? RuleSet.empty() : RuleSet.load(ruleFiles);
    } catch (InvalidRulesException e) {
      for (RuleProblem problem : e.problems()) {
        err.println("cairn: invalid rule: " + problem.describe());
      }
      return ExitCodes.USAGE;
    }
    List<ScanInput> inputs = new ArrayList<>();
    int unreadable = expand(paths, inputs, err);
    boolean listEvents = ruleFiles.isEmpty();
    LineFormatter formatter = LineFormatter.create(output, rules.rules());
    ScanArchive archiving;
    try {
      archiving = archive == null ? null : ScanArchive.open(archive);
    } catch (Exception e) {
      err.println("cairn: --archive " + archive + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }
    Scanner scanner = new Scanner(rules, listEvents, formatter, err, threads,
        archiving == null ? null : archiving.writer());
    String header = formatter.header(!listEvents);
    out.print(header);
    long totalBytes = inputs.stream().mapToLong(ScanInput::size).sum();
    boolean showProgress = progress != null ? progress : Boolean.getBoolean("cairn.tty");
    try (Progress bar = showProgress ? new Progress(err, scanner.totals, totalBytes, inputs.size()) : null) {
      scanner.scan(inputs, new OrderedOutput(out));
    }
    out.flush();
    scanner.totals.errors.addAndGet(unreadable);
    if (archiving != null && !archiving.close(err)) {
      scanner.totals.errors.incrementAndGet();
    }
    if (stats) {
      err.println("cairn: " + scanner.totals.describe());
    }
    return scanner.totals.errors.get() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  /** Files in the given order; a directory's regular files recursively, sorted by path. */
  private static int expand(List<String> paths, List<ScanInput> inputs, PrintWriter err) {
    int unreadable = 0;
    for (String arg : paths) {
      if (arg.equals(ScanInput.STDIN)) {
        inputs.add(ScanInput.stdin());
        continue;
      }
      Path path = Path.of(arg);
      try {
        if (Files.isDirectory(path)) {
          try (Stream<Path> walk = Files.walk(path)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
              inputs.add(ScanInput.file(file));
            }
          }
        } else {
          inputs.add(ScanInput.file(path));
        }
      } catch (IOException e) {
        unreadable++;
        err.println("cairn: error: " + arg + ": " + (Files.exists(path) ? "cannot be read: " + e.getMessage() : "no such file or directory"));
      }
    }
    return unreadable;
  }
}
