package dev.cairn.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One config key, declared once next to the code that uses it: its name, type, default, allowed
 * values and documentation. Loading, validation, the library builders' defaults and {@code
 * docs/configuration.md} all read this declaration.
 *
 * <pre>{@code
 * public static final ConfigKey<Duration> WAIT_TIME = ConfigKey.of("waitTime", ConfigType.duration())
 *     .defaultValue(Duration.ofSeconds(20))
 *     .range(Duration.ZERO, Duration.ofSeconds(20))
 *     .validate(d -> d.getNano() == 0, "whole seconds")
 *     .doc("Longest long-poll of one receive.");
 * }</pre>
 *
 * <p>A key without a default is required, unless {@link #optional(String) optional}. Immutable:
 * every method returns a new key.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {
  private final String name;
  private final ConfigType<T> type;
  private final Fallback<T> fallback;
  private final String absent;
  private final List<Rule<T>> rules;
  private final String doc;

  /** A default: a value, or one computed from the machine or from other keys (then described for the docs). */
  private record Fallback<T>(T value, Supplier<T> machine, Function<Config, T> derived, String description) {}

  /** A constraint on values: what {@code test} accepts, worded as "expected {@code expectation}". */
  private record Rule<T>(Predicate<? super T> test, String expectation, String allowed) {}

  private ConfigKey(String name, ConfigType<T> type, Fallback<T> fallback, String absent, List<Rule<T>> rules,
      String doc) {
    this.name = name;
    this.type = type;
    this.fallback = fallback;
    this.absent = absent;
    this.rules = List.copyOf(rules);
    this.doc = doc;
  }

  /** A required key named {@code name} (as written in YAML: {@code maxMessages}). */
  public static <T> ConfigKey<T> of(String name, ConfigType<T> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("not a key name: '" + name + "'");
    }
    return new ConfigKey<>(name, type, null, null, List.of(), "");
  }

  /** A nested mapping whose keys have their own defaults: absent means all of them. */
  public static ConfigKey<Config> section(String name, ConfigDef def) {
    return of(name, ConfigType.section(def)).defaultValue(def.defaults());
  }

  /** The default when the key is not given. */
  public ConfigKey<T> defaultValue(T value) {
    Objects.requireNonNull(value, "value");
    return new ConfigKey<>(name, type, new Fallback<>(value, null, null, null), null, rules, doc);
  }

  /**
   * A default that depends on the machine, e.g. the number of cores; the documentation shows
   * {@code description}, not this machine's value.
   */
  public ConfigKey<T> machineDefault(Supplier<T> value, String description) {
    Objects.requireNonNull(value, "value");
    return new ConfigKey<>(name, type, new Fallback<>(null, value, null, description), null, rules, doc);
  }

  /**
   * A default computed from other keys of the same section, e.g. {@code c -> c.get(TIMEOUT).dividedBy(2)}
   * described as "half of visibilityTimeout".
   */
  public ConfigKey<T> derivedDefault(Function<Config, T> value, String description) {
    Objects.requireNonNull(value, "value");
    return new ConfigKey<>(name, type, new Fallback<>(null, null, value, description), null, rules, doc);
  }

  /** Not required and without a default: {@code meaning} says what leaving it out does ("the SDK's region chain"). */
  public ConfigKey<T> optional(String meaning) {
    return new ConfigKey<>(name, type, null, Objects.requireNonNull(meaning, "meaning"), rules, doc);
  }

  /** Values from {@code min} to {@code max}, both included; for numbers, durations and sizes. */
  public ConfigKey<T> range(T min, T max) {
    Comparator<? super T> order = ordered();
    return with(new Rule<>(v -> order.compare(v, min) >= 0 && order.compare(v, max) <= 0,
        type.noun() + " from " + type.format(min) + " to " + type.format(max),
        type.format(min) + " to " + type.format(max)));
  }

  /** Values of at least {@code min}; for numbers, durations and sizes. */
  public ConfigKey<T> atLeast(T min) {
    Comparator<? super T> order = ordered();
    return with(new Rule<>(v -> order.compare(v, min) >= 0, type.noun() + " of at least " + type.format(min),
        "at least " + type.format(min)));
  }

  /** Values {@code test} accepts; {@code expectation} completes "expected …" ("whole seconds"). */
  public ConfigKey<T> validate(Predicate<? super T> test, String expectation) {
    return with(new Rule<>(Objects.requireNonNull(test, "test"), expectation, expectation));
  }

  /** What the key is for, in a sentence or two (Markdown). */
  public ConfigKey<T> doc(String doc) {
    return new ConfigKey<>(name, type, fallback, absent, rules, Objects.requireNonNull(doc, "doc"));
  }

  public String name() {
    return name;
  }

  public ConfigType<T> type() {
    return type;
  }

  public String doc() {
    return doc;
  }

  /** True when the key must be given: no default and not {@link #optional}. */
  public boolean isRequired() {
    return fallback == null && absent == null;
  }

  public boolean hasDefault() {
    return fallback != null;
  }

  /**
   * The default: the declared value, or this machine's.
   *
   * @throws IllegalStateException when there is none, or it depends on other keys (see {@link
   *     Config#get})
   */
  public T defaultValue() {
    if (fallback == null || fallback.derived() != null) {
      throw new IllegalStateException(name + (fallback == null ? " has no default"
          : "'s default depends on other keys (" + fallback.description() + "): read it from a Config"));
    }
    return fallback.machine() != null ? fallback.machine().get() : fallback.value();
  }

  /** The default within {@code config}, whose other keys a derived default reads. */
  T defaultIn(Config config) {
    return fallback.derived() != null ? fallback.derived().apply(config) : defaultValue();
  }

  /**
   * Checks a value given in code (a builder's setter) against this key's rules.
   *
   * @return {@code value}
   * @throws ConfigException (an {@link IllegalArgumentException}) naming the key, e.g.
   *     "maxMessages: expected a whole number from 1 to 10, got '11'"
   */
  public T require(T value) {
    Objects.requireNonNull(value, name);
    violation(value).ifPresent(expected -> {
      throw new ConfigException(List.of(
          new ConfigProblem(name, "expected " + expected + ", got '" + type.format(value) + "'")));
    });
    return value;
  }

  /**
   * Parses a scalar as written in a config file and checks it, e.g. a builder taking a URL as text.
   *
   * @throws ConfigException (an {@link IllegalArgumentException}) naming the key
   * @throws UnsupportedOperationException for lists, maps and sections
   */
  public T parse(String text) {
    if (!(type instanceof ConfigType.Scalar<T> scalar)) {
      throw new UnsupportedOperationException(name + " is a " + type.name() + ", not a single value");
    }
    T value;
    try {
      value = scalar.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(new ConfigProblem(name, e.getMessage())));
    }
    violation(value).ifPresent(expected -> {
      throw new ConfigException(List.of(new ConfigProblem(name, "expected " + expected + ", got '" + text + "'")));
    });
    return value;
  }

  /**
   * What a value that cannot be parsed is told was expected: the range when the type's own wording
   * adds nothing to it ("a whole number from 1 to 256"), else the type's, with its examples ("a
   * duration like 500ms, …").
   */
  String expected() {
    if (type.expected().equals(type.noun())) {
      for (Rule<T> rule : rules) {
        if (rule.expectation().startsWith(type.noun() + " ")) {
          return rule.expectation();
        }
      }
    }
    return type.expected();
  }

  /** The first rule {@code value} breaks, as the end of "expected …". */
  Optional<String> violation(T value) {
    if (!type.accepts(value)) {
      return Optional.of(type.expected());
    }
    return rules.stream().filter(rule -> !rule.test().test(value)).map(Rule::expectation).findFirst();
  }

  @SuppressWarnings("unchecked")
  Optional<String> violationOfAny(Object value) {
    return violation((T) value);
  }

  /** The default as the documentation shows it: {@code `20s`}, "number of cores", or what leaving it out means. */
  String describeDefault() {
    if (fallback == null) {
      return absent != null ? absent : "required";
    }
    if (fallback.description() != null) {
      return fallback.description();
    }
    if (fallback.value() instanceof Config section && section.isEmpty()) {
      return ""; // a section's own keys say their defaults
    }
    String shown = type.format(fallback.value());
    return shown.isEmpty() ? "" : "`" + shown + "`";
  }

  /** The allowed values as the documentation shows them: "1 to 10; whole seconds". */
  String describeAllowed() {
    List<String> parts = new ArrayList<>();
    if (!type.allowed().isEmpty()) {
      parts.add(type.allowed());
    }
    rules.forEach(rule -> parts.add(rule.allowed()));
    return parts.stream().collect(Collectors.joining("; "));
  }

  private Comparator<? super T> ordered() {
    if (type.order() == null) {
      throw new IllegalStateException(name + ": a " + type.name() + " has no order; use validate(...)");
    }
    return type.order();
  }

  private ConfigKey<T> with(Rule<T> rule) {
    List<Rule<T>> more = new ArrayList<>(rules);
    more.add(rule);
    return new ConfigKey<>(name, type, fallback, absent, more, doc);
  }

  @Override
  public String toString() {
    return name;
  }
}
