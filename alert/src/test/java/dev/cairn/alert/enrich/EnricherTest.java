package dev.cairn.alert.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.alert.TestRecords;
import dev.cairn.event.CloudTrailEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnricherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Enricher ENRICHER = Enricher.withAccounts(Map.of("111111111111", "Corezoid Dev"));

  private static ObjectNode corezoid() {
    return TestRecords.json("reconstructed/corezoid-failed-console-login.json");
  }

  @Test
  void accountAliasFromTheMapElseTheId() {
    assertThat(ENRICHER.facts(TestRecords.event(corezoid())).accountAlias()).isEqualTo("Corezoid Dev");
    ObjectNode other = corezoid();
    other.put("recipientAccountId", "222222222222");
    Alert.Facts facts = ENRICHER.facts(TestRecords.event(other));
    assertThat(facts.account()).isEqualTo("222222222222");
    assertThat(facts.accountAlias()).isEqualTo("222222222222");
    assertThat(ENRICHER.accountAlias("")).isEmpty();
  }

  @Test
  void accountIsTheRecipientElseTheIdentitysAccount() {
    ObjectNode record = corezoid();
    record.remove("recipientAccountId");
    ((ObjectNode) record.get("userIdentity")).put("accountId", "111111111111");
    assertThat(ENRICHER.facts(TestRecords.event(record)).account()).isEqualTo("111111111111");
  }

  @Test
  void failedConsoleLoginWithItsErrorMessage() {
    Alert.Facts facts = ENRICHER.facts(TestRecords.event(corezoid()));
    assertThat(facts.outcome()).isEqualTo("failure");
    assertThat(facts.errorCode()).isEmpty();
    assertThat(facts.errorMessage()).isEqualTo("Failed authentication");
    assertThat(facts.sourceIpAddress()).isEqualTo("159.224.244.142");
    assertThat(facts.eventName()).isEqualTo("ConsoleLogin");
    assertThat(facts.eventSource()).isEqualTo("signin.amazonaws.com");
    assertThat(facts.region()).isEqualTo("us-east-1");
    assertThat(facts.eventTime()).isEqualTo("2024-03-14T09:26:53Z");
    assertThat(facts.principalArn()).isEmpty();
  }

  @Test
  void errorCodeMeansFailure() {
    ObjectNode record = TestRecords.json("aws-docs/api-assumed-role-delete-bucket.json");
    record.put("errorCode", "AccessDenied").put("errorMessage", "Access Denied");
    Alert.Facts facts = ENRICHER.facts(TestRecords.event(record));
    assertThat(facts.outcome()).isEqualTo("failure");
    assertThat(facts.errorCode()).isEqualTo("AccessDenied");
    assertThat(facts.errorMessage()).isEqualTo("Access Denied");
  }

  @ParameterizedTest
  @CsvSource({
      "DescribeInstances, true", "GetObject, true", "ListBuckets, true", "HeadObject, true",
      "GetSessionToken, false", "GetFederationToken, false", "PutObject, false", "ConsoleLogin, false",
      "Listen, true"})
  void readOnlyByNamePrefixWhenTheRecordDoesNotSay(String eventName, boolean readOnly) {
    ObjectNode record = TestRecords.json("aws-docs/api-assumed-role-delete-bucket.json");
    record.put("eventName", eventName);
    record.remove("readOnly");
    assertThat(ENRICHER.facts(TestRecords.event(record)).readOnly()).isEqualTo(readOnly);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "false, false", "'\"true\"', true", "'\"false\"', false"})
  void readOnlyFromTheRecordAsBooleanOrLookupEventsString(String json, boolean readOnly) throws Exception {
    ObjectNode record = TestRecords.json("aws-docs/api-assumed-role-delete-bucket.json");
    record.set("readOnly", JSON.readTree(json));
    record.put("eventName", readOnly ? "DeleteBucket" : "DescribeBuckets"); // the name would say the opposite
    assertThat(ENRICHER.facts(TestRecords.event(record)).readOnly()).isEqualTo(readOnly);
  }

  @ParameterizedTest
  @CsvSource({
      "AwsApiCall, api-call", "AwsConsoleSignIn, console-sign-in", "AwsConsoleSignin, console-sign-in",
      "AwsConsoleAction, console-action", "AwsServiceEvent, service-event", "AwsCloudTrailInsight, insight",
      "AwsVpceEvent, network-activity", "AwsSomethingNew, ''"})
  void kindFromEventType(String eventType, String kind) {
    ObjectNode record = TestRecords.json("aws-docs/api-assumed-role-delete-bucket.json");
    record.put("eventType", eventType);
    assertThat(ENRICHER.facts(TestRecords.event(record)).kind()).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({
      "Management, , management", "Data, , data", "Insight, , insight", "NetworkActivity, , network-activity",
      ", true, management", ", false, data", ", , ''"})
  void categoryFromEventCategoryElseManagementEvent(String eventCategory, Boolean managementEvent, String category) {
    ObjectNode record = TestRecords.json("aws-docs/api-assumed-role-delete-bucket.json");
    if (eventCategory != null) {
      record.put("eventCategory", eventCategory);
    }
    if (managementEvent != null) {
      record.put("managementEvent", managementEvent);
    }
    assertThat(ENRICHER.facts(TestRecords.event(record)).category()).isEqualTo(category);
  }

  @Test
  void mfaUsedYesWhateverItsCase() {
    ObjectNode record = corezoid();
    ((ObjectNode) record.get("additionalEventData")).put("MFAUsed", "YES");
    assertThat(ENRICHER.facts(TestRecords.event(record)).mfa()).isEqualTo("yes");
  }

  @Test
  void anEventBridgeEventThatIsNotCloudTrail() throws Exception {
    ObjectNode envelope = (ObjectNode) JSON.readTree("{\"version\":\"0\",\"id\":\"6a7e8feb-0000-4cf7-a9f1-bf3703467718\","
        + "\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"account\":\"111111111111\","
        + "\"time\":\"2017-12-22T18:43:48Z\",\"region\":\"us-west-1\",\"resources\":[],\"detail\":{\"instance-id\":"
        + "\"i-0abc\",\"state\":\"terminated\"}}");
    Alert.Facts facts = ENRICHER.facts(CloudTrailEvent.ofEnvelope(envelope));
    assertThat(facts.account()).isEqualTo("111111111111");
    assertThat(facts.accountAlias()).isEqualTo("Corezoid Dev");
    assertThat(facts.region()).isEqualTo("us-west-1");
    assertThat(facts.kind()).isEqualTo("service-event");
    assertThat(facts.eventSource()).isEqualTo("aws.ec2");
    assertThat(facts.actor()).isEmpty();
    assertThat(facts.mfa()).isEqualTo("unknown");
    assertThat(facts.outcome()).isEqualTo("success");
  }

  @Test
  void hostileValuesStayRaw() {
    ObjectNode record = corezoid();
    String hostile = "\"Jo\\hn</script><!channel>\u202Eevil\u200B\u0000\n";
    ((ObjectNode) record.get("userIdentity")).put("userName", hostile);
    record.put("userAgent", hostile);
    Alert.Facts facts = ENRICHER.facts(TestRecords.event(record));
    assertThat(facts.actor()).isEqualTo(hostile);
    assertThat(facts.userAgent()).isEqualTo(hostile);
  }

  @Test
  void longValuesAreCutOnACodePointWithAMarker() {
    ObjectNode record = corezoid();
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    String agent = "a".repeat(Enricher.MAX_LENGTH - 1) + emoji + emoji + "tail";
    record.put("userAgent", agent);
    String bounded = ENRICHER.facts(TestRecords.event(record)).userAgent();
    assertThat(bounded).isEqualTo("a".repeat(Enricher.MAX_LENGTH - 1) + emoji + "… (truncated, 5 more)");
    assertThat(Enricher.bounded("x".repeat(Enricher.MAX_LENGTH))).hasSize(Enricher.MAX_LENGTH);
  }

  @Test
  void fiftyMegabyteValuesAreBounded() {
    ObjectNode record = corezoid();
    record.put("errorMessage", "x".repeat(50 * 1024 * 1024));
    String message = ENRICHER.facts(TestRecords.event(record)).errorMessage();
    assertThat(message).startsWith("x".repeat(Enricher.MAX_LENGTH)).endsWith("more)").hasSizeLessThan(1100);
  }

  @Test
  void theAliasMapIsCopiedAndChecked() {
    Map<String, String> aliases = new HashMap<>(Map.of("111111111111", "Corezoid Dev"));
    Enricher enricher = Enricher.withAccounts(aliases);
    aliases.put("111111111111", "changed");
    assertThat(enricher.accountAlias("111111111111")).isEqualTo("Corezoid Dev");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("111111111111", null);
    assertThatThrownBy(() -> Enricher.withAccounts(withNull)).isInstanceOf(NullPointerException.class);
  }
}
