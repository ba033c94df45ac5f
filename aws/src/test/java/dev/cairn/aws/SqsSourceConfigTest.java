package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class SqsSourceConfigTest {
  private static final String URL = "https://sqs.eu-west-1.amazonaws.com/111122223333/trail";

  @Test
  void defaults() {
    SqsSourceConfig c = SqsSourceConfig.builder(URL).build();
    assertThat(c.maxMessages()).isEqualTo(10);
    assertThat(c.waitTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.visibilityTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.visibilityExtensionInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.region()).isEmpty();
    assertThat(SqsSource.regionOf(c)).contains(Region.EU_WEST_1);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void regionForLocalServers() {
    SqsSourceConfig local = SqsSourceConfig.builder("http://127.0.0.1:9324/000000000000/q")
        .endpoint(URI.create("http://127.0.0.1:9324")).build();
    assertThat(SqsSource.regionOf(local)).contains(Region.US_EAST_1);
    assertThat(local.s3Endpoint()).contains(URI.create("http://127.0.0.1:9324"));
    assertThat(SqsSource.regionOf(SqsSourceConfig.builder("https://example.com/1/q").build())).isEqualTo(Optional.empty());
    assertThat(SqsSource.regionOf(SqsSourceConfig.builder("https://us-west-2.queue.amazonaws.com/1/q").build()))
        .contains(Region.US_WEST_2);
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder("trail").build())
        .withMessage("queueUrl: expected http(s)://host/account/queue, got 'trail'");
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder(URL).maxMessages(11).build())
        .withMessage("maxMessages: expected 1..10, got 11");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SqsSourceConfig.builder(URL).waitTime(Duration.ofSeconds(21)).build())
        .withMessage("waitTime: expected whole seconds in 0s..20s, got PT21S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SqsSourceConfig.builder(URL).visibilityTimeout(Duration.ofMillis(1500)).build())
        .withMessage("visibilityTimeout: expected whole seconds in 1s..12h, got PT1.5S");
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder(URL)
            .visibilityTimeout(Duration.ofSeconds(30)).visibilityExtensionInterval(Duration.ofSeconds(30)).build())
        .withMessage("visibilityExtensionInterval: expected more than 0 and less than visibilityTimeout (PT30S), got PT30S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SqsSourceConfig.builder(URL).sqsEndpoint(URI.create("ftp://x")).build())
        .withMessage("sqsEndpoint: expected an http(s) URL, got 'ftp://x'");
  }
}
