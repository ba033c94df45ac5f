package dev.cairn.archive.query;

import dev.cairn.archive.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Brings the part files an S3 archive holds for a time range into a local cache: the keys are
 * listed, those of hours outside the range skipped, and each wanted one downloaded unless the
 * cache holds it at the same size. DuckDB then reads local files only (it needs no network
 * extension).
 */
public final class S3Parts {
  private S3Parts() {}

  /** The local files, and how many were downloaded now (the rest came from the cache). */
  public record Fetched(List<Path> files, int downloaded, long bytesDownloaded, int skipped) {}

  static Fetched fetch(S3Client s3, S3Location location, Path cache, Optional<Instant> since, Optional<Instant> until)
      throws IOException {
    Path root = cache.resolve(location.bucket()).resolve(location.prefix().isEmpty() ? "_" : location.prefix());
    String prefix = location.prefix().isEmpty() ? "" : location.prefix() + "/";
    List<Path> files = new ArrayList<>();
    int downloaded = 0;
    int skipped = 0;
    long bytes = 0;
    ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(prefix).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      String relative = object.key().substring(prefix.length());
      if (!ArchiveFiles.isPart(relative)) {
        continue;
      }
      if (!ArchiveFiles.wanted(relative, since, until)) {
        skipped++;
        continue;
      }
      Path local = root.resolve(relative).normalize();
      if (!local.startsWith(root)) {
        continue; // a key with .. in it: not one of ours
      }
      if (!Files.exists(local) || Files.size(local) != object.size()) {
        Files.createDirectories(local.getParent());
        Path partial = local.resolveSibling("." + local.getFileName() + ".download");
        Files.deleteIfExists(partial);
        s3.getObject(b -> b.bucket(location.bucket()).key(object.key()), partial);
        Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        downloaded++;
        bytes += object.size();
      }
      files.add(local);
    }
    return new Fetched(files, downloaded, bytes, skipped);
  }
}
