package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.testkit.Streams;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record the decoder accepts stays readable: the parts of it that are parsed later (the whole
 * record, accessors for fields the decoder did not parse) are read with the decoder's own limits,
 * whatever shape the record came in. Jackson's default string limit is 20,000,000 characters; the
 * decoder's follows its value limit.
 */
class EventDecoderReparseTest {
  private static final RecordFields ERROR_CODE = RecordFields.of(List.of(List.of("errorCode")));
  private static final int MIB = 1024 * 1024;

  @Test
  void aRecordWithA21MegabyteStringIsReadableInEveryShape() {
    String key = "k".repeat(21 * MIB);
    EventDecoder decoder = EventDecoder.create().withRecordFields(ERROR_CODE); // a 64 MiB value limit

    for (Map.Entry<String, String> input : shapes(record(key)).entrySet()) {
      CloudTrailEvent event = decodeOne(decoder, input.getValue(), input.getKey());

      assertThat(event.errorCode()).as(input.getKey()).isEqualTo("NoSuchKey");
      assertThat(event.requestParameters().get("key").textValue()).as(input.getKey()).hasSize(key.length());
      assertThat(event.record().get("requestParameters").get("key").textValue()).hasSize(key.length());
      everyAccessorAnswers(event, input.getKey());
    }
  }

  @Test
  void atASmallerLimitWhatPassesDecodingIsReadableAndWhatDoesNotFailsThere() {
    EventDecoder decoder = EventDecoder.create().withMaxValueBytes(2 * MIB).withRecordFields(ERROR_CODE);
    String fits = "k".repeat(2 * MIB - 1000);

    for (Map.Entry<String, String> input : shapes(record(fits)).entrySet()) {
      CloudTrailEvent event = decodeOne(decoder, input.getValue(), input.getKey());

      assertThat(event.requestParameters().get("key").textValue()).as(input.getKey()).isEqualTo(fits);
      everyAccessorAnswers(event, input.getKey());
    }
    DecodeSummary tooLarge = decoder.decode(new ByteArrayInputStream(Streams.utf8(
        "{\"Records\":[" + record(fits + "k".repeat(2_000)) + "]}")), "too-large", event -> {});
    assertThat(tooLarge.error()).hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(DecodeError.Kind.TOO_LARGE));
  }

  private static String record(String key) {
    return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-19T21:30:45Z\",\"eventSource\":\"s3.amazonaws.com\","
        + "\"eventName\":\"GetObject\",\"awsRegion\":\"eu-west-1\",\"userIdentity\":{\"type\":\"IAMUser\","
        + "\"userName\":\"alice\",\"accountId\":\"111122223333\"},\"requestParameters\":{\"bucketName\":\"b\","
        + "\"key\":\"" + key + "\"},\"errorCode\":\"NoSuchKey\",\"eventID\":\"e-1\",\"eventType\":\"AwsApiCall\","
        + "\"recipientAccountId\":\"111122223333\"}";
  }

  /** The record in each shape it comes in; the ones held in strings are escaped once. */
  private static Map<String, String> shapes(String record) {
    String quoted = "\"" + record.replace("\"", "\\\"") + "\"";
    return Map.of(
        "log file (the scanner)", "{\"Records\":[" + record + "]}",
        "JSON lines (the parser, some fields)", record + "\n",
        "EventBridge envelope", "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"AWS API Call via CloudTrail\","
            + "\"source\":\"aws.s3\",\"account\":\"111122223333\",\"detail\":" + record + "}",
        "_raw wrapper", "{\"_raw\":" + quoted + "}",
        "LookupEvents output", "{\"Events\":[{\"EventId\":\"e-1\",\"CloudTrailEvent\":" + quoted + "}]}",
        "CloudWatch Logs payload", "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"trail\",\"logEvents\":"
            + "[{\"id\":\"1\",\"timestamp\":1,\"message\":" + quoted + "}]}");
  }

  private static CloudTrailEvent decodeOne(EventDecoder decoder, String input, String shape) {
    List<CloudTrailEvent> events = new ArrayList<>();
    DecodeSummary summary = decoder.decode(new ByteArrayInputStream(Streams.utf8(input)), shape, events::add);
    assertThat(summary.error()).as(shape).isEmpty();
    assertThat(events).as(shape).hasSize(1);
    return events.get(0);
  }

  /** Every public accessor without parameters: each one that reads outside the parsed fields parses the rest. */
  private static void everyAccessorAnswers(CloudTrailEvent event, String shape) {
    for (Method accessor : CloudTrailEvent.class.getMethods()) {
      if (accessor.getParameterCount() > 0 || Modifier.isStatic(accessor.getModifiers())
          || accessor.getDeclaringClass() != CloudTrailEvent.class) {
        continue;
      }
      try {
        accessor.invoke(event);
      } catch (IllegalAccessException | InvocationTargetException e) {
        fail(shape + ": " + accessor.getName() + "() failed", e);
      }
    }
    assertThat(event.field("requestParameters")).as(shape).isNotNull();
  }
}
