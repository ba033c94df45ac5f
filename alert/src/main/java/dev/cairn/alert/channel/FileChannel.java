package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Appends each alert as one line of JSON (the webhook body, {@link WebhookChannel}) to a file, a run
 * of alerts in one write on a file opened for appending, so lines of concurrent writers do not
 * interleave. The file is opened for each run: it may be rotated away between two.
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

  /** A run of lines goes in one write (and one sync), recorded together (see {@link Channel#maxBatch}). */
  @Override
  public int maxBatch() {
    return 64;
  }

  @Override
  public Attempt send(Alert alert, String idempotencyKey) {
    return sendAll(List.of(alert), List.of(idempotencyKey)).get(0);
  }

  @Override
  public List<Attempt> sendAll(List<Alert> alerts, List<String> idempotencyKeys) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(alerts.size() * 1024);
    for (int i = 0; i < alerts.size(); i++) {
      bytes.writeBytes(line(alerts.get(i), idempotencyKeys.get(i)));
    }
    ByteBuffer lines = ByteBuffer.wrap(bytes.toByteArray());
    try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(settings.path(),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (lines.hasRemaining()) {
        file.write(lines);
      }
      if (settings.sync()) {
        file.force(false);
      }
      return Collections.nCopies(alerts.size(), Attempt.DELIVERED);
    } catch (NoSuchFileException e) {
      return List.of(new Attempt.Permanent("cannot write " + settings.path() + ": its directory does not exist"));
    } catch (AccessDeniedException e) {
      return List.of(new Attempt.Permanent("cannot write " + settings.path() + ": permission denied"));
    } catch (IOException e) {
      return List.of(new Attempt.Transient("cannot write " + settings.path() + ": " + Text.fit(Text.oneLine(
          String.valueOf(e.getMessage())), Responses.MAX_QUOTED), Optional.empty()));
    }
  }
}
