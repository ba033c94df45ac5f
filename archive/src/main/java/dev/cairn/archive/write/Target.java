package dev.cairn.archive.write;

import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.S3Location;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where finished part files go, each committed atomically under its final name: a file is renamed
 * into place (never seen half-written), an S3 object is one complete PutObject. Committing the same
 * name again replaces it (a flush carried out again after a crash writes the same rows).
 *
 * <p>Thread-safe.
 */
public interface Target extends AutoCloseable {

  /** The archive's root, for messages. */
  String describe();

  /** Puts {@code file} (a finished local file) at {@code relative} under the root, atomically. */
  void commit(String relative, Path file) throws IOException;

  @Override
  void close();

  /** The target of {@code to} (a folder or {@code s3://bucket/prefix}). */
  static Target open(String to, ArchiveSettings.S3Access access) {
    Optional<S3Location> s3 = S3Location.parse(to);
    if (s3.isPresent()) {
      return new S3(s3.get(), client(access));
    }
    if (to.startsWith("s3://")) {
      throw new IllegalArgumentException("not an S3 location: " + to + " (expected s3://bucket/prefix)");
    }
    return new Local(Path.of(to));
  }

  /** An S3 client as the sources make one: SDK v2, Apache HTTP, an endpoint override for S3-compatible servers. */
  static S3Client client(ArchiveSettings.S3Access access) {
    S3ClientBuilder b = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder());
    access.region().map(Region::of).or(() -> access.endpoint().map(e -> Region.US_EAST_1)).ifPresent(b::region);
    if (access.endpoint().isPresent()) {
      b.endpointOverride(access.endpoint().get()).forcePathStyle(true);
    } else {
      b.crossRegionAccessEnabled(true);
    }
    if (access.accessKeyId().isPresent() && access.secretAccessKey().isPresent()) {
      b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
          access.accessKeyId().get().reveal(), access.secretAccessKey().get().reveal())));
    }
    return b.build();
  }

  /** A folder: files are written next to their final name and renamed into place. */
  final class Local implements Target {
    private final Path root;

    Local(Path root) {
      this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
      return root.toString();
    }

    @Override
    public void commit(String relative, Path file) throws IOException {
      Path target = root.resolve(relative).normalize();
      if (!target.startsWith(root)) {
        throw new IOException("part path escapes the archive: " + relative);
      }
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
      Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel c = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temporary);
        throw new IOException("cannot rename into place atomically in " + target.getParent(), e);
      }
      try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dir.force(true); // the rename itself survives a power loss
      } catch (IOException e) {
        // Some file systems cannot sync a directory; the rename is still atomic.
      }
    }

    @Override
    public void close() {}
  }

  /** An S3 prefix: one PutObject per part, which S3 makes visible whole or not at all. */
  final class S3 implements Target {
    private final S3Location location;
    private final S3Client client;

    S3(S3Location location, S3Client client) {
      this.location = location;
      this.client = client;
    }

    @Override
    public String describe() {
      return location.toString();
    }

    @Override
    public void commit(String relative, Path file) {
      client.putObject(b -> b.bucket(location.bucket()).key(location.key(relative)), RequestBody.fromFile(file));
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
