package dev.cairn.app.run;

import dev.cairn.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the key table of {@code docs/configuration.md} from the declarations ({@link
 * RunConfig#FILE}); the prose around it is kept. Run by {@code bin/generate-config-docs}; a test
 * fails when the committed file differs from what this would write.
 */
public final class ConfigurationDocs {
  /** What {@code bin/generate-config-docs} runs, for messages that tell people to run it. */
  public static final String COMMAND = "bin/generate-config-docs";

  private ConfigurationDocs() {}

  /** {@code document} with its generated part brought up to date. */
  static String render(String document) {
    return ConfigDocs.replaceTable(document, RunConfig.FILE);
  }

  /** Rewrites the file given as the only argument (default {@code docs/configuration.md}). */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
    String current = Files.readString(file, StandardCharsets.UTF_8);
    String updated = render(current);
    if (updated.equals(current)) {
      System.out.println(file + " is up to date");
    } else {
      Files.writeString(file, updated, StandardCharsets.UTF_8);
      System.out.println("updated " + file);
    }
  }
}
