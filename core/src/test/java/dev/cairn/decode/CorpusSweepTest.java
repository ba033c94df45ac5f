package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real file under {@code src/test/resources/corpus} (see its README and each folder's
 * SOURCE.md), decoded whole and one byte at a time, with the exact number of events, skipped values
 * and notes, the format and the error the decoder reports. The counts of records were cross-checked
 * with an independent JSON parser when the table was written.
 */
class CorpusSweepTest {
  private static final String ROOT = "/corpus/";

  record Expected(String path, long events, long skipped, int notes, String format, String error) {
    @Override
    public String toString() {
      return path;
    }
  }

  static List<Expected> files() {
    return List.of(
        file("Security-Datasets/datasets/atomic/aws/collection/ec2_proxy_s3_exfiltration.zip", 0, 0, 1, "not JSON or gzip", ""),
        file("Security-Datasets/datasets/atomic/aws/collection/ec2_proxy_s3_exfiltration_2020-09-14011940.json", 103, 0, 0, "JSON lines or concatenated values (first: CloudTrail record)", ""),
        file("Security-Datasets/datasets/atomic/aws/discovery/AWS_S3_HoneyBucketLogs.csv", 0, 0, 1, "not JSON or gzip", ""),
        file("amazon-s3-developer-guide/doc_source/batch-ops-examples-event-bridge-cloud-trail.eventbridge-2.json", 1, 0, 0, "EventBridge event", ""),
        file("amazon-s3-developer-guide/doc_source/batch-ops-examples-event-bridge-cloud-trail.eventbridge-3.json", 1, 0, 0, "EventBridge event", ""),
        file("amazon-s3-developer-guide/doc_source/batch-ops-examples-event-bridge-cloud-trail.records.json", 1, 0, 0, "CloudTrail log file", ""),
        file("amazon-s3-developer-guide/doc_source/cloudtrail-logging.records.json", 1, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-event-reference-aws-console-sign-in-events.records.json", 10, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-event-reference-insight-details.records.json", 0, 1, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-event-reference.records.json", 2, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-log-file-examples.records.json", 9, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-log-file-validation-digest-file-structure.digest-1.json", 0, 0, 1, "CloudTrail digest file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-log-file-validation-digest-file-structure.digest-2.json", 0, 0, 1, "CloudTrail digest file", ""),
        file("aws-cloudtrail-user-guide/doc_source/cloudtrail-tutorial.records.json", 1, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/non-api-aws-service-events.records.json", 1, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/view-insights-events-cli.records.json", 2, 0, 0, "CloudTrail log file", ""),
        file("aws-cloudtrail-user-guide/doc_source/viewing-service-linked-channels.records.json", 1, 0, 0, "CloudTrail log file", ""),
        file("aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1150Z_1vnLavRRp0ek1mP4.json", 2, 0, 0, "CloudTrail log file", ""),
        file("aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json", 132, 0, 0, "CloudTrail log file", ""),
        file("aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json", 10, 0, 0, "CloudTrail log file", ""),
        file("aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1230Z_KV9LZlfXqBel7nqf.json", 47, 0, 0, "CloudTrail log file", ""),
        file("aws_dataset/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1235Z_Vp7r3boWJKtPb3wM.json", 1, 0, 0, "CloudTrail log file", ""),
        file("cloud-custodian/tests/data/cwe/event-appmesh-create-mesh.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-appmesh-create-virtualgateway.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-appmesh-create-virtualnode.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-appelb-add-tags.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-bedrock-create-customization-jobs.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-catalog-put-resource-policy.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-catalog-set-encryption.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-bucket.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-db.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-distribution.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-efs-mount-target.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-load-balancer-policy.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-rest-stage.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-create-volume.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-hsm-create-cluster.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-run-instance-creator-assumed.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-run-instance-creator.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-run-instances.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-s3.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-tag-distribution.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-tag-rest-stage.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-update-distribution.json", 1, 0, 0, "EventBridge event", ""),
        file("cloud-custodian/tests/data/cwe/event-cloud-trail-update-efs-mount-target-security-group.json", 1, 0, 0, "CloudTrail record", ""),
        file("cloud-custodian/tests/data/cwe/event-transit-gateway-delete-vpc-attachment.json", 1, 0, 0, "EventBridge event", ""),
        file("cloudtrail-tracker/lambda/tests/sample-cloudtrail-event.json", 142, 0, 0, "CloudTrail log file", ""),
        file("cribl-aws-cloudtrail-logs/data/samples/BeVTW2.json", 44, 0, 0, "JSON array", ""),
        file("datadog-serverless-functions/aws/logs_monitoring/tools/integration_tests/snapshots/cloudwatch_log_cloudtrail.json", 4, 0, 0, "CloudWatch Logs subscription payload", ""),
        file("event-ruler/src/test/data/bigEvent.json", 1, 0, 0, "EventBridge event", ""),
        file("opensearch-catalog/integrations/observability/aws_cloudtrail/data/raw-sample.json", 1, 0, 0, "CloudTrail record", ""),
        file("opensearch-catalog/integrations/observability/aws_cloudtrail/data/samples-large.json.gz", 2, 0, 0, "gzip: JSON array", "line 85, column 6 (byte 3053): invalid JSON: Unexpected close marker '}': expected ']' in an array (at /1) (line, column and byte offset are in the decompressed data)"),
        file("plaso/test_data/jsonl/aws_cloudtrail.jsonl", 6, 0, 0, "JSON lines or concatenated values (first: LookupEvents event)", ""),
        file("streamalert/rules/classifier/cloudtrail/cloudtrail_events.json", 0, 1, 0, "JSON array", ""),
        file("streamalert/rules/classifier/cloudtrail/cloudtrail_insights.json", 0, 1, 0, "JSON array", ""),
        file("streamalert/rules/classifier/cloudwatch/cloudwatch_cloudtrail.json", 0, 1, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudtrail/cloudtrail_aws_config.json", 0, 3, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_critical_api_calls.json", 0, 15, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_ec2_image_creation.json", 0, 2, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_mfa_policy_abuse_attempt.json", 0, 4, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_network_acl_ingress_anywhere.json", 0, 2, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_public_resources.json", 0, 12, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_put_bucket_acl.json", 0, 2, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_put_object_acl_public.json", 0, 4, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_put_object_acl_public_publisher_example.json", 0, 1, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_root_account_usage.json", 0, 2, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_security_group_ingress_anywhere.json", 0, 2, 0, "JSON array", ""),
        file("streamalert/rules/community/cloudwatch_events/cloudtrail_snapshot_or_ami_made_public.json", 0, 5, 0, "JSON array", ""),
        file("trailscraper/tests/cloudtrail/data/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json", 2, 0, 0, "CloudTrail log file", ""),
        file("trailscraper/tests/cloudtrail/data/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz", 2, 0, 0, "gzip: CloudTrail log file", ""),
        file("trailscraper/tests/smoke/events-for-smoke-test.json", 3, 0, 0, "CloudTrail log file", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void decodesEachFileAsRecorded(Expected expected) throws IOException {
    byte[] bytes;
    try (InputStream in = CorpusSweepTest.class.getResourceAsStream(ROOT + expected.path())) {
      assertThat(in).as(expected.path()).isNotNull();
      bytes = in.readAllBytes();
    }

    Decoded decoded = Decoded.of(bytes);

    DecodeSummary summary = decoded.summary();
    assertThat(summary.events()).as("events").isEqualTo(expected.events());
    assertThat(summary.skipped()).as("skipped").isEqualTo(expected.skipped());
    assertThat(summary.notes()).as("notes").hasSize(expected.notes());
    assertThat(summary.format()).as("format").isEqualTo(expected.format());
    String error = summary.error().map(e -> e.describe().substring(e.source().length() + 2)).orElse("");
    assertThat(error).as("error").isEqualTo(expected.error());
  }

  @Test
  void everyCorpusFileIsInTheTable() throws IOException, URISyntaxException {
    Path root = Path.of(CorpusSweepTest.class.getResource(ROOT).toURI());
    List<String> onDisk;
    try (Stream<Path> walk = Files.walk(root)) {
      onDisk = walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.endsWith(".md") && !p.contains("/LICENSE"))
          .sorted()
          .toList();
    }
    assertThat(files().stream().map(Expected::path).sorted().toList()).isEqualTo(onDisk);
  }

  @Test
  void corpusEventsHaveTheirCloudTrailFields() {
    long withoutName = files().stream()
        .filter(f -> f.events() > 0)
        .flatMap(f -> decode(f.path()).events().stream())
        .filter(e -> e.eventName() == null || e.eventSource() == null)
        .count();

    assertThat(withoutName).as("events with no eventName or eventSource").isZero();
  }

  private static Expected file(String path, long events, long skipped, int notes, String format, String error) {
    return new Expected(path, events, skipped, notes, format, error);
  }

  private static Decoded decode(String path) {
    try (InputStream in = CorpusSweepTest.class.getResourceAsStream(ROOT + path)) {
      return Decoded.once(EventDecoder.create(), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
