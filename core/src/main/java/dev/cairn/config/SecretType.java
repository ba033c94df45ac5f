package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@link ConfigType#secret()}: never quoted, and {@code file:PATH} reads the value from a file. */
final class SecretType extends ConfigType.Scalar<Secret> {
  static final SecretType INSTANCE = new SecretType();
  private static final String FILE = "file:";

  private SecretType() {
    super("secret", "a secret", "a secret", (text, base) -> {
      try {
        return Secret.of(resolve(text, base));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, secret -> secret.toString(), null);
  }

  @Override
  Secret read(JsonNode node, String path, Reader reader, String expected) {
    Reader.Text text = reader.text(node, path, expected);
    if (text == null) {
      return null;
    }
    reader.hide(path, "a secret (not shown)");
    String value;
    try {
      value = resolve(text.value(), reader.base());
    } catch (IOException e) {
      // The file's name is shown unless it came from the environment; its contents never are.
      String file = text.hidden() ? "the file named by " + text.shown().replace(" (not shown)", "")
          : text.value().strip();
      reader.problem(path, "cannot read " + file + ": " + reason(e));
      return null;
    }
    if (value.isEmpty()) {
      reader.problem(path, "expected a secret, got an empty value");
      return null;
    }
    return Secret.of(value);
  }

  /** The secret itself: the text, or the trimmed contents of the file named by {@code file:PATH}. */
  private static String resolve(String text, Path base) throws IOException {
    if (!text.startsWith(FILE)) {
      return text;
    }
    Path file = Path.of(text.substring(FILE.length()).strip());
    if (base != null && !file.isAbsolute()) {
      file = base.resolve(file);
    }
    return Files.readString(file).strip();
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
