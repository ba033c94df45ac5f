package dev.cairn.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link RuleIndex}: {@link RuleSet#match} (indexed) must give exactly what
 * {@link RuleSet#matchWithoutIndex} (every rule tried, one event-ruler machine for all patterns
 * but those that need one of their own, see {@code PatternMixPropertyTest}) gives, on the decoder corpus and on awkward events, for the CIS pack and for generated rule sets
 * of both languages. Seeds are fixed.
 */
class RuleIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20261206L;

  @Test
  void indexedMatchingEqualsNaiveMatchingOnTheCorpus() throws Exception {
    List<CloudTrailEvent> events = corpusEvents();
    List<String> names = new ArrayList<>(new TreeSet<>(events.stream().map(CloudTrailEvent::eventName)
        .filter(n -> n != null).toList()));
    List<String> sources = new ArrayList<>(new TreeSet<>(events.stream().map(CloudTrailEvent::eventSource)
        .filter(n -> n != null).toList()));
    long hits = 0;
    for (int set = 0; set < 4; set++) {
      RuleSet rules = RuleSet.of(generatedRules(new Random(SEED + set), 250, names, sources));
      // Whole records, and records decoded with only the fields the rules read, as scan does.
      for (CloudTrailEvent event : concat(events, corpusEvents(EventDecoder.create().withRecordFields(rules.fields())))) {
        List<Rule> naive = rules.matchWithoutIndex(event);
        assertThat(rules.match(event)).as("rule set %d, event %s", set, event.eventId()).isEqualTo(naive);
        hits += naive.size();
      }
    }
    assertThat(events).as("corpus events").hasSizeGreaterThan(400);
    assertThat(hits).as("hits, so the comparison means something").isGreaterThan(500);
  }

  /** Nested fields and {@code exists} are decided in Java ({@link PatternGuard}): exactly as event-ruler decides them. */
  @Test
  void patternsDecidedInJavaMatchAsEventRulerDoes() throws Exception {
    List<CloudTrailEvent> events = corpusEvents();
    List<String> names = new ArrayList<>(new TreeSet<>(events.stream().map(CloudTrailEvent::eventName)
        .filter(n -> n != null && n.length() > 3).toList()));
    List<String> sources = new ArrayList<>(new TreeSet<>(events.stream().map(CloudTrailEvent::eventSource)
        .filter(n -> n != null).toList()));
    long hits = 0;
    for (int set = 0; set < 4; set++) {
      RuleSet rules = RuleSet.of(guardedRules(new Random(SEED + 100 + set), 200, names, sources));
      for (CloudTrailEvent event : concat(events, corpusEvents(EventDecoder.create().withRecordFields(rules.fields())))) {
        List<Rule> naive = rules.matchWithoutIndex(event);
        assertThat(rules.match(event)).as("rule set %d, event %s", set, event.eventId()).isEqualTo(naive);
        hits += naive.size();
      }
    }
    assertThat(hits).as("hits, so the comparison means something").isGreaterThan(500);
  }

  @Test
  void indexedMatchingEqualsNaiveMatchingOnAwkwardEvents() throws Exception {
    List<String> names = List.of("ConsoleLogin", "StopLogging", "x.y", "10.0.0.1");
    List<String> sources = List.of("s3.amazonaws.com", "signin.amazonaws.com", "aws.s3");
    List<CloudTrailEvent> events = new ArrayList<>();
    List<String> identities = List.of("{\"type\":\"Root\"}", "[{\"type\":\"Root\"}]", "\"Root\"", "null",
        "{\"type\":\"AWSService\",\"sessionContext\":{\"mfa\":\"x\"}}", "{\"type\":[\"IAMUser\"]}");
    List<String> errors = List.of("", ",\"errorCode\":\"AccessDenied\"", ",\"errorCode\":null", ",\"errorCode\":[\"x\"]");
    int shape = 0;
    for (String name : List.of("\"ConsoleLogin\"", "[\"ConsoleLogin\",\"Other\"]", "null", "5", "{\"a\":1}",
        "\"10.0.0.01\"", "\"x.y\"", "\"StopLogging\"", "\"StopLogging\"", "\"ConsoleLogin\"", "\"ConsoleLogin\"")) {
      shape++;
      String record = "{\"eventVersion\":\"1.08\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":" + name
          + ",\"eventType\":\"AwsConsoleSignIn\",\"userIdentity\":" + identities.get(shape % identities.size())
          + errors.get(shape % errors.size()) + "}";
      events.add(CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(record)));
      events.add(CloudTrailEvent.ofEnvelope((ObjectNode) JSON.readTree("{\"detail-type\":\"AWS Console Signin via"
          + " CloudTrail\",\"source\":\"aws.signin\",\"detail\":" + record + "}")));
      events.add(CloudTrailEvent.ofEnvelope((ObjectNode) JSON.readTree("{\"detail-type\":\"Custom\","
          + "\"source\":[\"aws.s3\"],\"detail.eventName\":\"StopLogging\",\"eventName\":\"ConsoleLogin\","
          + "\"detail\":{\"eventName\":" + name + ",\"eventSource\":\"s3.amazonaws.com\"}}")));
      events.add(CloudTrailEvent.ofEnvelope((ObjectNode) JSON.readTree("{\"detail-type\":\"Custom\","
          + "\"source\":\"aws.s3\",\"detail\":[{\"eventName\":" + name + "}]}")));
    }
    for (int set = 0; set < 20; set++) {
      List<Rule> generated = new ArrayList<>(generatedRules(new Random(SEED * 31 + set), 60, names, sources));
      generated.addAll(guardedRules(new Random(SEED * 37 + set), 30, List.of("ConsoleLogin", "StopLogging"), sources));
      RuleSet rules = RuleSet.of(generated);
      for (CloudTrailEvent event : events) {
        assertThat(rules.match(event)).as("rule set %d, event %s", set, event.envelope()).isEqualTo(
            rules.matchWithoutIndex(event));
      }
    }
  }

  /**
   * Bare records are looked up by event name and event source in one step each, remembering a
   * bounded number of sources: records past that bound, and records without an event source (whose
   * envelope source is aws.cloudtrail), must still match exactly what trying every rule matches.
   */
  @Test
  void bareRecordsMatchTheSamePastTheRememberedSourcesAndWithoutASource() throws Exception {
    List<String> names = List.of("ConsoleLogin", "StopLogging", "DeleteTrail");
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      sources.add("service" + i + ".amazonaws.com");
    }
    List<Rule> generated = generatedRules(new Random(SEED * 7), 300, names, List.of(sources.get(3), sources.get(17),
        sources.get(4_990), sources.get(4_999)));
    List<Rule> rules = new ArrayList<>(generated);
    rules.add(Rule.builder("trail-source").pattern("{\"source\":[\"aws.cloudtrail\"]}").build());
    rules.add(Rule.builder("late-source").filter("{ $.eventSource = service4999.amazonaws.com }").build());
    RuleSet set = RuleSet.of(rules);
    long hits = 0;
    for (int i = 0; i <= sources.size(); i++) {
      String source = i < sources.size() ? ",\"eventSource\":\"" + sources.get(i) + "\"" : "";
      String record = "{\"eventVersion\":\"1.08\"" + source + ",\"eventName\":\"" + names.get(i % names.size())
          + "\",\"awsRegion\":\"us-east-1\",\"userIdentity\":{\"type\":\"Root\"}}";
      CloudTrailEvent event = CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(record));
      List<Rule> naive = set.matchWithoutIndex(event);
      assertThat(set.match(event)).as("record %d", i).isEqualTo(naive);
      hits += naive.size();
    }
    assertThat(hits).as("hits, so the comparison means something").isGreaterThan(1_000);
  }

  @Test
  void theCisPackMatchesTheSameIndexedOrNot() throws Exception {
    RuleSet cis = RuleSet.load(List.of(Path.of("../rules/cis-aws-foundations.yaml")));
    for (CloudTrailEvent event : corpusEvents()) {
      assertThat(cis.match(event)).isEqualTo(cis.matchWithoutIndex(event));
    }
  }

  /** Rules of realistic and unrealistic shapes, both languages, some pinned to names or sources, some not. */
  static List<Rule> generatedRules(Random random, int count, List<String> names, List<String> sources) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = names.get(random.nextInt(names.size()));
      String other = names.get(random.nextInt(names.size()));
      String source = sources.get(random.nextInt(sources.size()));
      String service = source.contains(".") ? source.substring(0, source.indexOf('.')) : source;
      Rule.Builder rule = Rule.builder("r" + i);
      switch (random.nextInt(21)) {
        case 0 -> rule.filter("{ ($.eventName = \"" + name + "\") && ($.userIdentity.type != \"AWSService\") }");
        case 1 -> rule.filter("{ ($.eventSource = \"" + source + "\") && (($.eventName = Delete*) || ($.eventName = Put*)) }");
        case 2 -> rule.filter("{ ($.eventName = \"" + name + "\") || ($.eventName = \"" + other + "\") }");
        case 3 -> rule.filter("{ ($.eventName = \"" + name + "\") || ($.errorCode = \"AccessDenied*\") }");
        case 4 -> rule.pattern("{\"detail\":{\"eventName\":[\"" + name + "\"],\"awsRegion\":[{\"anything-but\":\"ap-east-1\"}]}}");
        case 5 -> rule.pattern("{\"source\":[\"aws." + service + "\"],\"detail\":{\"eventName\":[{\"prefix\":\"Delete\"}]}}");
        case 6 -> rule.pattern("{\"detail\":{\"eventSource\":[\"" + source + "\"],\"eventName\":[{\"wildcard\":\"*Policy*\"}]}}");
        case 7 -> rule.pattern("{\"detail.eventName\":[\"" + name + "\",\"" + other + "\"]}");
        case 8 -> rule.pattern("{\"detail\":{\"$or\":[{\"eventName\":[\"" + name + "\"]},{\"errorCode\":[{\"exists\":true}]}]}}");
        case 9 -> rule.pattern("{\"detail\":{\"eventName\":[\"" + name + "\"]}}").filter("{ $.sourceIPAddress != 203.0.113.* }");
        case 10 -> rule.pattern("{\"detail-type\":[\"AWS Console Sign In via CloudTrail\"],\"detail\":{\"eventName\":[\"" + name + "\"]}}");
        case 11 -> rule.filter("{ $.* = \"" + name + "\" }");
        case 12 -> rule.pattern("{\"eventName\":[\"" + name + "\"]}");
        case 13 -> rule.pattern("{\"detail\":{\"eventName\":[{\"suffix\":\"" + name.substring(name.length() / 2) + "\"}],"
            + "\"eventSource\":[{\"anything-but\":[\"" + source + "\",\"x\"]}]}}");
        case 14 -> rule.pattern("{\"detail\":{\"eventName\":[\"" + name + "\",{\"prefix\":\"Get\"}],"
            + "\"userIdentity\":{\"type\":[\"Root\"]}}}");
        case 15 -> rule.pattern("{\"detail\":{\"eventSource\":[\"" + source + "\"],\"eventName\":[{\"anything-but\":"
            + "{\"prefix\":\"Get\"}}],\"errorCode\":[{\"anything-but\":{\"suffix\":\"Denied\"}}]}}");
        case 16 -> rule.pattern("{\"detail\":{\"eventName\":[{\"equals-ignore-case\":\"" + name.toLowerCase(Locale.ROOT) + "\"}]}}");
        case 18 -> rule.pattern("{\"detail\":{\"eventName\":[\"" + name + "\"]}}");
        case 19 -> rule.pattern("{\"detail\":{\"eventName\":[{\"anything-but\":\"" + name + "\"}]}}");
        case 17 -> rule.pattern("{\"detail\":{\"eventName\":[\"" + name + "\"],\"sourceIPAddress\":[{\"cidr\":\"10.0.0.0/8\"}]}}");
        default -> rule.filter("{ $.userIdentity.type = Root || $.eventName = \"" + name + "\" }");
      }
      rules.add(rule.build());
    }
    return rules;
  }

  /**
   * Event patterns that {@link PatternGuard} decides alone or with event-ruler: nested fields,
   * {@code exists}, {@code anything-but}, prefixes and wildcards, beside a top-level field it
   * leaves to event-ruler.
   */
  static List<Rule> guardedRules(Random random, int count, List<String> names, List<String> sources) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = names.get(random.nextInt(names.size()));
      String source = sources.get(random.nextInt(sources.size()));
      String exists = random.nextBoolean() ? "true" : "false";
      String pattern = switch (random.nextInt(6)) {
        case 0 -> "{\"detail\":{\"eventName\":[\"" + name + "\"],\"userIdentity\":{\"type\":[{\"anything-but\":\"AWSService\"}]}}}";
        case 1 -> "{\"detail\":{\"eventSource\":[\"" + source + "\"],\"errorCode\":[{\"exists\":" + exists + "}]}}";
        case 2 -> "{\"detail\":{\"eventName\":[\"" + name + "\"],\"errorCode\":[{\"exists\":" + exists + "},"
            + "{\"prefix\":\"Access\"}],\"userIdentity\":{\"sessionContext\":{\"mfa\":[{\"exists\":false}]}}}}";
        case 3 -> "{\"detail\":{\"userIdentity\":{\"type\":[\"Root\",\"IAMUser\"]},\"eventName\":[{\"wildcard\":\"*"
            + name.substring(1) + "\"}]}}";
        case 4 -> "{\"source\":[\"aws.signin\"],\"detail\":{\"userIdentity\":{\"type\":[{\"exists\":" + exists + "}]}}}";
        default -> "{\"detail\":{\"eventName\":[{\"prefix\":\"" + name.substring(0, 3) + "\"}],"
            + "\"userIdentity\":{\"type\":[{\"anything-but\":[\"Root\"]}]},\"errorCode\":[{\"exists\":false}]}}";
      };
      rules.add(Rule.builder("g" + i).pattern(pattern).build());
    }
    return rules;
  }

  private static List<CloudTrailEvent> concat(List<CloudTrailEvent> a, List<CloudTrailEvent> b) {
    List<CloudTrailEvent> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static List<CloudTrailEvent> corpusEvents() throws IOException, URISyntaxException {
    return corpusEvents(EventDecoder.create());
  }

  static List<CloudTrailEvent> corpusEvents(EventDecoder decoder) throws IOException, URISyntaxException {
    Path root = Path.of(RuleIndexTest.class.getResource("/corpus").toURI());
    List<CloudTrailEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).sorted().toList()) {
        DecodeListener listener = events::add;
        decoder.decode(new ByteArrayInputStream(Files.readAllBytes(file)), file.toString(), listener);
      }
    }
    return events;
  }
}
