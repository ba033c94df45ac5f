package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class S3ObjectTest {

  private static S3Object object(String key) {
    return new S3Object("b", key, OptionalLong.empty(), Optional.empty());
  }

  @Test
  void accountTrailKey() {
    String key = "AWSLogs/111122223333/CloudTrail/us-east-2/2016/08/11/111122223333_CloudTrail_us-east-2_20160811T2215Z_kpaMYavMQA9Ahp7L.json.gz";
    assertThat(object(key).attributes()).isEqualTo(
        Map.of("bucket", "b", "key", key, "accountId", "111122223333", "region", "us-east-2"));
    assertThat(object(key).skipReason()).isNull();
    assertThat(object(key).uri()).isEqualTo("s3://b/" + key);
  }

  @Test
  void organisationTrailKeyWithPrefix() {
    String key = "prefix/x/AWSLogs/o-aa111bb222/444455556666/CloudTrail/eu-west-1/2024/01/02/f.json.gz";
    assertThat(new S3Object("b", key, OptionalLong.of(7), Optional.empty()).attributes()).isEqualTo(Map.of("bucket", "b", "key", key,
        "size", "7", "organizationId", "o-aa111bb222", "accountId", "444455556666", "region", "eu-west-1"));
  }

  @Test
  void otherKeysHaveOnlyBucketAndKey() {
    assertThat(object("some/file.json").attributes()).isEqualTo(Map.of("bucket", "b", "key", "some/file.json"));
  }

  @Test
  void skippedByKey() {
    assertThat(object("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/02/d.json.gz").skipReason())
        .isEqualTo("digest file");
    assertThat(object("AWSLogs/o-aa111bb222/111122223333/CloudTrail-Digest/us-east-1/x.json.gz").skipReason())
        .isEqualTo("digest file");
    assertThat(object("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/01/02/i.json.gz").skipReason())
        .isEqualTo("Insights file");
    assertThat(object("AWSLogs/111122223333/CloudTrail/us-east-1/").skipReason()).isEqualTo("folder placeholder");
    assertThat(object("CloudTrail-Digest/x.json.gz").skipReason()).isEqualTo("digest file");
    assertThat(object("AWSLogs/111122223333/CloudTrail-Digestive/x.json.gz").skipReason()).isNull();
  }
}
