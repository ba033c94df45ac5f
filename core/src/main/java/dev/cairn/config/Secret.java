package dev.cairn.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, token or key: its {@link #toString()} never shows it, so a secret logged, printed in
 * an error or dumped with its config stays hidden. Only {@link #reveal()} gives the value, to hand
 * to the client that needs it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value, "value"));
  }

  /** The secret itself; call only where it is handed to the code that uses it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    // Constant time: how long a comparison takes must not tell how much of a guess was right.
    return o instanceof Secret other && MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // a hash would leak a little of the value; secrets are not map keys
  }

  @Override
  public String toString() {
    return "[secret]";
  }
}
