package dev.cairn.archive;

import java.util.Optional;

/**
 * An archive in S3: {@code s3://bucket/prefix}, the prefix without leading or trailing slashes
 * (possibly empty).
 */
public record S3Location(String bucket, String prefix) {

  /** The location {@code text} names, or empty when it is not {@code s3://bucket[/prefix]}. */
  public static Optional<S3Location> parse(String text) {
    if (!text.startsWith("s3://")) {
      return Optional.empty();
    }
    String rest = text.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || !prefix.matches("[A-Za-z0-9._=/-]*") || prefix.startsWith("/")) {
      return Optional.empty();
    }
    return Optional.of(new S3Location(bucket, prefix));
  }

  /** The object key of a path relative to the archive's root. */
  public String key(String relative) {
    return prefix.isEmpty() ? relative : prefix + "/" + relative;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
