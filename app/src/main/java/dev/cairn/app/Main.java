package dev.cairn.app;

import dev.cairn.app.cli.ExitCodes;
import dev.cairn.app.query.ArchiveCommand;
import dev.cairn.app.query.QueryCommand;
import dev.cairn.app.run.AlertsCommand;
import dev.cairn.app.run.RunCommand;
import dev.cairn.app.scan.ScanCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;
import dev.cairn.text.Printable;

/**
 * The {@code cairn} command. Every command and subcommand answers {@code -h}/{@code --help} (the
 * standard help options are inherited) and lists the exit codes of {@link ExitCodes}.
 */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "cairn 0.1.0",
    description = "Turns AWS CloudTrail activity into decisions.",
    synopsisSubcommandLabel = "COMMAND")
public final class Main {

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    int code = execute(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line in-process (tests use this). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(args.length > 0 ? args[0] : "");
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The command line for arguments starting with {@code first}: a named subcommand alone, anything
   * else (help, a typo, no arguments) all of them. Picocli reads every registered command's
   * annotations up front, which takes a noticeable part of a short scan's time.
   */
  static CommandLine commandLine(String first) {
    CommandLine cli = new CommandLine(new Main());
    switch (first) {
      case "scan" -> cli.addSubcommand(new ScanCommand());
      case "run" -> cli.addSubcommand(new RunCommand());
      case "validate" -> cli.addSubcommand(new ValidateCommand());
      case "alerts" -> cli.addSubcommand(new AlertsCommand());
      case "query" -> cli.addSubcommand(new QueryCommand());
      case "archive" -> cli.addSubcommand(new ArchiveCommand());
      default -> {
        cli.addSubcommand(new ScanCommand());
        cli.addSubcommand(new RunCommand());
        cli.addSubcommand(new ValidateCommand());
        cli.addSubcommand(new AlertsCommand());
        cli.addSubcommand(new QueryCommand());
        cli.addSubcommand(new ArchiveCommand());
        cli.addSubcommand(new CommandLine.HelpCommand());
      }
    }
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    documentExitCodes(cli);
    IParameterExceptionHandler standard = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, args) -> usageError(e, args, standard));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println(Printable.of("cairn: error: " + e));
      return ExitCodes.FAILURE;
    });
    return cli;
  }

  /** Every command, however deep, lists the exit codes of {@link ExitCodes}. */
  private static void documentExitCodes(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("Exit status:%n").exitCodeList(ExitCodes.DESCRIPTIONS);
    cli.getSubcommands().values().stream().distinct().forEach(Main::documentExitCodes);
  }

  /**
   * Bad usage: exit status 2. A word that is not a command, where a command was expected, gets the
   * closest one suggested, as git does ({@code cairn sacn} → {@code scan}); picocli's own suggestions,
   * which compare letter pairs, find none for a transposition.
   */
  private static int usageError(ParameterException e, String[] args, IParameterExceptionHandler standard)
      throws Exception {
    CommandLine cmd = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      String word = unmatched.getUnmatched().get(0);
      String name = cmd.getCommandSpec().qualifiedName();
      PrintWriter err = cmd.getErr();
      err.println(Printable.of("cairn: '" + word + "' is not a " + name + " command."
          + Suggestions.closest(word, cmd.getSubcommands().keySet()).map(s -> " Did you mean '" + s + "'?").orElse("")));
      err.println("Run '" + name + " --help' for the commands.");
      return ExitCodes.USAGE;
    }
    return standard.handleParseException(e, args);
  }
}
