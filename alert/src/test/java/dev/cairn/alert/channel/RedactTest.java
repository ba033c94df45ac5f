package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void aSlackWebhookShowsItsHostAndFirstWordOnly() {
    assertThat(Redact.url(URI.create("https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX")))
        .isEqualTo("https://hooks.slack.com/services/…");
  }

  @Test
  void aWorkflowsUrlHidesItsSignature() {
    String url = "https://prod-12.westeurope.logic.azure.com:443/workflows/8f0c2a/triggers/manual/paths/invoke"
        + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRETSIG";
    assertThat(Redact.url(URI.create(url))).isEqualTo("https://prod-12.westeurope.logic.azure.com:443/workflows/…");
  }

  @Test
  void aTokenAsFirstSegmentOrInTheQueryOrUserInfoIsHidden() {
    assertThat(Redact.url(URI.create("https://hooks.zapier.com/a1b2c3d4"))).isEqualTo("https://hooks.zapier.com/…");
    assertThat(Redact.url(URI.create("https://siem.example.com/cairn?token=abc"))).isEqualTo("https://siem.example.com/cairn/…");
    assertThat(Redact.url(URI.create("https://user:pass@siem.example.com/cairn"))).isEqualTo("https://siem.example.com/cairn");
    assertThat(Redact.url(URI.create("http://127.0.0.1:8080"))).isEqualTo("http://127.0.0.1:8080");
    assertThat(Redact.url("not a url at all")).isEqualTo("(not a URL)");
  }

  @Test
  void theScrubberReplacesTheLongestSecretFirst() {
    Redact.Scrubber s = Redact.Scrubber.of("https://hooks.slack.com/services/T/B/XYZ", "XYZ", "", null);
    assertThat(s.scrub("failed https://hooks.slack.com/services/T/B/XYZ and XYZ")).isEqualTo("failed [secret] and [secret]");
    assertThat(Redact.Scrubber.NONE.scrub("as is")).isEqualTo("as is");
  }
}
