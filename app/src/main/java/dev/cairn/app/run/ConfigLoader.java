package dev.cairn.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Reads {@code cairn.yaml} against {@link RunConfig#FILE}: every key is checked (with every check
 * {@code cairn run} makes), {@code ${ENV_VAR}} is replaced from the environment and {@code file:}
 * secrets are read, relative paths resolve against the file's folder, and every problem is
 * reported at once with its key path, e.g. {@code sources.sqs[0].waitTime: expected a duration
 * like 500ms, 20s, 5m, 24h or 7d, got '20'}. A value from the environment or a file is never quoted.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigLoader() {}

  /** Loads a config file; {@code environment} resolves {@code ${NAME}} (normally {@code System::getenv}). */
  public static Config load(Path file, Function<String, String> environment) throws InvalidConfigException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = YAML.readTree(in);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(file, List.of("no such file"));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(file, List.of("not valid YAML: line "
          + e.getLocation().getLineNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("")));
    } catch (IOException e) {
      throw new InvalidConfigException(file, List.of("cannot be read: " + e.getMessage()));
    }
    try {
      return RunConfig.FILE.load(root, environment, file.toAbsolutePath().getParent());
    } catch (ConfigException e) {
      throw new InvalidConfigException(file, e.problems().stream().map(ConfigProblem::toString).toList());
    }
  }
}
