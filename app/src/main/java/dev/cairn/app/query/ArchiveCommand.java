package dev.cairn.app.query;

import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.run.ConfigLoader;
import dev.cairn.app.run.InvalidConfigException;
import dev.cairn.archive.ArchiveConfig;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Format;
import dev.cairn.archive.Layout;
import dev.cairn.archive.PartitionKey;
import dev.cairn.archive.S3Location;
import dev.cairn.archive.athena.AthenaDdl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn archive}: tools for the archive. */
@Command(name = "archive", description = "Tools for the archive cairn run writes.",
    subcommands = ArchiveCommand.AthenaDdlCommand.class)
public final class ArchiveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code cairn archive athena-ddl}. */
  @Command(name = "athena-ddl", description = {
      "Print CREATE EXTERNAL TABLE with partition projection for an archive in S3, so Athena reads it"
          + " with no crawler.",
      "Settings come from --config's archive section; options override them."})
  static final class AthenaDdlCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "cairn.yaml with an archive section.")
    Path config;

    @Option(names = "--to", paramLabel = "s3://BUCKET/PREFIX", description = "The archive's location.")
    String to;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "hive or firehose.")
    Layout layout;

    @Option(names = "--partition-by", paramLabel = "KEY", split = ",", description = "account, region (comma-separated).")
    List<PartitionKey> partitionBy;

    @Option(names = "--format", paramLabel = "FORMAT", description = "parquet or jsonl.gz.")
    String format;

    @Option(names = "--table", paramLabel = "NAME", defaultValue = "cloudtrail_archive", description = "Table name (default ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--start", paramLabel = "DATE", description = "First day the projection covers (default: 1 January of last year).")
    LocalDate start;

    @Option(names = "--accounts", paramLabel = "ID", split = ",", description = "Account ids for an enum projection (default: injected, each query names one account).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--regions", paramLabel = "REGION", split = ",", description = "Regions of the region projection (default: every commercial region).")
    List<String> regions;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<ArchiveSettings> configured = Optional.empty();
      if (config != null) {
        try {
          configured = ConfigLoader.load(config, System::getenv).find(ArchiveConfig.ARCHIVE).map(ArchiveSettings::from);
        } catch (InvalidConfigException e) {
          e.problems().forEach(p -> err.println("cairn: invalid config: " + e.file() + ": " + p));
          return ExitCodes.USAGE;
        }
      }
      String location = to != null ? to : configured.map(ArchiveSettings::to).orElse(null);
      Optional<S3Location> s3 = location == null ? Optional.empty() : S3Location.parse(location);
      if (s3.isEmpty()) {
        err.println("cairn: athena-ddl needs an archive in S3 (--to s3://bucket/prefix, or --config), got "
            + (location == null ? "none" : location));
        return ExitCodes.USAGE;
      }
      try {
        out.print(AthenaDdl.ddl(table, s3.get(),
            layout != null ? layout : configured.map(ArchiveSettings::layout).orElse(Layout.hive),
            partitionBy != null ? partitionBy : configured.map(ArchiveSettings::partitionBy).orElse(List.of()),
            format != null ? Format.parse(format) : configured.map(ArchiveSettings::format).orElse(Format.PARQUET),
            start != null ? start : LocalDate.now(ZoneId.systemDefault()).minusYears(1).withDayOfYear(1), accounts,
            regions != null ? regions : AthenaDdl.REGIONS));
      } catch (IllegalArgumentException e) {
        err.println("cairn: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      return ExitCodes.OK;
    }
  }
}
