package dev.cairn.runtime.source;

import java.util.Objects;

/**
 * Something a work item named that its source decided not to read.
 *
 * @param name what it is, as people recognise it: {@code s3://bucket/key}, {@code sqs message 12ab}
 * @param reason why it is not read, in a few words: {@code digest file}, {@code S3 test event}
 */
public record SkippedInput(String name, String reason) {
  public SkippedInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
  }
}
