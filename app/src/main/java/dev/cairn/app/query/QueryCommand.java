package dev.cairn.app.query;

import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.cli.TempFolder;
import dev.cairn.app.run.ConfigLoader;
import dev.cairn.app.run.InvalidConfigException;
import dev.cairn.archive.ArchiveConfig;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.S3Location;
import dev.cairn.archive.query.QueryEngine;
import dev.cairn.archive.query.QueryException;
import dev.cairn.archive.query.ResultPrinter;
import dev.cairn.archive.query.S3Parts;
import dev.cairn.archive.write.Target;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code cairn query}: SQL over the archive, or over raw CloudTrail files. */
@Command(
    name = "query",
    description = {
      "Run SQL over CloudTrail events: the view `events` has the archive's columns (eventTime, eventName,"
          + " eventSource, awsRegion, account, accountAlias, actor, principalArn, sourceIPAddress, userAgent,"
          + " errorCode, readOnly, eventType, category, mfa, rules, record, eventId).",
      "Over an archive (--archive, or the archive of --config), or raw files in any format (--from).",
      "Exit status: 0 done, 1 some --from input could not be decoded (the rest was queried),"
          + " 2 bad usage or an SQL error."
    })
public final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--archive", paramLabel = "LOCATION", description = "An archive: a folder or s3://bucket/prefix.")
  String archive;

  @Option(names = "--from", paramLabel = "PATH", description = "Raw CloudTrail files or folders (recursive), any format; repeatable.")
  List<Path> from = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "cairn.yaml: its archive section (location, S3 access).")
  Path config;

  @Option(names = "--since", paramLabel = "TIME", description = "Only events at or after: 2026-03-01, 2026-03-01T09:00:00Z, or an age like 7d, 12h, 30m.")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only events before (same forms as --since).")
  String until;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table", description = "table (default), csv or jsonl.")
  String output;

  @Option(names = "--rules", paramLabel = "FILE", description = "With --from: rule files that fill the rules column; repeatable.")
  List<Path> ruleFiles = new ArrayList<>();

  @Option(names = "--cache", paramLabel = "DIR", description = "Where parts of an S3 archive are kept (default: ~/.cache/cairn/archive).")
  Path cache;

  @Option(names = "--threads", paramLabel = "N", description = "Threads for decoding --from inputs and for DuckDB (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"SELECT eventName, count(*) FROM events GROUP BY 1\".")
  String sql;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now();
    Optional<Instant> start;
    Optional<Instant> end;
    try {
      start = Optional.ofNullable(since).map(t -> TimeArgument.parse(t, now));
      end = Optional.ofNullable(until).map(t -> TimeArgument.parse(t, now));
    } catch (IllegalArgumentException e) {
      err.println("cairn: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    ResultPrinter printer;
    switch (output) {
      case "table" -> printer = ResultPrinter.table(out);
      case "csv" -> printer = ResultPrinter.csv(out);
      case "jsonl" -> printer = ResultPrinter.jsonl(out);
      default -> {
        err.println("cairn: --output: expected table, csv or jsonl, got '" + output + "'");
        return ExitCodes.USAGE;
      }
    }
    Optional<ArchiveSettings> configured = Optional.empty();
    if (config != null) {
      try {
        configured = ConfigLoader.load(config, System::getenv).find(ArchiveConfig.ARCHIVE).map(ArchiveSettings::from);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> err.println("cairn: invalid config: " + e.file() + ": " + p));
        return ExitCodes.USAGE;
      }
    }
    String location = archive != null ? archive : configured.map(ArchiveSettings::to).orElse(null);
    if ((location == null) == from.isEmpty()) {
      err.println("cairn: query " + (from.isEmpty() ? "needs --archive, --config with an archive, or --from"
          : "takes --from or an archive, not both"));
      return ExitCodes.USAGE;
    }
    int failed = 0;
    try (TempFolder work = TempFolder.create("cairn-query"); QueryEngine engine = QueryEngine.open(work.path(), threads)) {
      if (location != null) {
        Optional<Integer> problem = openArchive(engine, location, configured, start, end, err);
        if (problem.isPresent()) {
          return problem.get();
        }
      } else {
        RuleSet rules;
        try {
          rules = ruleFiles.isEmpty() ? RuleSet.empty() : RuleSet.load(ruleFiles);
        } catch (InvalidRulesException e) {
          e.problems().forEach(p -> err.println("cairn: invalid rule: " + p.describe()));
          return ExitCodes.USAGE;
        }
        List<Path> inputs = new ArrayList<>();
        for (Path path : from) {
          if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
              walk.filter(Files::isRegularFile).sorted().forEach(inputs::add);
            }
          } else if (Files.isRegularFile(path)) {
            inputs.add(path);
          } else {
            err.println("cairn: error: " + path + ": no such file or directory");
            failed++;
          }
        }
        // Records are copied into the rows only when the query reads them: most of the work otherwise.
        var loaded = engine.raw(inputs, rules, start, end, note -> err.println("cairn: note: " + note),
            engine.readsRecord(sql));
        for (String problem : loaded.problems()) {
          err.println("cairn: error: " + problem);
        }
        failed += loaded.problems().size();
      }
      try {
        engine.run(sql, printer);
      } catch (QueryException e) {
        out.flush();
        err.println("cairn: SQL error: " + e.getMessage());
        return ExitCodes.USAGE;
      }
    }
    out.flush();
    return failed > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private Optional<Integer> openArchive(QueryEngine engine, String location, Optional<ArchiveSettings> configured,
      Optional<Instant> start, Optional<Instant> end, PrintWriter err) throws IOException, SQLException {
    if (!location.startsWith("s3://")) {
      Path root = Path.of(location);
      if (!Files.isDirectory(root)) {
        err.println("cairn: no archive at " + root);
        return Optional.of(ExitCodes.USAGE);
      }
      engine.archive(root, start, end);
      return Optional.empty();
    }
    Optional<S3Location> s3 = S3Location.parse(location);
    if (s3.isEmpty()) {
      err.println("cairn: --archive: expected s3://bucket/prefix, got " + location);
      return Optional.of(ExitCodes.USAGE);
    }
    Path dir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "cairn", "archive");
    ArchiveSettings.S3Access access = configured.map(ArchiveSettings::s3).orElse(ArchiveSettings.S3Access.DEFAULT);
    try (S3Client client = Target.client(access)) {
      S3Parts.Fetched fetched = engine.archive(client, s3.get(), dir, start, end);
      if (fetched.downloaded() > 0) {
        err.println("cairn: fetched " + fetched.downloaded() + " part(s), " + fetched.bytesDownloaded() + " bytes, into "
            + dir + " (" + (fetched.files().size() - fetched.downloaded()) + " cached, " + fetched.skipped()
            + " outside the time range)");
      }
    }
    return Optional.empty();
  }
}
