package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cairn.config.Secret;
import dev.cairn.testkit.FakeClock;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * E-mail against real SMTP servers on 127.0.0.1: GreenMail over SMTPS with authentication (it reads
 * what arrived), GreenMail over plain SMTP (which offers no STARTTLS: nothing may be sent), and
 * SubEthaSMTP requiring STARTTLS and authentication (GreenMail's SMTP has no STARTTLS). TLS uses a
 * certificate made for 127.0.0.1 and checked by name.
 */
class EmailChannelTest {
  private static final String USER = "alerts";
  private static final String PASSWORD = "s3cret-Pass";

  static {
    // GreenMail's SMTPS takes its key from these, read when its first TLS socket is made.
    System.setProperty("greenmail.tls.keystore.file", TestTls.keystore().toString());
    System.setProperty("greenmail.tls.keystore.password", TestTls.PASSWORD);
    System.setProperty("greenmail.tls.key.password", TestTls.PASSWORD);
  }

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS),
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)})
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", USER, PASSWORD));

  private final FakeClock clock = new FakeClock(Instant.parse("2023-07-19T21:20:07Z"));

  private static EmailSettings settings(EmailSettings.Security security, int port, String password) throws Exception {
    return new EmailSettings("mail", "127.0.0.1", port, security, Optional.of(USER), Optional.of(Secret.of(password)),
        "cairn@example.com", List.of("secops@example.com", "oncall@example.com"), Duration.ofSeconds(5),
        Optional.of(TestTls.client().getSocketFactory()));
  }

  private EmailChannel smtps(String password) throws Exception {
    return new EmailChannel(settings(EmailSettings.Security.SMTPS, MAIL.getSmtps().getPort(), password), clock);
  }

  @Test
  void overSmtpsWithAuthenticationTheAlertArrivesAsTextAndHtml() throws Exception {
    assertThat(smtps(PASSWORD).send(Alerts.consoleLogin(), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(2); // one message, two recipients
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[HIGH] Console sign-in failed: JohnDoe in Corezoid Dev");
    assertThat(m.getHeader("Message-ID", null)).isEqualTo(EmailChannel.messageId(Alerts.KEY));
    assertThat(m.getSentDate().toInstant()).isEqualTo(Instant.parse("2023-07-19T21:20:07Z"));
    assertThat(m.getFrom()[0]).hasToString("cairn@example.com");
    assertThat(m.getAllRecipients()).extracting(Object::toString)
        .containsExactly("secops@example.com", "oncall@example.com");
    assertThat(text(m)).startsWith("[HIGH] Console sign-in failed: JohnDoe in Corezoid Dev\n\n" + Alerts.COREZOID_TEXT)
        .contains("Actor: JohnDoe\n", "Source IP: 159.224.244.142\n", "MFA: no\n");
    assertThat(html(m)).contains("<h2>[HIGH] Console sign-in failed: JohnDoe in Corezoid Dev</h2>",
        "<tr><th align=\"left\">Account</th><td>Corezoid Dev (111111111111)</td></tr>");
  }

  @Test
  void hostileTextIsEscapedOnceInHtmlAndKeptAsIsInText() throws Exception {
    String hostile = HostileFieldsTest.HOSTILE + " " + HostileFieldsTest.LOOKS_ESCAPED + "\r\nBcc: victim@example.com";
    assertThat(smtps(PASSWORD).send(Alerts.everywhere(hostile), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

    MimeMessage m = MAIL.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("[HIGH] " + Text.oneLine(hostile)); // one line: no header injection
    assertThat(m.getHeader("Bcc")).isNull();
    assertThat(m.getAllRecipients()).hasSize(2);
    assertThat(text(m)).contains(hostile.replace("\r\n", "\n"));
    String html = html(m);
    assertThat(html).doesNotContain("<script>", "</script>", "<!channel"); // the round trip below rules out double escaping
    Matcher p = Pattern.compile("<p style=\"white-space:pre-wrap\">(.*?)</p>", Pattern.DOTALL).matcher(html);
    assertThat(p.find()).isTrue();
    assertThat(unescapeHtml(p.group(1))).isEqualTo(hostile.replace("\r\n", "\n"));
  }

  @Test
  void fiftyMegabytesMakeABoundedMessage() throws Exception {
    assertThat(smtps(PASSWORD).send(Alerts.everywhere(HostileFieldsTest.HUGE), Alerts.KEY))
        .isEqualTo(Attempt.DELIVERED);

    MimeMessage m = MAIL.getReceivedMessages()[0];
    assertThat(m.getSize()).isLessThan(1_000_000);
    assertThat(text(m)).contains("(truncated, ");
    assertThat(m.getSubject()).hasSizeLessThanOrEqualTo(EmailChannel.SUBJECT_MAX);
  }

  @Test
  void aRefusedPasswordIsPermanentAndNotRepeated() throws Exception {
    Attempt a = smtps("wrong-" + PASSWORD).send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isInstanceOf(Attempt.Permanent.class);
    assertThat(a.toString()).contains("SMTP authentication refused by 127.0.0.1").doesNotContain(PASSWORD);
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void aServerWithoutStartTlsGetsNothingNotEvenTheCredentials() throws Exception {
    EmailChannel plain = new EmailChannel(settings(EmailSettings.Security.STARTTLS, MAIL.getSmtp().getPort(), PASSWORD),
        clock);

    Attempt a = plain.send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isInstanceOf(Attempt.Permanent.class);
    assertThat(a.toString()).contains("STARTTLS");
    assertThat(MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void withStartTlsAndAuthenticationTheAlertArrives() throws Exception {
    BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
        .startTlsSocketFactory(TestTls.server()).requireTLS().requireAuth()
        .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
          if (!USER.equals(user) || !PASSWORD.equals(password)) {
            throw new LoginFailedException();
          }
        }))
        .simpleMessageListener(new org.subethamail.smtp.helper.SimpleMessageListener() {
          @Override
          public boolean accept(String from, String recipient) {
            return true;
          }

          @Override
          public void deliver(String from, String recipient, java.io.InputStream data) throws IOException {
            delivered.add(recipient + "\n" + new String(data.readAllBytes(), StandardCharsets.UTF_8));
          }
        })
        .build();
    server.start();
    try {
      EmailChannel channel = new EmailChannel(settings(EmailSettings.Security.STARTTLS, server.getPortAllocated(),
          PASSWORD), clock);

      assertThat(channel.send(Alerts.consoleLogin(), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

      String first = delivered.poll(5, TimeUnit.SECONDS);
      assertThat(first).startsWith("secops@example.com\n");
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
          new ByteArrayInputStream(first.substring(first.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8)));
      assertThat(m.getSubject()).isEqualTo("[HIGH] Console sign-in failed: JohnDoe in Corezoid Dev");
      assertThat(delivered.poll(5, TimeUnit.SECONDS)).startsWith("oncall@example.com\n");

      EmailChannel wrong = new EmailChannel(settings(EmailSettings.Security.STARTTLS, server.getPortAllocated(),
          "nope"), clock);
      assertThat(wrong.send(Alerts.consoleLogin(), Alerts.KEY)).isInstanceOf(Attempt.Permanent.class);
    } finally {
      server.stop();
    }
  }

  @Test
  void aServerThatIsNotThereIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Attempt a = new EmailChannel(settings(EmailSettings.Security.STARTTLS, port, PASSWORD), clock)
        .send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isInstanceOf(Attempt.Transient.class);
    assertThat(a.toString()).contains("connection to 127.0.0.1 failed");
  }

  @Test
  void previewShowsTheServerTheHeadersAndBothPartsButNoPassword() throws Exception {
    String preview = smtps(PASSWORD).preview(Alerts.consoleLogin(), Alerts.KEY);
    assertThat(preview).startsWith("SMTP 127.0.0.1:" + MAIL.getSmtps().getPort() + " (SMTPS, as alerts)\n"
        + "From: cairn@example.com\nTo: secops@example.com, oncall@example.com\n"
        + "Subject: [HIGH] Console sign-in failed: JohnDoe in Corezoid Dev\nMessage-ID: <")
        .contains("--- text/plain\n", "--- text/html\n").doesNotContain(PASSWORD);
    assertThat(settings(EmailSettings.Security.SMTPS, 465, PASSWORD).toString()).contains("password=[secret]")
        .doesNotContain(PASSWORD);
  }

  @Test
  void settingsThatWouldLeakOrCannotWorkAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new EmailSettings("m", "relay", 25, EmailSettings.Security.NONE,
            Optional.of("u"), Optional.of(Secret.of("p")), "a@example.com", List.of("b@example.com"),
            Duration.ofSeconds(1), Optional.empty()))
        .withMessage("security: NONE would send the password in clear text; use STARTTLS or SMTPS");
    assertThatIllegalArgumentException().isThrownBy(() -> EmailSettings.startTls("m", "smtp", 587, "u", Secret.of("p"),
        "not an address", List.of("b@example.com"))).withMessage("from: 'not an address' is not an e-mail address");
    assertThatIllegalArgumentException().isThrownBy(() -> EmailSettings.startTls("m", "smtp", 587, "u", Secret.of("p"),
        "a@example.com", List.of())).withMessage("to: expected at least one address");
    assertThatIllegalArgumentException().isThrownBy(() -> new EmailSettings("m", "smtp", 587,
            EmailSettings.Security.STARTTLS, Optional.of("u"), Optional.empty(), "a@example.com",
            List.of("b@example.com"), Duration.ofSeconds(1), Optional.empty()))
        .withMessage("username, password: expected both or neither");
  }

  private static String text(MimeMessage m) throws Exception {
    return part(m, "text/plain");
  }

  private static String html(MimeMessage m) throws Exception {
    return part(m, "text/html");
  }

  private static String part(MimeMessage m, String type) throws Exception {
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    Multipart mp = (Multipart) m.getContent();
    for (int i = 0; i < mp.getCount(); i++) {
      BodyPart p = mp.getBodyPart(i);
      if (p.isMimeType(type)) {
        assertThat(p.getContentType()).containsIgnoringCase("charset=UTF-8");
        return ((String) p.getContent()).replace("\r\n", "\n"); // SMTP carries lines with CRLF
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  /** The HTML reading of the five entities the channel writes, <code>&amp;amp;</code> last. */
  static String unescapeHtml(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
