package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type of a config value: how it is read from YAML, what a wrong value is told, how a value is
 * written back (in docs and messages). Scalars ({@link #integer()}, {@link #duration()}, {@link
 * #secret()}, …) compose into lists, maps with names the user chooses, and nested sections:
 *
 * <pre>{@code
 * ConfigType<List<Config>> queues = ConfigType.listOf(ConfigType.section(SqsSourceConfig.DEF));
 * ConfigType<Map<String, String>> accounts = ConfigType.mapOf("account id", ConfigType.text());
 * ConfigType<Map<String, Config>> channels = ConfigType.mapOf("name",
 *     ConfigType.variants("type", Map.of("slack", SLACK, "email", EMAIL)));   // type chooses the keys
 * }</pre>
 *
 * <p>Every scalar may be written with {@code ${NAME}} parts, replaced from the environment; such a
 * value is never quoted back in a message. Relative paths resolve against the config file's folder.
 *
 * @param <T> the Java type of a value
 */
public abstract class ConfigType<T> {
  /**
   * The scalar types, held apart: if ConfigType's own initializer created its subclass Scalar, a thread
   * initializing ConfigType and one initializing Scalar could wait on each other forever.
   */
  private static final class Scalars {
    static final Scalar<Integer> INTEGER = new Scalar<>("whole number", "a whole number", "a whole number",
        (text, base) -> Integer.parseInt(text.strip()), String::valueOf, Comparator.naturalOrder());
    static final Scalar<Double> NUMBER = new Scalar<>("number", "a number", "a number like 3, 0.5 or -1e3",
        (text, base) -> {
          double value = Double.parseDouble(text.strip());
          if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(text);
          }
          return value;
        }, value -> value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
            : Double.toString(value), Comparator.naturalOrder());
    static final Scalar<Boolean> BOOLEAN = new Scalar<>("boolean", "true or false", "true or false",
        (text, base) -> switch (text.strip().toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new IllegalArgumentException(text);
        }, String::valueOf, null);
    static final Scalar<String> TEXT = new Scalar<>("text", "text", "text", (text, base) -> text,
        Function.identity(), null);
    static final Scalar<Duration> DURATION = new Scalar<>("duration", "a duration",
        "a duration like 500ms, 20s, 5m, 24h or 7d", (text, base) -> Units.parseDuration(text), Units::formatDuration,
        Comparator.naturalOrder());
    static final Scalar<Long> SIZE = new Scalar<>("size", "a size", "a size like 512KB, 64MB or 2GB",
        (text, base) -> Units.parseSize(text), Units::formatSize, Comparator.naturalOrder());
    static final Scalar<URI> URL = new Scalar<>("URL", "an http(s) URL",
        "an http(s) URL like http://127.0.0.1:9324", (text, base) -> url(text), URI::toString, null) {
      @Override
      boolean accepts(URI value) {
        return isHttp(value);
      }
    };
    static final Scalar<Path> PATH = new Scalar<>("path", "a path", "a path", ConfigType::path,
        Path::toString, null);
    static final Scalar<Path> FOLDER = new Scalar<>("folder", "a folder", "a folder", (text, base) -> {
      Path folder = path(text, base);
      if (Files.exists(folder) && !Files.isDirectory(folder)) {
        throw new UnacceptableValue("expected a folder, got a file");
      }
      return folder;
    }, Path::toString, null);

    private Scalars() {}
  }

  ConfigType() {}

  /** What the type is called in the documentation: {@code duration}, {@code list of paths}. */
  public abstract String name();

  /** The start of a range's wording: "a whole number" in "expected a whole number from 1 to 10". */
  abstract String noun();

  /** What a wrong value is told to be instead: "a duration like 500ms, 20s, 5m, 24h or 7d". */
  abstract String expected();

  /** Reads {@code node}; on a problem reports it with {@code path} and returns null. */
  abstract T read(JsonNode node, String path, Reader reader);

  /**
   * Like {@link #read}, telling a scalar that cannot be parsed that {@code expected} was ("a whole
   * number from 1 to 10").
   */
  T read(JsonNode node, String path, Reader reader, String expected) {
    return read(node, path, reader);
  }

  /** How {@code value} is written in a config file: {@code 20s}, {@code 64MB}, {@code [a, b]}. */
  public String format(T value) {
    return String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  final String formatAny(Object value) {
    return format((T) value);
  }

  /** Whether a value given in code (not parsed) is one of this type's, e.g. an http(s) URL. */
  boolean accepts(T value) {
    return true;
  }

  /** How values compare, for ranges; null when they are not ordered. */
  Comparator<? super T> order() {
    return null;
  }

  /** The values the type itself allows, for the documentation; empty when any of its kind will do. */
  String allowed() {
    return "";
  }

  /** For lists and maps: the type of their elements, documented under {@link #elementPath()}. */
  ConfigType<?> element() {
    return null;
  }

  /** For lists and maps: what an element adds to the key path in the documentation ({@code []}, {@code .<name>}). */
  String elementPath() {
    return "";
  }

  /** For sections: their keys. */
  ConfigDef def() {
    return null;
  }

  /** A whole number (an {@code int}); give its range with {@link ConfigKey#range}. */
  public static Scalar<Integer> integer() {
    return Scalars.INTEGER;
  }

  /** A finite number (a {@code double}): {@code 3}, {@code 0.5}, {@code -1e3}; give its range with {@link ConfigKey#range}. */
  public static Scalar<Double> number() {
    return Scalars.NUMBER;
  }

  /** {@code true} or {@code false}. */
  public static Scalar<Boolean> bool() {
    return Scalars.BOOLEAN;
  }

  /** Any text. */
  public static Scalar<String> text() {
    return Scalars.TEXT;
  }

  /** {@code 500ms}, {@code 20s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601 ({@code PT5M}); never negative. */
  public static Scalar<Duration> duration() {
    return Scalars.DURATION;
  }

  /** A size in bytes: {@code 123}, {@code 512KB}, {@code 64MB}, {@code 2GB} (powers of 1024, as in {@code -Xmx}). */
  public static Scalar<Long> byteSize() {
    return Scalars.SIZE;
  }

  /** An absolute http or https URL. */
  public static Scalar<URI> url() {
    return Scalars.URL;
  }

  /** A file or folder; a relative path in a config file is relative to the file's folder. */
  public static Scalar<Path> path() {
    return Scalars.PATH;
  }

  /** Like {@link #path()}, but the path must not be an existing file (it may not exist yet). */
  public static Scalar<Path> folder() {
    return Scalars.FOLDER;
  }

  /** A path, or the word {@code keyword} (an empty {@link Optional}), e.g. {@code state: memory}. */
  public static Scalar<Optional<Path>> pathOr(String keyword) {
    return new Scalar<>("path or `" + keyword + "`", "a path or " + keyword, "a path or " + keyword,
        (text, base) -> text.strip().equals(keyword) ? Optional.empty() : Optional.of(path(text, base)),
        value -> value.map(Path::toString).orElse(keyword), null);
  }

  /**
   * A password, token or key, never shown in messages, logs or {@code toString}. Besides {@code
   * ${NAME}}, {@code file:/run/secrets/token} reads it from a file (surrounding white space
   * trimmed), e.g. a Docker or Kubernetes secret.
   */
  public static Scalar<Secret> secret() {
    return SecretType.INSTANCE;
  }

  /** One of an enum's constants, written in lower case: {@code output: jsonl}. */
  public static <E extends Enum<E>> Scalar<E> oneOf(Class<E> type) {
    E[] constants = type.getEnumConstants();
    List<String> names = Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    String either = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    return new Scalar<E>("choice", either, either, (text, base) -> {
      for (E c : constants) {
        if (c.name().equalsIgnoreCase(text.strip())) {
          return c;
        }
      }
      throw new IllegalArgumentException(text);
    }, c -> c.name().toLowerCase(Locale.ROOT), null) {
      @Override
      String allowed() {
        return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
      }
    };
  }

  /**
   * Any value, kept as written (a YAML mapping, a list, JSON text): for what another part of Cairn
   * reads on its own terms, e.g. an event pattern; {@code name} says what it is in the docs.
   */
  public static ConfigType<JsonNode> json(String name) {
    return new JsonType(name);
  }

  /** A list of values of one type: {@code rules: [a.yaml, b.yaml]}. */
  public static <T> ConfigType<List<T>> listOf(ConfigType<T> element) {
    return new ListType<>(element);
  }

  /**
   * A mapping whose keys the user chooses, e.g. {@code accounts: {"111111111111": Dev}} or {@code
   * channels: {secops: {...}}} with {@code mapOf("name", section(CHANNEL))}; {@code placeholder}
   * stands for a key in the documentation ({@code channels.<name>.url}).
   */
  public static <T> ConfigType<Map<String, T>> mapOf(String placeholder, ConfigType<T> value) {
    return new MapType<>(placeholder, value);
  }

  /** A nested mapping with its own keys, read as a {@link Config}. */
  public static ConfigType<Config> section(ConfigDef def) {
    return new SectionType(def);
  }

  /**
   * A mapping whose {@code tag} key chooses which keys it may have, e.g. alert channels:
   * {@code variants("type", Map.of("slack", SLACK, "email", EMAIL))} reads {@code {type: slack,
   * webhookUrl: ...}} against {@code SLACK}. The result's {@link Config#def()} tells which was
   * chosen. The variants do not declare {@code tag} themselves.
   */
  public static ConfigType<Config> variants(String tag, Map<String, ConfigDef> variants) {
    return new VariantsType(tag, variants);
  }

  private static URI url(String text) {
    URI uri = URI.create(text.strip());
    if (!isHttp(uri)) {
      throw new IllegalArgumentException(text);
    }
    return uri;
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  private static Path path(String text, Path base) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty");
    }
    try {
      Path path = Path.of(text.strip());
      return base == null || path.isAbsolute() ? path : base.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Turns text into a value; throws {@link IllegalArgumentException} when it cannot. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String text, Path base);
  }

  /** Thrown by a parser whose message is the whole problem, instead of "expected …, got …". */
  static final class UnacceptableValue extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnacceptableValue(String problem) {
      super(problem);
    }
  }

  /**
   * A type written as one value ({@code 20s}), which can also be parsed from the command line or an
   * environment variable with {@link #parse(String)}.
   */
  public static class Scalar<T> extends ConfigType<T> {
    private final String name;
    private final String noun;
    private final String expected;
    private final Parser<T> parser;
    private final Function<T, String> formatter;
    private final Comparator<? super T> order;

    Scalar(String name, String noun, String expected, Parser<T> parser, Function<T, String> formatter,
        Comparator<? super T> order) {
      this.name = name;
      this.noun = noun;
      this.expected = expected;
      this.parser = parser;
      this.formatter = formatter;
      this.order = order;
    }

    /**
     * Parses {@code text} as written in a config file; relative paths stay relative.
     *
     * @throws IllegalArgumentException saying what was expected, e.g. "expected a duration like
     *     500ms, 20s, 5m, 24h or 7d, got '20'"
     */
    public T parse(String text) {
      try {
        return parser.parse(text, null);
      } catch (UnacceptableValue e) {
        throw e;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("expected " + expected + ", got '" + text + "'", e);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    String noun() {
      return noun;
    }

    @Override
    String expected() {
      return expected;
    }

    @Override
    public String format(T value) {
      return formatter.apply(value);
    }

    @Override
    Comparator<? super T> order() {
      return order;
    }

    @Override
    final T read(JsonNode node, String path, Reader reader) {
      return read(node, path, reader, expected);
    }

    @Override
    T read(JsonNode node, String path, Reader reader, String expected) {
      Reader.Text text = reader.text(node, path, expected);
      if (text == null) {
        return null;
      }
      try {
        return parser.parse(text.value(), reader.base());
      } catch (UnacceptableValue e) {
        reader.problem(path, e.getMessage());
      } catch (RuntimeException e) {
        reader.problem(path, "expected " + expected + ", got " + text.shown());
      }
      return null;
    }
  }
}
