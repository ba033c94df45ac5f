package dev.cairn.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The values of one section, checked against its {@link ConfigDef}: what was given, and the
 * declared defaults for the rest. Read it with the keys themselves, so each value has its type:
 *
 * <pre>{@code
 * Duration wait = queue.get(SqsSourceConfig.WAIT_TIME);          // given, or the default
 * Optional<String> region = queue.find(SqsSourceConfig.REGION);  // an optional key
 * }</pre>
 *
 * <p>Library builders keep their settings in a {@link Builder}, so that their defaults are the
 * declared ones too. Immutable and thread-safe.
 */
public final class Config {
  private final ConfigDef def;
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> hidden;

  Config(ConfigDef def, String path, Map<String, Object> values, Set<String> hidden) {
    this.def = def;
    this.path = path;
    this.values = Map.copyOf(values);
    this.hidden = Set.copyOf(hidden);
  }

  /** A builder for a section of {@code def}, e.g. the settings a library builder collects. */
  public static Builder builder(ConfigDef def) {
    return new Builder(def);
  }

  /** The keys this was checked against. */
  public ConfigDef def() {
    return def;
  }

  /** Where this section is in its file ({@code sources.sqs[0]}); empty for the top or one built in code. */
  public String path() {
    return path;
  }

  /**
   * The value given for {@code key}, else its default (computed now when it depends on the machine
   * or on other keys).
   *
   * @throws NoSuchElementException when the key is optional, not given and has no default: use
   *     {@link #find}
   * @throws IllegalArgumentException when the key is not one of this section's
   */
  public <T> T get(ConfigKey<T> key) {
    return find(key).orElseThrow(() -> new NoSuchElementException(
        Reader.child(path, key.name()) + " is not set and has no default"));
  }

  /** The value given for {@code key}, else its default; empty when neither. */
  public <T> Optional<T> find(ConfigKey<T> key) {
    own(key);
    @SuppressWarnings("unchecked") // read by this very key's type
    T value = (T) values.get(key.name());
    if (value != null) {
      return Optional.of(value);
    }
    return key.hasDefault() ? Optional.of(key.defaultIn(this)) : Optional.empty();
  }

  /** True when {@code key} was given (not defaulted). */
  public boolean isSet(ConfigKey<?> key) {
    own(key);
    return values.containsKey(key.name());
  }

  /** True when nothing was given. */
  boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * True when the value of {@code key} came from the environment or a file (in a list or map: any
   * element of it), or is a secret, and so is never shown: code that checks the value further must
   * not quote it in a message either.
   */
  public boolean isHidden(ConfigKey<?> key) {
    return hidden.contains(key.name()) || values.get(key.name()) instanceof Secret;
  }

  private void own(ConfigKey<?> key) {
    if (def.key(key.name()).orElse(null) != key) {
      throw new IllegalArgumentException(key.name() + " is not a key of this section");
    }
  }

  /**
   * The values given, as flow-style YAML ({@code {path: inbox, settle: 1s}}); a value from the
   * environment is hidden.
   */
  String format() {
    if (values.size() == 1 && def.shortForm().filter(k -> values.containsKey(k.name())).isPresent()) {
      return show(def.shortForm().get());
    }
    return def.keys().stream().filter(k -> values.containsKey(k.name())).map(k -> k.name() + ": " + show(k))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private String show(ConfigKey<?> key) {
    return hidden.contains(key.name()) ? "[not shown]" : key.type().formatAny(values.get(key.name()));
  }

  /** The values given, secrets and values from the environment hidden. */
  @Override
  public String toString() {
    return (path.isEmpty() ? "" : path + " ") + format();
  }

  /**
   * Collects values for a section; {@link #set} checks each value at once, {@link #build} the
   * required keys and the checks across keys. Not thread-safe.
   */
  public static final class Builder {
    private final ConfigDef def;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> hidden = new HashSet<>();

    private Builder(ConfigDef def) {
      this.def = Objects.requireNonNull(def, "def");
    }

    /**
     * Sets {@code key}.
     *
     * @throws ConfigException (an {@link IllegalArgumentException}) naming the key when the value
     *     is not allowed
     */
    public <T> Builder set(ConfigKey<T> key, T value) {
      own(key);
      values.put(key.name(), key.require(value));
      hidden.remove(key.name());
      return this;
    }

    /** Copies every value given in {@code config} for a key of this section (the same key objects). */
    public Builder setAll(Config config) {
      for (ConfigKey<?> key : def.keys()) {
        if (config.def.key(key.name()).orElse(null) == key && config.values.containsKey(key.name())) {
          values.put(key.name(), config.values.get(key.name()));
          if (config.hidden.contains(key.name())) {
            hidden.add(key.name());
          }
        }
      }
      return this;
    }

    /** The value of {@code key} as {@link Config#get} would give it after {@link #build}. */
    public <T> T get(ConfigKey<T> key) {
      return new Config(def, "", values, hidden).get(key);
    }

    /**
     * Checks that required keys are set and the checks across keys hold.
     *
     * @throws ConfigException with every problem
     */
    public Config build() {
      Config config = new Config(def, "", values, hidden);
      List<ConfigProblem> problems = new ArrayList<>();
      for (ConfigKey<?> key : def.keys()) {
        if (key.isRequired() && !values.containsKey(key.name())) {
          problems.add(new ConfigProblem(key.name(), "required"));
        }
      }
      if (problems.isEmpty()) {
        problems.addAll(def.check(config, key -> null));
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return config;
    }

    private void own(ConfigKey<?> key) {
      if (def.key(key.name()).orElse(null) != key) {
        throw new IllegalArgumentException(key.name() + " is not a key of this section");
      }
    }
  }
}
