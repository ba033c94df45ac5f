package dev.cairn.bench.sqs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configuration to measure: a line {@code kind | name | settings} of {@code variants.conf}.
 *
 * @param yaml cairn: top-level config lines by key; {@code sqs.}-prefixed keys go in the queue entry
 * @param java JVM flags (cairn: CAIRN_JAVA_OPTS)
 * @param threadCount cpl: CPL's threadCount, empty for its default
 * @param cds cpl: use a class-data archive of the runner
 * @param compare the name of another configuration to compare this one with
 * @param home cairn: the checkout whose {@code bin/cairn} runs (for A/B runs of two builds); empty
 *     for the repository under test
 */
record Variant(String kind, String name, Map<String, String> yaml, String java, Optional<Integer> threadCount,
    boolean cds, Optional<String> compare, Optional<Path> home) {

  /** The {@code bin/cairn} this configuration runs. */
  Path cairn(Path repo) {
    return home.orElse(repo).resolve("bin/cairn");
  }

  boolean isCairn() {
    return kind.equals("cairn");
  }

  /** Decode/match workers (Cairn) or CPL's threadCount. */
  int threads() {
    if (isCairn()) {
      String workers = yaml.get("workers");
      return workers != null ? Integer.parseInt(workers.trim()) : Runtime.getRuntime().availableProcessors();
    }
    return threadCount.orElse(1);
  }

  static List<Variant> load(Path file, Pattern only) throws IOException {
    List<Variant> variants = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file)) {
      lineNo++;
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\|", 3);
      if (parts.length < 2) {
        throw new IOException(file + ":" + lineNo + ": expected kind | name | settings");
      }
      String kind = parts[0].trim();
      String name = parts[1].trim();
      if (!kind.equals("cairn") && !kind.equals("cpl")) {
        throw new IOException(file + ":" + lineNo + ": kind must be cairn or cpl, got '" + kind + "'");
      }
      Map<String, String> yaml = new LinkedHashMap<>();
      String java = "";
      Integer threads = null;
      boolean cds = false;
      String compare = null;
      Path home = null;
      for (String item : parts.length > 2 ? parts[2].split(";") : new String[0]) {
        String s = item.trim();
        if (s.isEmpty()) {
          continue;
        }
        if (s.startsWith("java=")) {
          java = s.substring(5).trim();
        } else if (s.startsWith("compare=")) {
          compare = s.substring(8).trim();
        } else if (kind.equals("cairn") && s.startsWith("home=")) {
          home = Path.of(s.substring(5).trim()).toAbsolutePath();
        } else if (kind.equals("cpl") && s.startsWith("threadCount=")) {
          threads = Integer.parseInt(s.substring(12).trim());
        } else if (kind.equals("cpl") && s.equals("cds")) {
          cds = true;
        } else if (kind.equals("cairn") && s.indexOf(':') > 0) {
          yaml.put(s.substring(0, s.indexOf(':')).trim(), s.substring(s.indexOf(':') + 1).trim());
        } else {
          throw new IOException(file + ":" + lineNo + ": unknown setting '" + s + "' for " + kind);
        }
      }
      if (only == null || only.matcher(name).find()) {
        variants.add(new Variant(kind, name, Map.copyOf(yaml), java, Optional.ofNullable(threads), cds,
            Optional.ofNullable(compare), Optional.ofNullable(home)));
      }
    }
    if (variants.isEmpty()) {
      throw new IOException("no configuration to run in " + file + (only == null ? "" : " matching " + only));
    }
    return variants;
  }
}
