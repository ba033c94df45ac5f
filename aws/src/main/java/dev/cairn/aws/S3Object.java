package dev.cairn.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 object a notice names: bucket, decoded key and, when the notice said, its size and ETag.
 *
 * @param bucket the bucket name
 * @param key the object key, already URL-decoded where the notice encodes it
 * @param size the size in bytes when the notice carries it
 * @param etag the ETag when the notice carries it (S3 event notifications and EventBridge do;
 *     CloudTrail's own notice does not)
 */
record S3Object(String bucket, String key, OptionalLong size, Optional<String> etag) {

  // [prefix/]AWSLogs/[o-org/]account/CloudTrail|CloudTrail-Digest|CloudTrail-Insight/region/...
  private static final Pattern LAYOUT = Pattern.compile(
      "(?:^|/)AWSLogs/(?:(o-[a-z0-9]{10,32})/)?(\\d{12})/(CloudTrail(?:-Digest|-Insight)?)/([a-z0-9-]+)/");

  S3Object {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(etag, "etag");
  }

  /** {@code s3://bucket/key}. */
  String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * Why this object is skipped before download, or null to fetch it: folder placeholders, digest
   * files and Insights files.
   */
  String skipReason() {
    if (key.isEmpty() || key.endsWith("/")) {
      return "folder placeholder";
    }
    String folder = "/" + key;
    if (folder.contains("/CloudTrail-Digest/")) {
      return "digest file";
    }
    if (folder.contains("/CloudTrail-Insight/")) {
      return "Insights file";
    }
    return null;
  }

  /**
   * What the key and notice tell before opening: {@code bucket}, {@code key}, {@code size}, and for
   * keys in CloudTrail's layout {@code accountId}, {@code region} and (organisation trails) {@code
   * organizationId}.
   */
  Map<String, String> attributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("bucket", bucket);
    attributes.put("key", key);
    size.ifPresent(s -> attributes.put("size", Long.toString(s)));
    Matcher m = LAYOUT.matcher(key);
    if (m.find()) {
      if (m.group(1) != null) {
        attributes.put("organizationId", m.group(1));
      }
      attributes.put("accountId", m.group(2));
      attributes.put("region", m.group(4));
    }
    return Map.copyOf(attributes);
  }
}
