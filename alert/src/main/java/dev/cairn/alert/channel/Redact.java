package dev.cairn.alert.channel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What may be shown of a URL or a message that could hold a secret. Webhook URLs carry their
 * credential in the path (Slack {@code /services/T…/B…/XXXX}, Teams workflows {@code …&sig=…}), so
 * a URL shows its scheme, host, port and at most its first path segment when that segment is a
 * plain lower-case word ({@code services}, {@code webhookb2}, {@code v2}); never the rest of the
 * path, the query or user information.
 */
final class Redact {
  private static final Pattern WORD = Pattern.compile("[a-z_-]{1,30}[0-9]{0,2}");

  private Redact() {}

  /** {@code https://hooks.slack.com/services/…} for {@code https://hooks.slack.com/services/T0/B0/XXXX}. */
  static String url(URI uri) {
    StringBuilder shown = new StringBuilder();
    shown.append(uri.getScheme() == null ? "" : uri.getScheme() + "://");
    shown.append(uri.getHost() == null ? "?" : uri.getHost());
    if (uri.getPort() >= 0) {
      shown.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String rest = path.startsWith("/") ? path.substring(1) : path;
    boolean hidden = uri.getRawQuery() != null || uri.getRawFragment() != null;
    if (!rest.isEmpty()) {
      int slash = rest.indexOf('/');
      String first = slash < 0 ? rest : rest.substring(0, slash);
      if (WORD.matcher(first).matches()) {
        shown.append('/').append(first);
        hidden |= slash >= 0 && slash < rest.length() - 1;
      } else {
        hidden = true;
      }
    }
    if (hidden) {
      shown.append("/…");
    }
    return shown.toString();
  }

  /** Like {@link #url(URI)} for text that may not even parse as a URL. */
  static String url(String text) {
    try {
      return url(URI.create(text));
    } catch (IllegalArgumentException e) {
      return "(not a URL)";
    }
  }

  /** Removes every secret value (and any longer text that holds it) from a message for people. */
  static final class Scrubber {
    static final Scrubber NONE = new Scrubber(List.of());

    private final List<String> secrets;

    private Scrubber(List<String> secrets) {
      this.secrets = secrets;
    }

    /** Scrubs these values; blank ones are ignored (replacing "" would garble everything). */
    static Scrubber of(String... secrets) {
      List<String> kept = new ArrayList<>();
      for (String s : secrets) {
        if (s != null && !s.isBlank()) {
          kept.add(s);
        }
      }
      // Longest first, so a URL is replaced whole before the token inside it.
      kept.sort((a, b) -> b.length() - a.length());
      return new Scrubber(List.copyOf(kept));
    }

    /**
     * Scrubs a URL whose path or query is a credential: the whole URL, and each part of it that
     * {@link Redact#url(URI)} hides (path segments after the first word, query values), in case a
     * receiver quotes only the token.
     */
    static Scrubber ofUrl(URI url, String... more) {
      List<String> secrets = new ArrayList<>(List.of(more));
      secrets.add(url.toString());
      secrets.add(url.getRawPath());
      secrets.add(url.getRawQuery());
      String path = url.getRawPath() == null ? "" : url.getRawPath();
      String[] segments = path.split("/", -1);
      for (int i = 2; i < segments.length; i++) { // segments[0] is "", segments[1] may be shown
        secrets.add(segments[i]);
      }
      if (segments.length > 1 && !WORD.matcher(segments[1]).matches()) {
        secrets.add(segments[1]);
      }
      if (url.getRawQuery() != null) {
        for (String pair : url.getRawQuery().split("&", -1)) {
          int eq = pair.indexOf('=');
          secrets.add(eq < 0 ? pair : pair.substring(eq + 1));
        }
      }
      return of(secrets.toArray(String[]::new));
    }

    String scrub(String text) {
      String out = text;
      for (String s : secrets) {
        out = out.replace(s, "[secret]");
      }
      return out;
    }
  }
}
