package dev.cairn.alert.channel;

import dev.cairn.config.Secret;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SMTP server and who gets the alerts.
 *
 * @param name the configured channel name ({@code mail})
 * @param host the SMTP server
 * @param port its port: 587 for STARTTLS, 465 for SMTPS, 25 for a local relay
 * @param security how the connection is protected
 * @param username the SMTP user; empty for a server that takes mail without authentication
 * @param password the user's password; present exactly when {@code username} is
 * @param from the sender address
 * @param to the recipients, at least one
 * @param timeout for connecting, and for each read and write
 * @param sslSocketFactory the TLS sockets to use, for a server whose certificate a private CA
 *     signed; empty for the JVM's trust store. The server's name is always checked against its
 *     certificate.
 */
public record EmailSettings(String name, String host, int port, Security security, Optional<String> username,
    Optional<Secret> password, String from, List<String> to, Duration timeout,
    Optional<SSLSocketFactory> sslSocketFactory) {

  /** Default time for connecting and for each read and write. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** How the connection to the server is protected. */
  public enum Security {
    /** Plain connection upgraded with STARTTLS, which the server must offer: nothing is sent otherwise. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, port 465). */
    SMTPS,
    /** No TLS: only for a relay on the same host or network, and never with credentials. */
    NONE
  }

  /** Validates every setting; the message names the setting and never shows the password. */
  public EmailSettings {
    Check.name(name);
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: expected an SMTP server name, got ''");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port: expected 1..65535, got " + port);
    }
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("username, password: expected both or neither");
    }
    if (security == Security.NONE && username.isPresent()) {
      throw new IllegalArgumentException("security: NONE would send the password in clear text; use STARTTLS or SMTPS");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: expected a positive duration, got " + timeout);
    }
    address("from", from);
    to = List.copyOf(Objects.requireNonNull(to, "to"));
    if (to.isEmpty()) {
      throw new IllegalArgumentException("to: expected at least one address");
    }
    to.forEach(a -> address("to", a));
  }

  /** STARTTLS with a user, the default timeout and the JVM's trust store. */
  public static EmailSettings startTls(String name, String host, int port, String username, Secret password,
      String from, List<String> to) {
    return new EmailSettings(name, host, port, Security.STARTTLS, Optional.of(username), Optional.of(password), from,
        to, DEFAULT_TIMEOUT, Optional.empty());
  }

  private static void address(String setting, String address) {
    try {
      new InternetAddress(address, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(setting + ": '" + address + "' is not an e-mail address");
    }
  }

  @Override
  public String toString() {
    return "EmailSettings[name=" + name + ", host=" + host + ", port=" + port + ", security=" + security
        + ", username=" + username.orElse("") + ", password=" + (password.isPresent() ? "[secret]" : "")
        + ", from=" + from + ", to=" + to + ", timeout=" + timeout + "]";
  }
}
