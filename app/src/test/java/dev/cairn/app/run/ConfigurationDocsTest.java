package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docs/configuration.md} cannot drift from the key declarations. */
class ConfigurationDocsTest {
  private static final Path DOC = Path.of("../docs/configuration.md");

  @TempDir Path dir;

  @Test
  void theKeyTableIsWhatTheDeclarationsGenerate() throws IOException {
    String committed = Files.readString(DOC);

    assertThat(ConfigurationDocs.render(committed))
        .as("docs/configuration.md is out of date with the key declarations: run " + ConfigurationDocs.COMMAND)
        .isEqualTo(committed);
  }

  @Test
  void everyKeyIsDocumented() throws IOException {
    String doc = Files.readString(DOC);
    for (String path : new String[] {"rules", "state", "workers", "queueCapacity", "downloadBuffer", "output",
        "http.port", "sources.folders[].settle", "sources.sqs[].waitTime", "sources.sqs[].secretAccessKey"}) {
      assertThat(doc).contains("| `" + path + "` |");
    }
    assertThat(doc).as("machine-dependent defaults are described, not this machine's value")
        .contains("| `workers` | whole number | number of cores, at least 2 |");
  }

  @Test
  void theExampleInTheDocumentationIsAValidConfig() throws Exception {
    Matcher example = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
    assertThat(example.find()).isTrue();
    // The secret file the example names, here instead of in /run/secrets.
    Files.writeString(dir.resolve("aws-secret-access-key"), "wJalrXUtnFEMI\n");
    Path file = Files.writeString(dir.resolve("cairn.yaml"), example.group(1).replace("file:/run/secrets/", "file:"));

    Config config = ConfigLoader.load(file, Map.of("TRAIL_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/1/trail",
        "AWS_ACCESS_KEY_ID", "AKID")::get);

    assertThat(RunConfig.queues(config)).hasSize(1);
    assertThat(RunConfig.folders(config)).hasSize(2);
  }
}
