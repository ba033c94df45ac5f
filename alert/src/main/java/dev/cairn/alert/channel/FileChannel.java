package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Appends each alert as one line of JSON (the webhook body, {@link WebhookChannel}) to a file, in
 * one write on a file opened for appending, so lines of concurrent writers do not interleave. The
 * file is opened for each alert: it may be rotated away between two.
 *
 * <p>Outcomes: written, delivered; a missing directory or no permission, permanent; any other I/O
 * error (a full disk), transient.
 */
public final class FileChannel implements Channel {
  /** The channel type, and the key of a rule's file template. */
  public static final String TYPE = "file";

  private final FileSettings settings;

  public FileChannel(FileSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String preview(Alert alert, String idempotencyKey) {
    return new String(line(alert, idempotencyKey), StandardCharsets.UTF_8);
  }

  static byte[] line(Alert alert, String idempotencyKey) {
    byte[] body = WebhookChannel.body(alert, TYPE, idempotencyKey);
    byte[] line = Arrays.copyOf(body, body.length + 1);
    line[body.length] = '\n';
    return line;
  }

  @Override
  public Attempt send(Alert alert, String idempotencyKey) {
    ByteBuffer line = ByteBuffer.wrap(line(alert, idempotencyKey));
    try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(settings.path(),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (line.hasRemaining()) {
        file.write(line);
      }
      if (settings.sync()) {
        file.force(false);
      }
      return Attempt.DELIVERED;
    } catch (NoSuchFileException e) {
      return new Attempt.Permanent("cannot write " + settings.path() + ": its directory does not exist");
    } catch (AccessDeniedException e) {
      return new Attempt.Permanent("cannot write " + settings.path() + ": permission denied");
    } catch (IOException e) {
      return new Attempt.Transient("cannot write " + settings.path() + ": " + Text.fit(Text.oneLine(
          String.valueOf(e.getMessage())), Responses.MAX_QUOTED), Optional.empty());
    }
  }
}
