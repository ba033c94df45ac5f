package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The keys of one mapping (a whole config file, or a section such as one SQS queue), with the
 * checks that involve several of them. Each module declares its keys next to the code that uses
 * them and exposes them as a {@code ConfigDef}; the application composes these into its file
 * format with {@link ConfigKey#section}, {@link ConfigType#listOf} and {@link Builder#include}.
 *
 * <pre>{@code
 * public static final ConfigDef DEF = ConfigDef.builder()
 *     .define(QUEUE_URL).define(WAIT_TIME).define(VISIBILITY_TIMEOUT).define(ACCESS_KEY_ID).define(SECRET_ACCESS_KEY)
 *     .check("give both accessKeyId and secretAccessKey, or neither",
 *         c -> c.isSet(ACCESS_KEY_ID) == c.isSet(SECRET_ACCESS_KEY))
 *     .build();
 *
 * Config config = DEF.load(yamlTree, System::getenv, configFile.getParent()); // every problem at once
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigDef {
  private final Map<String, ConfigKey<?>> keys;
  private final List<Check> checks;
  private final List<Finder> finders;
  private final ConfigKey<?> shortForm;

  /**
   * A condition on several keys; {@code at} is the key a failure is reported on, or null for the
   * whole section (then {@code expectation} is the whole message).
   */
  private record Check(ConfigKey<?> at, String expectation, Predicate<Config> holds) {}

  /** A check that words its own problems (e.g. naming the missing thing), each at a key path under the section. */
  private record Finder(Function<Config, List<ConfigProblem>> problems) {}

  private ConfigDef(Builder builder) {
    this.keys = new LinkedHashMap<>(builder.keys);
    this.checks = List.copyOf(builder.checks);
    this.finders = List.copyOf(builder.finders);
    this.shortForm = builder.shortForm;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The keys, in the order declared (which is the order of the documentation). */
  public Collection<ConfigKey<?>> keys() {
    return keys.values();
  }

  /** The key named {@code name}, if this section has one. */
  public Optional<ConfigKey<?>> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /**
   * The key a single value stands for in place of the mapping ({@code - /data/inbox} for {@code -
   * path: /data/inbox}).
   */
  public Optional<ConfigKey<?>> shortForm() {
    return Optional.ofNullable(shortForm);
  }

  /** A config with nothing set: every key at its default. */
  public Config defaults() {
    return new Config(this, "", Map.of(), Set.of());
  }

  /**
   * Reads a whole document (a YAML or JSON tree; null or missing for an empty file) and checks
   * everything, reporting every problem at once.
   *
   * @param environment resolves {@code ${NAME}}, normally {@code System::getenv}
   * @param baseDirectory what relative paths and {@code file:} secrets are relative to (the config
   *     file's folder); null leaves them relative
   * @throws ConfigException with every problem, each with its key path
   */
  public Config load(JsonNode root, Function<String, String> environment, Path baseDirectory) {
    Reader reader = new Reader(Objects.requireNonNull(environment, "environment"), baseDirectory);
    Config config = null;
    if (root == null || root.isMissingNode() || root.isNull()) {
      config = read(JsonNodeFactory.instance.objectNode(), "", reader);
    } else if (!root.isObject()) {
      reader.problem("", "expected a mapping of settings, got " + Reader.kind(root));
    } else {
      config = read(root, "", reader);
    }
    if (!reader.problems().isEmpty()) {
      throw new ConfigException(reader.problems());
    }
    return config;
  }

  /** Reads this section at {@code path}: a mapping, or a scalar when it has a short form. */
  Config read(JsonNode node, String path, Reader reader) {
    int before = reader.problems().size();
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> hidden = new HashSet<>();
    if (node.isValueNode()) {
      readKey(shortForm, node, path, reader, values, hidden);
    } else {
      // In the order written, so that problems are reported top to bottom.
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String at = Reader.child(path, field.getKey());
        ConfigKey<?> key = keys.get(field.getKey());
        if (key == null) {
          reader.problem(at, "unknown setting" + Suggestions.suggest(field.getKey(), keys.keySet()));
        } else if (!field.getValue().isNull()) {
          readKey(key, field.getValue(), at, reader, values, hidden);
        }
      }
      for (ConfigKey<?> key : keys.values()) {
        if (key.isRequired() && (node.path(key.name()).isMissingNode() || node.path(key.name()).isNull())) {
          reader.problem(Reader.child(path, key.name()), "required");
        }
      }
    }
    Config config = new Config(this, path, values, hidden);
    if (reader.problems().size() == before) {
      // Only a section without problems of its own: a check would mostly repeat them.
      for (ConfigProblem problem : check(config, key -> reader.shown(Reader.child(path, key.name())))) {
        reader.problem(problem.path(), problem.message());
      }
    }
    return config;
  }

  /** Reads one key's value at {@code path} into {@code values}, or reports why not. */
  private static void readKey(ConfigKey<?> key, JsonNode node, String path, Reader reader, Map<String, Object> values,
      Set<String> hidden) {
    Object value = key.type().read(node, path, reader, key.expected());
    if (value == null) {
      return;
    }
    Optional<String> violation = key.violationOfAny(value);
    if (violation.isPresent()) {
      String shown = reader.shown(path);
      reader.problem(path, "expected " + violation.get() + ", got "
          + (shown != null ? shown : "'" + key.type().formatAny(value) + "'"));
      return;
    }
    values.put(key.name(), value);
    if (reader.hidden(path)) {
      hidden.add(key.name());
    }
  }

  /**
   * The multi-key checks {@code config} fails. {@code shown} quotes a key's value as read (null
   * when not read from a file: then it is formatted, unless hidden).
   */
  List<ConfigProblem> check(Config config, Function<ConfigKey<?>, String> shown) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Check check : checks) {
      if (check.holds().test(config)) {
        continue;
      }
      if (check.at() == null) {
        problems.add(new ConfigProblem(config.path(), check.expectation()));
        continue;
      }
      String quoted = shown.apply(check.at());
      if (quoted == null) {
        quoted = config.isHidden(check.at()) ? "a value that is not shown"
            : "'" + check.at().type().formatAny(config.get(check.at())) + "'";
      }
      problems.add(new ConfigProblem(Reader.child(config.path(), check.at().name()),
          "expected " + check.expectation() + ", got " + quoted));
    }
    for (Finder finder : finders) {
      for (ConfigProblem problem : finder.problems().apply(config)) {
        problems.add(new ConfigProblem(problem.path().isEmpty() ? config.path() : Reader.child(config.path(),
            problem.path()), problem.message()));
      }
    }
    return problems;
  }

  /** The expectations of the checks reported on {@code key}, for the documentation. */
  List<String> checksOn(ConfigKey<?> key) {
    return checks.stream().filter(c -> c.at() == key).map(Check::expectation).toList();
  }

  /** The expectations of the checks on the whole section, for the documentation. */
  List<String> sectionChecks() {
    return checks.stream().filter(c -> c.at() == null).map(Check::expectation).toList();
  }

  /** Builds a {@link ConfigDef}. */
  public static final class Builder {
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<Finder> finders = new ArrayList<>();
    private ConfigKey<?> shortForm;

    private Builder() {}

    /** Adds a key. */
    public Builder define(ConfigKey<?> key) {
      if (keys.putIfAbsent(key.name(), key) != null) {
        throw new IllegalArgumentException(key.name() + " is defined twice");
      }
      return this;
    }

    /** Adds every key and check of {@code def}, e.g. a module's keys at the top of a file. */
    public Builder include(ConfigDef def) {
      def.keys().forEach(this::define);
      checks.addAll(def.checks);
      finders.addAll(def.finders);
      return this;
    }

    /** A single value in place of the mapping sets {@code key}, which must be a defined scalar. */
    public Builder shortForm(ConfigKey<?> key) {
      if (keys.get(key.name()) != key || !(key.type() instanceof ConfigType.Scalar)) {
        throw new IllegalArgumentException(key.name() + ": a short form must be a defined single-value key");
      }
      this.shortForm = key;
      return this;
    }

    /** A condition on several keys; when it fails, {@code problem} is reported on the section. */
    public Builder check(String problem, Predicate<Config> holds) {
      checks.add(new Check(null, problem, holds));
      return this;
    }

    /**
     * A condition on several keys reported on {@code key}: "key: expected {@code expectation}, got
     * '…'". Documented with the key.
     */
    public Builder check(ConfigKey<?> key, String expectation, Predicate<Config> holds) {
      if (keys.get(key.name()) != key) {
        throw new IllegalArgumentException(key.name() + " is not defined here");
      }
      checks.add(new Check(key, expectation, holds));
      return this;
    }

    /**
     * A condition on several keys that words its own problems, each with a key path relative to the
     * section (e.g. {@code routes[2].notify}: "no channel named 'pager'"); none when it holds.
     */
    public Builder check(Function<Config, List<ConfigProblem>> problems) {
      finders.add(new Finder(problems));
      return this;
    }

    public ConfigDef build() {
      return new ConfigDef(this);
    }
  }
}
