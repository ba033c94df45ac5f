package dev.cairn.app.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code cairn.yaml}: every key is checked, {@code ${ENV_VAR}} is replaced from the
 * environment (so secrets stay out of the file), and every problem is reported at once with its key
 * path, e.g. {@code sources.sqs[0].waitTime: expected a duration like 20s, got 'soon'}.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Function<String, String> environment;
  private final List<String> problems = new ArrayList<>();

  private ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Loads a config file; {@code environment} resolves {@code ${NAME}} (normally {@code System::getenv}). */
  public static RunConfig load(Path file, Function<String, String> environment) throws InvalidConfigException {
    ConfigLoader loader = new ConfigLoader(environment);
    JsonNode root;
    try {
      root = YAML.readTree(Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException(file, List.of("no such file"));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(file, List.of("not valid YAML: line "
          + e.getLocation().getLineNr() + ": " + e.getOriginalMessage().lines().findFirst().orElse("")));
    } catch (IOException e) {
      throw new InvalidConfigException(file, List.of("cannot be read: " + e.getMessage()));
    }
    RunConfig config = loader.config(root == null ? YAML.createObjectNode() : root);
    if (!loader.problems.isEmpty()) {
      throw new InvalidConfigException(file, loader.problems);
    }
    return config;
  }

  private RunConfig config(JsonNode root) {
    RunConfig d = RunConfig.defaults();
    if (!root.isObject()) {
      problems.add("(top): expected a mapping of settings");
      return d;
    }
    keys(root, "", Set.of("rules", "state", "dedupWindow", "workers", "queueCapacity", "batchSize",
        "output", "http", "sources"));
    List<Path> rules = new ArrayList<>();
    list(root, "rules", "rules", (node, path) -> text(node, path).map(Path::of).ifPresent(rules::add));
    JsonNode http = root.path("http");
    if (!http.isMissingNode()) {
      keys(http, "http.", Set.of("port"));
    }
    RunConfig.ConsoleOutput output = optionalText(root, "output", "output")
        .map(s -> consoleOutput(s)).orElse(d.output());
    JsonNode sources = root.path("sources");
    List<RunConfig.Folder> folders = new ArrayList<>();
    List<RunConfig.Queue> queues = new ArrayList<>();
    if (!sources.isMissingNode()) {
      keys(sources, "sources.", Set.of("folders", "sqs"));
      list(sources, "folders", "sources.folders", (node, path) -> folder(node, path).ifPresent(folders::add));
      list(sources, "sqs", "sources.sqs", (node, path) -> queue(node, path).ifPresent(queues::add));
      if (sources.path("folders").size() == 0 && sources.path("sqs").size() == 0) {
        problems.add("sources: expected at least one folder or sqs queue");
      }
    }
    return new RunConfig(rules,
        optionalText(root, "state", "state").map(t -> "memory".equals(t) ? Optional.<Path>empty() : Optional.of(Path.of(t)))
            .orElse(d.state()),
        duration(root, "dedupWindow", "dedupWindow").orElse(d.dedupWindow()),
        integer(root, "workers", "workers", 1, 256).orElse(d.workers()),
        integer(root, "queueCapacity", "queueCapacity", 1, 100_000).orElse(d.queueCapacity()),
        integer(root, "batchSize", "batchSize", 1, 10_000).orElse(d.batchSize()),
        output,
        integer(http, "port", "http.port", -1, 65_535).orElse(d.httpPort()),
        sources.isMissingNode() ? d.folders() : folders,
        queues);
  }

  private Optional<RunConfig.Folder> folder(JsonNode node, String path) {
    if (node.isTextual()) {
      return text(node, path).map(p -> new RunConfig.Folder(Path.of(p), Duration.ofSeconds(1)));
    }
    if (!mapping(node, path)) {
      return Optional.empty();
    }
    keys(node, path + ".", Set.of("path", "settle"));
    Optional<String> dir = requiredText(node, "path", path + ".path");
    Duration settle = duration(node, "settle", path + ".settle").orElse(Duration.ofSeconds(1));
    return dir.map(p -> new RunConfig.Folder(Path.of(p), settle));
  }

  private Optional<RunConfig.Queue> queue(JsonNode node, String path) {
    if (!mapping(node, path)) {
      return Optional.empty();
    }
    String at = path + ".";
    keys(node, at, Set.of("queueUrl", "region", "sqsEndpoint", "s3Endpoint", "pollers", "maxMessages",
        "waitTime", "visibilityTimeout", "accessKeyId", "secretAccessKey"));
    Optional<String> url = requiredText(node, "queueUrl", at + "queueUrl");
    Optional<String> keyId = optionalText(node, "accessKeyId", at + "accessKeyId");
    Optional<String> secret = optionalText(node, "secretAccessKey", at + "secretAccessKey");
    if (keyId.isPresent() != secret.isPresent()) {
      problems.add(path + ": give both accessKeyId and secretAccessKey, or neither (default credential chain)");
    }
    RunConfig.Queue queue = new RunConfig.Queue(url.orElse(""),
        optionalText(node, "region", at + "region"),
        optionalText(node, "sqsEndpoint", at + "sqsEndpoint").flatMap(s -> uri(s, at + "sqsEndpoint")),
        optionalText(node, "s3Endpoint", at + "s3Endpoint").flatMap(s -> uri(s, at + "s3Endpoint")),
        integer(node, "pollers", at + "pollers", 1, 64).orElse(2),
        integer(node, "maxMessages", at + "maxMessages", 1, 10).orElse(10),
        duration(node, "waitTime", at + "waitTime").orElse(Duration.ofSeconds(20)),
        duration(node, "visibilityTimeout", at + "visibilityTimeout").orElse(Duration.ofMinutes(2)),
        keyId, secret);
    return url.map(u -> queue);
  }

  // ---- typed access, each recording a problem with the key path when the value is wrong -------

  private void keys(JsonNode node, String prefix, Set<String> allowed) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        problems.add(prefix + name + ": unknown setting (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private boolean mapping(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(path + ": expected a mapping");
      return false;
    }
    return true;
  }

  private void list(JsonNode parent, String key, String path, java.util.function.BiConsumer<JsonNode, String> each) {
    JsonNode node = parent.path(key);
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isArray()) {
      problems.add(path + ": expected a list");
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      each.accept(node.get(i), path + "[" + i + "]");
    }
  }

  private Optional<String> requiredText(JsonNode parent, String key, String path) {
    Optional<String> value = optionalText(parent, key, path);
    if (value.isEmpty() && parent.path(key).isMissingNode()) {
      problems.add(path + ": required");
    }
    return value;
  }

  private Optional<String> optionalText(JsonNode parent, String key, String path) {
    JsonNode node = parent.path(key);
    return node.isMissingNode() || node.isNull() ? Optional.empty() : text(node, path);
  }

  private Optional<String> text(JsonNode node, String path) {
    if (!node.isValueNode()) {
      problems.add(path + ": expected text");
      return Optional.empty();
    }
    return substitute(node.asText(), path);
  }

  /** Replaces {@code ${NAME}} from the environment; an unset variable is a problem (named, never its value). */
  private Optional<String> substitute(String value, String path) {
    Matcher m = ENV.matcher(value);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String resolved = environment.apply(m.group(1));
      if (resolved == null) {
        problems.add(path + ": environment variable " + m.group(1) + " is not set");
        ok = false;
        resolved = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return ok ? Optional.of(out.toString()) : Optional.empty();
  }

  private Optional<Integer> integer(JsonNode parent, String key, String path, int min, int max) {
    return optionalText(parent, key, path).flatMap(text -> {
      try {
        int value = Integer.parseInt(text.strip());
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(path + ": expected a whole number from " + min + " to " + max + ", got '" + text + "'");
      return Optional.empty();
    });
  }

  private Optional<Duration> duration(JsonNode parent, String key, String path) {
    return optionalText(parent, key, path).flatMap(text -> {
      Optional<Duration> parsed = parseDuration(text.strip());
      if (parsed.isEmpty()) {
        problems.add(path + ": expected a duration like 500ms, 20s, 5m, 24h or 7d, got '" + text + "'");
      }
      return parsed;
    });
  }

  static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Optional.of(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Optional<URI> uri(String text, String path) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(path + ": expected a URL like http://127.0.0.1:9324, got '" + text + "'");
    return Optional.empty();
  }

  private RunConfig.ConsoleOutput consoleOutput(String text) {
    for (RunConfig.ConsoleOutput o : RunConfig.ConsoleOutput.values()) {
      if (o.name().equals(text)) {
        return o;
      }
    }
    problems.add("output: expected text, jsonl or none, got '" + text + "'");
    return RunConfig.ConsoleOutput.text;
  }

}
