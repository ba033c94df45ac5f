package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.config.Config;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

class SqsSourceConfigTest {
  @TempDir Path dir;

  private static final String URL = "https://sqs.eu-west-1.amazonaws.com/111122223333/trail";

  @Test
  void defaults() {
    SqsSourceConfig c = SqsSourceConfig.builder(URL).build();
    assertThat(c.maxMessages()).isEqualTo(10);
    assertThat(c.waitTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.visibilityTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.visibilityExtensionInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.region()).isEmpty();
    assertThat(SqsClients.regionOf(c)).contains(Region.EU_WEST_1);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void fromAnEntryOfAConfigFile() throws Exception {
    Files.writeString(dir.resolve("aws-secret"), "wJalrXUtnFEMI\n");
    Config queue = SqsSourceConfig.DEF.load(new YAMLMapper().readTree("""
        queueUrl: ${QUEUE}
        region: eu-west-1
        visibilityTimeout: 30s
        accessKeyId: ${KEY_ID}
        secretAccessKey: file:aws-secret
        """), Map.of("QUEUE", URL, "KEY_ID", "AKIDEXAMPLE")::get, dir);

    SqsSourceConfig c = SqsSourceConfig.from(queue);

    assertThat(c.queueUrl()).isEqualTo(URL);
    assertThat(c.region()).contains(Region.EU_WEST_1);
    assertThat(c.visibilityExtensionInterval()).as("half of visibilityTimeout").isEqualTo(Duration.ofSeconds(15));
    AwsCredentials credentials = c.credentials().orElseThrow().resolveCredentials();
    assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(credentials.secretAccessKey()).isEqualTo("wJalrXUtnFEMI");
    assertThat(queue.toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("wJalr");
  }

  @Test
  void regionForLocalServers() {
    SqsSourceConfig local = SqsSourceConfig.builder("http://127.0.0.1:9324/000000000000/q")
        .endpoint(URI.create("http://127.0.0.1:9324")).build();
    assertThat(SqsClients.regionOf(local)).contains(Region.US_EAST_1);
    assertThat(local.s3Endpoint()).contains(URI.create("http://127.0.0.1:9324"));
    assertThat(SqsClients.regionOf(SqsSourceConfig.builder("https://example.com/1/q").build())).isEqualTo(Optional.empty());
    assertThat(SqsClients.regionOf(SqsSourceConfig.builder("https://us-west-2.queue.amazonaws.com/1/q").build()))
        .contains(Region.US_WEST_2);
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder("trail").build())
        .withMessage("queueUrl: expected an http(s) URL like http://127.0.0.1:9324, got 'trail'");
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder("https://sqs.example.com/").build())
        .withMessage("queueUrl: expected a queue URL like https://sqs.us-east-1.amazonaws.com/111122223333/trail,"
            + " got 'https://sqs.example.com/'");
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder(URL).maxMessages(11).build())
        .withMessage("maxMessages: expected a whole number from 1 to 10, got '11'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SqsSourceConfig.builder(URL).waitTime(Duration.ofSeconds(21)).build())
        .withMessage("waitTime: expected a duration from 0s to 20s, got '21s'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SqsSourceConfig.builder(URL).visibilityTimeout(Duration.ofMillis(1500)).build())
        .withMessage("visibilityTimeout: expected whole seconds, got '1500ms'");
    assertThatIllegalArgumentException().isThrownBy(() -> SqsSourceConfig.builder(URL)
            .visibilityTimeout(Duration.ofSeconds(30)).visibilityExtensionInterval(Duration.ofSeconds(30)).build())
        .withMessage("visibilityExtensionInterval: expected less than visibilityTimeout, got '30s'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SqsSourceConfig.builder(URL).sqsEndpoint(URI.create("ftp://x")).build())
        .withMessage("sqsEndpoint: expected an http(s) URL like http://127.0.0.1:9324, got 'ftp://x'");
  }
}
