package dev.cairn.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code cairn} in-process and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  java.util.List<String> lines() {
    return out.lines().toList();
  }
}
