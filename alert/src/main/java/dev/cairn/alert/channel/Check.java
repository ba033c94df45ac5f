package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation the settings records share. Messages name the setting and the bad value, except a
 * secret's value, which they never show.
 */
final class Check {
  /** Headers the JDK client sets itself and refuses to take from us, and the ones a channel owns. */
  private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
      "upgrade", "content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private Check() {}

  static String name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: expected a channel name, got ''");
    }
    return name;
  }

  /** An http(s) URL with a host. */
  static URI url(String setting, URI url) {
    Objects.requireNonNull(url, setting);
    if (!isHttp(url)) {
      throw new IllegalArgumentException(setting + ": expected an http(s) URL, got '" + url + "'");
    }
    return url;
  }

  /** A URL kept as a secret (its path or query is the credential): the message never shows it. */
  static URI secretUrl(String setting, Secret url) {
    Objects.requireNonNull(url, setting);
    URI parsed;
    try {
      parsed = URI.create(url.reveal().trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": expected an http(s) URL, got a value that is not a URL");
    }
    if (parsed.getScheme() == null || parsed.getHost() == null) {
      throw new IllegalArgumentException(setting + ": expected an http(s) URL, got one without a scheme or host");
    }
    if (!isHttp(parsed)) {
      throw new IllegalArgumentException(setting + ": expected an http(s) URL, got " + Redact.url(parsed));
    }
    return parsed;
  }

  static Secret secret(String setting, Secret secret) {
    Objects.requireNonNull(secret, setting);
    if (secret.reveal().isBlank()) {
      throw new IllegalArgumentException(setting + ": expected a value, got an empty one");
    }
    return secret;
  }

  /** Extra headers: valid names and one-line values, none the client or the channel owns. */
  static void headers(String setting, Map<String, ?> headers) {
    Objects.requireNonNull(headers, setting);
    headers.forEach((name, value) -> {
      if (!TOKEN.matcher(name).matches()) {
        throw new IllegalArgumentException(setting + ": '" + name + "' is not a header name");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(setting + ": '" + name + "' is set by the channel itself");
      }
      String v = value instanceof Secret s ? s.reveal() : String.valueOf(value);
      if (v.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new IllegalArgumentException(setting + ": the value of '" + name + "' must be one line");
      }
    });
  }

  private static boolean isHttp(URI u) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("https") || scheme.equals("http")) && u.getHost() != null;
  }
}
