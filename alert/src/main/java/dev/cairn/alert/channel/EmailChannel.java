package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * E-mail over SMTP (Jakarta Mail): STARTTLS that the server must offer (or SMTPS), the server's
 * name checked against its certificate, and authentication when a user is set. One message per
 * alert: the subject is the headline, the body a text part and an HTML part with every text
 * HTML-escaped once. The {@code Message-ID} is derived from the idempotency key, so a repeat
 * carries the same id and mail clients can tell.
 *
 * <p>Outcomes: accepted by the server, delivered; SMTP 4xx, a refused or dropped connection, a
 * timeout, transient; SMTP 5xx, refused credentials, a server that does not offer STARTTLS,
 * permanent.
 */
public final class EmailChannel implements Channel {
  /** The channel type, and the key of a rule's e-mail template. */
  public static final String TYPE = "email";

  static final int SUBJECT_MAX = 200;
  static final int TEXT_MAX = 100_000;

  private final EmailSettings settings;
  private final InstantSource clock;
  private final Session session;

  /** A channel that dates messages by the system clock. */
  public EmailChannel(EmailSettings settings) {
    this(settings, InstantSource.system());
  }

  /** A channel that dates messages by {@code clock}. */
  public EmailChannel(EmailSettings settings, InstantSource clock) {
    this.settings = settings;
    this.clock = clock;
    this.session = Session.getInstance(properties(settings));
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return TYPE;
  }

  private String protocol() {
    return settings.security() == EmailSettings.Security.SMTPS ? "smtps" : "smtp";
  }

  private static Properties properties(EmailSettings s) {
    String p = s.security() == EmailSettings.Security.SMTPS ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    String ms = Long.toString(s.timeout().toMillis());
    props.put(p + "host", s.host());
    props.put(p + "port", Integer.toString(s.port()));
    props.put(p + "connectiontimeout", ms);
    props.put(p + "timeout", ms);
    props.put(p + "writetimeout", ms);
    props.put(p + "from", s.from());
    props.put(p + "auth", Boolean.toString(s.username().isPresent()));
    if (s.security() == EmailSettings.Security.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (s.security() != EmailSettings.Security.NONE) {
      props.put(p + "ssl.checkserveridentity", "true");
      s.sslSocketFactory().ifPresent(f -> props.put(p + "ssl.socketFactory", f));
    }
    return props;
  }

  @Override
  public String preview(Alert alert, String idempotencyKey) {
    StringBuilder s = new StringBuilder("SMTP ").append(settings.host()).append(':').append(settings.port())
        .append(" (").append(settings.security()).append(settings.username().map(u -> ", as " + u).orElse(""))
        .append(")\n");
    s.append("From: ").append(settings.from()).append('\n');
    s.append("To: ").append(String.join(", ", settings.to())).append('\n');
    s.append("Subject: ").append(subject(alert)).append('\n');
    s.append("Message-ID: ").append(messageId(idempotencyKey)).append("\n\n");
    s.append("--- text/plain\n").append(text(alert)).append("\n--- text/html\n").append(html(alert));
    return s.toString();
  }

  @Override
  public Attempt send(Alert alert, String idempotencyKey) throws InterruptedException {
    Redact.Scrubber scrubber = Redact.Scrubber.of(settings.password().map(p -> p.reveal()).orElse(""));
    try {
      MimeMessage message = message(alert, idempotencyKey);
      try (Transport transport = session.getTransport(protocol())) {
        transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
            settings.password().map(p -> p.reveal()).orElse(null));
        transport.sendMessage(message, message.getAllRecipients());
      }
      return Attempt.DELIVERED;
    } catch (MessagingException e) {
      if (Thread.interrupted()) { // the delivery loop is stopping
        throw new InterruptedException("sending to " + settings.host() + " interrupted");
      }
      return classify(e, settings.host(), scrubber);
    }
  }

