package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link RuleSet#fields()}: which record fields rules read, and proof that decoding only those
 * fields matches exactly the same rules as decoding whole records.
 */
class RuleFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CIS_PACK = Path.of("../rules/cis-aws-foundations.yaml");

  /** Event patterns over nested objects, arrays, $or, exists:false, anything-but, numeric and envelope fields. */
  private static final List<Rule> PATTERN_RULES = List.of(
      pattern("run-instances", """
          {"source": ["aws.ec2"], "detail": {"eventName": ["RunInstances"],
           "requestParameters": {"instanceType": [{"anything-but": "t2.micro"}]}}}"""),
      pattern("root-or-error", """
          {"detail": {"$or": [{"userIdentity": {"type": ["Root"]}}, {"errorCode": [{"exists": true}]}]}}"""),
      pattern("no-mfa", """
          {"detail-type": ["AWS Console Sign In via CloudTrail"],
           "detail": {"additionalEventData": {"MFAUsed": [{"anything-but": "Yes"}]}}}"""),
      pattern("resource-arn", """
          {"detail": {"resources": {"ARN": [{"prefix": "arn:aws:s3"}, {"wildcard": "arn:aws:iam::*"}]}}}"""),
      pattern("not-invoked-by-service", """
          {"account": [{"exists": true}], "region": [{"prefix": "us-"}],
           "detail": {"userIdentity": {"invokedBy": [{"exists": false}], "sessionContext":
             {"attributes": {"mfaAuthenticated": ["false"]}}}}}"""),
      pattern("port-range", """
          {"detail": {"requestParameters": {"ipPermissions": {"items": {"fromPort": [{"numeric": ["<=", 22]}]}}}}}"""));

  private static Rule pattern(String id, String json) {
    return Rule.builder(id).pattern(json).build();
  }

  @Test
  void theCisPackReadsAHandfulOfFields() throws InvalidRulesException {
    RecordFields fields = RuleSet.load(List.of(CIS_PACK)).fields();

    assertThat(fields).hasToString("{additionalEventData{MFAUsed}, awsRegion, errorCode, errorMessage, eventID, "
        + "eventName, eventSource, eventTime, eventType, eventVersion, recipientAccountId, "
        + "responseElements{ConsoleLogin}, userIdentity{accountId, invokedBy, type}}");
  }

  @Test
  void eventPatternsReadTheirDetailFields() throws InvalidRulesException {
    RecordFields fields = RuleSet.of(PATTERN_RULES).fields();

    assertThat(fields.child("requestParameters").names()).containsExactlyInAnyOrder("instanceType", "ipPermissions");
    assertThat(fields.child("userIdentity").names()).contains("type", "invokedBy", "sessionContext");
    assertThat(fields.child("resources").names()).containsExactly("ARN");
    assertThat(fields.child("errorCode").isWhole()).isTrue();
    assertThat(fields.child("source")).as("envelope fields come from core fields").isNull();
  }

  @Test
  void someRulesReadTheWholeRecord() throws InvalidRulesException {
    assertThat(RuleSet.of(List.of(Rule.builder("text").filter("AccessDenied").build())).fields())
        .as("text terms read the message").isSameAs(RecordFields.ALL);
    assertThat(RuleSet.of(List.of(Rule.builder("words").filter("[a, b]").build())).fields())
        .as("space-delimited").isSameAs(RecordFields.ALL);
    assertThat(RuleSet.of(List.of(Rule.builder("java").predicate(e -> true).build())).fields())
        .as("a Java predicate may read anything").isSameAs(RecordFields.ALL);
    assertThat(RuleSet.of(List.of(pattern("detail", "{\"detail\": [{\"exists\": true}]}"))).fields())
        .as("a pattern on detail itself").isSameAs(RecordFields.ALL);
    assertThat(RuleSet.of(List.of(Rule.builder("all").filter(" ").build())).fields())
        .as("the blank pattern reads nothing").isEqualTo(RecordFields.core());
  }

  @Test
  void decodingOnlyTheFieldsRulesReadMatchesTheSameRulesOnTheCorpus() throws Exception {
    List<Rule> all = new ArrayList<>(RuleSet.load(List.of(CIS_PACK)).rules());
    all.addAll(PATTERN_RULES);
    RuleSet rules = RuleSet.of(all);
    long events = 0;
    long hits = 0;
    for (Path file : corpusFiles()) {
      byte[] bytes = Files.readAllBytes(file);
      List<CloudTrailEvent> whole = decode(EventDecoder.create(), bytes);
      List<CloudTrailEvent> partial = decode(EventDecoder.create().withRecordFields(rules.fields()), bytes);
      assertThat(partial).as(file.toString()).hasSameSizeAs(whole);
      for (int i = 0; i < whole.size(); i++) {
        List<Rule> expected = rules.match(whole.get(i));
        assertThat(rules.match(partial.get(i))).as(file + " event " + i).isEqualTo(expected);
        hits += expected.size();
      }
      events += whole.size();
    }
    assertThat(events).as("corpus events").isGreaterThan(400);
    assertThat(hits).as("rule hits on the corpus").isGreaterThan(50);
  }

  /**
   * The filter-pattern correctness cases, each event made a record (given {@code eventVersion} and
   * {@code eventSource} when it lacks them) and decoded with only the fields its pattern reads.
   */
  @Test
  void decodingOnlyTheFieldsAFilterReadsGivesTheSameAnswerOnEveryFilterCase() throws Exception {
    JsonNode cases;
    try (InputStream in = RuleFieldsTest.class.getResourceAsStream("/filter-patterns/cases.json")) {
      cases = JSON.readTree(in);
    }
    int checked = 0;
    for (JsonNode c : cases) {
      String filter = c.get("pattern").asText();
      if (!c.get("event").isObject() || filter.contains("eventVersion") || filter.contains("eventSource")) {
        continue;
      }
      ObjectNode event = ((ObjectNode) c.get("event")).deepCopy();
      event.put("eventVersion", "1.08");
      event.put("eventSource", "test.amazonaws.com");
      RuleSet rules = RuleSet.of(List.of(Rule.builder("case").filter(filter).build()));
      byte[] bytes = JSON.writeValueAsBytes(event);
      boolean expected = !rules.match(decode(EventDecoder.create(), bytes).get(0)).isEmpty();
      CloudTrailEvent partial = decode(EventDecoder.create().withRecordFields(rules.fields()), bytes).get(0);
      assertThat(!rules.match(partial).isEmpty()).as(c.get("name").asText()).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isGreaterThan(25);
  }

  private static List<CloudTrailEvent> decode(EventDecoder decoder, byte[] bytes) {
    List<CloudTrailEvent> events = new ArrayList<>();
    DecodeListener listener = events::add;
    decoder.decode(new ByteArrayInputStream(bytes), "test", listener);
    return events;
  }

  private static List<Path> corpusFiles() throws IOException, URISyntaxException {
    Path root = Path.of(RuleFieldsTest.class.getResource("/corpus").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md"))
          .sorted().toList();
    }
  }
}
