package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An event kept as JSON text with only some fields parsed behaves like one parsed whole. */
class RecordJsonEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORD = """
      {
        "eventVersion": "1.08", "eventTime": "2023-07-10T12:05:01Z",
        "eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "awsRegion": "us-east-1",
        "userIdentity": {"type": "IAMUser", "userName": "mallory", "accountId": "111122223333"},
        "requestParameters": {"name": "trail \\"main\\"\\n"},
        "eventID": "e-1", "eventType": "AwsApiCall", "recipientAccountId": "111122223333"
      }""";
  private static final RecordFields ERROR_CODE = RecordFields.of(List.of(List.of("errorCode")));

  private static CloudTrailEvent kept(String json, RecordFields parsed) throws Exception {
    ObjectNode whole = (ObjectNode) JSON.readTree(json);
    ObjectNode fields = JSON.createObjectNode();
    for (String name : List.of("eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "eventID",
        "eventType", "recipientAccountId")) {
      fields.set(name, whole.get(name));
    }
    fields.putObject("userIdentity").put("accountId", "111122223333");
    return CloudTrailEvent.ofRecordJson(json.getBytes(StandardCharsets.UTF_8), fields, parsed, JSON.reader());
  }

  @Test
  void answersEveryAccessorLikeAWholeRecord() throws Exception {
    CloudTrailEvent kept = kept(RECORD, ERROR_CODE);
    CloudTrailEvent whole = CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(RECORD));

    assertThat(kept.eventId()).isEqualTo("e-1");
    assertThat(kept.principal()).isEqualTo("mallory");
    assertThat(kept.account()).isEqualTo("111122223333");
    assertThat(kept.record()).isEqualTo(whole.record());
    assertThat(kept.envelope()).isEqualTo(whole.envelope());
    assertThat(kept.requestParameters().get("name").textValue()).isEqualTo("trail \"main\"\n");
  }

  @Test
  void recordJsonIsTheTextAsReadOnOneLine() throws Exception {
    String json = kept(RECORD, ERROR_CODE).recordJson();

    assertThat(json).doesNotContain("\n").startsWith("{\"eventVersion\":\"1.08\",\"eventTime\"");
    assertThat(json).contains("\"name\":\"trail \\\"main\\\"\\n\"");
    assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(RECORD));
  }

  @Test
  void writtenRecordJsonIsTheSameTextAsUtf8() throws Exception {
    String compact = "{\"eventVersion\":\"1.08\",\"eventID\":\"e-2\",\"note\":\"caf\u00e9 \u2603 \\\"q\\\"\"}";
    for (CloudTrailEvent event : List.of(kept(RECORD, ERROR_CODE), kept(compact, ERROR_CODE),
        CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(RECORD)))) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      event.writeRecordJson(out);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(event.recordJson());
    }
  }

  @Test
  void servesTheParsedFieldsWithoutParsingTheRest() throws Exception {
    CloudTrailEvent kept = kept(RECORD, ERROR_CODE);

    assertThat(kept.record(ERROR_CODE).get("userIdentity").get("type")).isNull();
    assertThat(kept.envelope(ERROR_CODE).get("source").textValue()).isEqualTo("aws.cloudtrail");
    assertThat(kept.envelope(ERROR_CODE).get("detail").get("eventName").textValue()).isEqualTo("StopLogging");
    // Asked for more than was parsed: the whole record.
    RecordFields identity = RecordFields.of(List.of(List.of("userIdentity")));
    assertThat(kept.record(identity).get("userIdentity").get("type").textValue()).isEqualTo("IAMUser");
  }

  @Test
  void accessorsForParsedFieldsDoNotParseTheRest() {
    ObjectNode fields = JSON.createObjectNode().put("eventID", "e-2").put("eventName", "ConsoleLogin")
        .put("sourceIPAddress", "198.51.100.9").put("errorMessage", "Failed authentication");
    fields.putObject("userIdentity").put("type", "IAMUser").put("userName", "mallory");
    // Text that no longer parses: any accessor that needed the rest of the record would throw.
    byte[] unparsable = "{\"eventID\":".getBytes(StandardCharsets.UTF_8);
    CloudTrailEvent kept = CloudTrailEvent.ofRecordJson(unparsable, fields, RecordFields.of(List.of(
        List.of("sourceIPAddress"), List.of("errorCode"), List.of("errorMessage"), List.of("userIdentity"))), JSON.reader());

    assertThat(kept.principal()).isEqualTo("mallory");
    assertThat(kept.sourceIpAddress()).isEqualTo("198.51.100.9");
    assertThat(kept.errorMessage()).isEqualTo("Failed authentication");
    assertThat(kept.errorCode()).isNull();
    assertThat(kept.account()).isNull();
    assertThatThrownBy(kept::requestParameters).hasMessageContaining("no longer parses");
  }

  @Test
  void refusesFieldsWithoutTheCore() {
    RecordFields partial = RecordFields.core().child("userIdentity");

    assertThatThrownBy(() -> CloudTrailEvent.ofRecordJson(new byte[] {'{', '}'}, JSON.createObjectNode(), partial, JSON.reader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("core fields");
  }
}