  MimeMessage message(Alert alert, String idempotencyKey) throws MessagingException {
    String id = messageId(idempotencyKey);
    MimeMessage message = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", id);
      }
    };
    message.setFrom(new InternetAddress(settings.from()));
    for (String to : settings.to()) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    message.setSubject(subject(alert), "UTF-8");
    message.setSentDate(Date.from(clock.instant()));
    MimeBodyPart text = new MimeBodyPart();
    text.setText(text(alert), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(html(alert), "UTF-8", "html");
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    message.setContent(alternative);
    message.saveChanges();
    return message;
  }

  /** The headline on one line: a line break in a header would start a new header. */
  static String subject(Alert alert) {
    return Text.fit(Text.oneLine(AlertView.headline(alert)), SUBJECT_MAX);
  }

  static String text(Alert alert) {
    return ChannelText.plainText(alert, TYPE, TEXT_MAX);
  }

  /** The HTML part: every text escaped once, the layout fixed. */
  static String html(Alert alert) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
    h.append("<h2>").append(escape(Text.oneLine(AlertView.headline(alert)), SUBJECT_MAX)).append("</h2>\n");
    h.append("<p style=\"white-space:pre-wrap\">").append(escape(alert.textFor(TYPE), TEXT_MAX)).append("</p>\n");
    List<AlertView.Fact> facts = AlertView.facts(alert);
    if (!facts.isEmpty()) {
      h.append("<table>\n");
      for (AlertView.Fact f : facts) {
        h.append("<tr><th align=\"left\">").append(f.label()).append("</th><td>")
            .append(escape(f.value(), AlertView.ITEM_MAX)).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    AlertView.digest(alert).ifPresent(lines -> h.append("<p style=\"white-space:pre-wrap\">")
        .append(escape(String.join("\n", lines), 3 * AlertView.ITEM_MAX)).append("</p>\n"));
    List<String> samples = AlertView.samples(alert);
    if (!samples.isEmpty()) {
      h.append("<ul>\n");
      samples.forEach(s -> h.append("<li>").append(escape(s, AlertView.ITEM_MAX)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<p style=\"color:#666;font-size:small\">").append(escape(AlertView.footer(alert), AlertView.ITEM_MAX))
        .append("</p>\n</body></html>\n");
    return h.toString();
  }

  private static String escape(String value, int max) {
    return Text.fit(value, max, Text.Escaper.HTML);
  }

  /** {@code <base64url SHA-256 of the key>@cairn}: the same for every attempt of a delivery. */
  static String messageId(String idempotencyKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "<" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "@cairn>";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static Attempt classify(MessagingException e, String host, Redact.Scrubber scrubber) {
    String detail = Text.fit(Text.oneLine(scrubber.scrub(String.valueOf(e.getMessage()))), Responses.MAX_QUOTED);
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof AuthenticationFailedException) {
        return new Attempt.Permanent("SMTP authentication refused by " + host + ": " + detail);
      }
      int code = returnCode(t);
      if (code >= 500) {
        return new Attempt.Permanent("SMTP " + code + " from " + host + ": " + detail);
      }
      if (code >= 400) {
        return new Attempt.Transient("SMTP " + code + " from " + host + ": " + detail, Optional.empty());
      }
      if (t instanceof IOException) {
        return new Attempt.Transient("connection to " + host + " failed (" + t.getClass().getSimpleName() + "): "
            + detail, Optional.empty());
      }
    }
    if (String.valueOf(e.getMessage()).contains("STARTTLS")) {
      return new Attempt.Permanent(host + " does not offer STARTTLS, nothing sent: " + detail);
    }
    return new Attempt.Transient("sending to " + host + " failed: " + detail, Optional.empty());
  }

  private static int returnCode(Throwable t) {
    if (t instanceof SMTPSendFailedException s) {
      return s.getReturnCode();
    }
    if (t instanceof SMTPAddressFailedException s) {
      return s.getReturnCode();
    }
    if (t instanceof SMTPSenderFailedException s) {
      return s.getReturnCode();
    }
    return -1;
  }

  private static Throwable next(Throwable t) {
    if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
      return m.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }
}
