package dev.cairn.bench.sqs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Every distinct real CloudTrail record found in the repository's example data and decoder corpus,
 * turned into a template whose identity can be re-stamped: eventID, requestID, eventTime, the
 * recipient account (everywhere it appears in the record) and the region (awsRegion and the region
 * part of ARNs).
 *
 * <p>A record is a JSON object with {@code eventVersion}, {@code eventTime}, {@code eventSource},
 * {@code eventName} and {@code eventID}, found anywhere in a file: in {@code Records} arrays, bare
 * arrays, JSON lines, EventBridge {@code detail}, wrappers of other tools, and JSON held in a string
 * (plaso's {@code CloudTrailEvent}, Cribl's {@code _raw}). A file that is not valid JSON as a whole is
 * read object by object from each line that starts one. Left out: Insights events, and objects with
 * fields no CloudTrail record has (names starting with {@code @}: Logstash output), which are not
 * records as CloudTrail writes them, and documentation samples whose eventVersion is "...".
 */
final class RecordPool {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String EVENT_ID = "@@E@@";
  static final String REQUEST_ID = "@@Q@@";
  static final String EVENT_TIME = "@@T@@";
  static final String ACCOUNT = "@@A@@";
  static final String REGION = "@@R@@";
  private static final Pattern MARKER = Pattern.compile("@@[EQTAR]@@");
  private static final Pattern OBJECT_START = Pattern.compile("(?m)^\\s*(?:\\[\\s*)?\\{");
  /** Services whose events CloudTrail delivers in us-east-1 files only. */
  private static final Set<String> GLOBAL = Set.of("iam.amazonaws.com", "cloudfront.amazonaws.com",
      "route53.amazonaws.com", "organizations.amazonaws.com", "globalaccelerator.amazonaws.com",
      "support.amazonaws.com", "health.amazonaws.com", "waf.amazonaws.com");

  /** One record as literal pieces between markers. */
  record Template(String[] literals, char[] markers, String requestIdShape, boolean global, String source) {
    /** Bytes of the record as generated (markers filled with values of their usual length). */
    int size() {
      int size = 0;
      for (String literal : literals) {
        size += literal.getBytes(StandardCharsets.UTF_8).length;
      }
      for (char m : markers) {
        size += switch (m) {
          case 'E' -> 36;
          case 'Q' -> requestIdShape.equals("uuid") ? 36 : requestIdShape.length();
          case 'T' -> 20;
          case 'A' -> 12;
          default -> 9;
        };
      }
      return size;
    }

    /** Appends the record with these values; requestID keeps the original's shape. */
    void append(StringBuilder out, String eventId, String requestId, String eventTime, String account, String region) {
      for (int i = 0; i < markers.length; i++) {
        out.append(literals[i]);
        switch (markers[i]) {
          case 'E' -> out.append(eventId);
          case 'Q' -> out.append(requestId);
          case 'T' -> out.append(eventTime);
          case 'A' -> out.append(account);
          case 'R' -> out.append(region);
          default -> throw new IllegalStateException();
        }
      }
      out.append(literals[markers.length]);
    }

    /**
     * A random value shaped like the original requestID: a UUID where it was one, else the same
     * length with digits, upper and lower case letters replaced in kind (S3's 16 upper-case hex
     * digits stay hex).
     */
    String requestId(Random random) {
      if (requestIdShape == null) {
        return null;
      }
      if (requestIdShape.equals("uuid")) {
        return TrailGenerator.uuid(random);
      }
      boolean hex = requestIdShape.chars().allMatch(c -> Character.isDigit(c) || (c >= 'A' && c <= 'F'))
          || requestIdShape.chars().allMatch(c -> Character.isDigit(c) || (c >= 'a' && c <= 'f'));
      StringBuilder id = new StringBuilder(requestIdShape.length());
      for (int i = 0; i < requestIdShape.length(); i++) {
        char c = requestIdShape.charAt(i);
        if (Character.isDigit(c)) {
          id.append((char) ('0' + random.nextInt(10)));
        } else if (c >= 'A' && c <= 'Z') {
          id.append(hex ? "0123456789ABCDEF".charAt(random.nextInt(16)) : (char) ('A' + random.nextInt(26)));
        } else if (c >= 'a' && c <= 'z') {
          id.append(hex ? "0123456789abcdef".charAt(random.nextInt(16)) : (char) ('a' + random.nextInt(26)));
        } else {
          id.append(c);
        }
      }
      return id.toString();
    }
  }

  private final List<Template> templates;
  private final Map<String, Integer> bySource;

  private RecordPool(List<Template> templates, Map<String, Integer> bySource) {
    this.templates = templates;
    this.bySource = bySource;
  }

  List<Template> templates() {
    return templates;
  }

  /** Distinct records by source folder (the corpus project, or the examples folder). */
  Map<String, Integer> bySource() {
    return bySource;
  }

  static RecordPool load(Path repo) throws IOException {
    Map<String, String> distinct = new LinkedHashMap<>(); // compact JSON -> source
    for (Path root : List.of(repo.resolve("examples/data"), repo.resolve("core/src/test/resources/corpus"))) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(Files::isRegularFile)
            .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".gz") || p.toString().endsWith(".jsonl"))
            .sorted().toList();
      }
      for (Path file : files) {
        String source = sourceOf(repo, root, file);
        for (ObjectNode record : records(file)) {
          distinct.putIfAbsent(JSON.writeValueAsString(record), source);
        }
      }
    }
    List<Template> templates = new ArrayList<>();
    Map<String, Integer> bySource = new TreeMap<>();
    for (Map.Entry<String, String> e : distinct.entrySet()) {
      Template t = template((ObjectNode) JSON.readTree(e.getKey()), e.getValue());
      if (t != null) {
        templates.add(t);
        bySource.merge(e.getValue(), 1, Integer::sum);
      }
    }
    if (templates.isEmpty()) {
      throw new IOException("no CloudTrail records found under " + repo);
    }
    return new RecordPool(List.copyOf(templates), bySource);
  }

  private static String sourceOf(Path repo, Path root, Path file) {
    Path rel = root.relativize(file);
    return repo.relativize(root).toString().replace('\\', '/') + "/" + rel.getName(0);
  }

  private static List<ObjectNode> records(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = file.toString().endsWith(".gz")
        ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
      bytes = in.readAllBytes();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    Set<ObjectNode> found = new LinkedHashSet<>();
    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (values.hasNextValue()) {
        collect(values.nextValue(), found);
      }
      return List.copyOf(found);
    } catch (IOException | RuntimeException damaged) {
      // Not valid JSON throughout: read an object from each line that starts one, too.
    }
    char[] chars = text.toCharArray();
    Matcher m = OBJECT_START.matcher(text);
    while (m.find()) {
      int start = m.end() - 1;
      try (JsonParser parser = JSON.getFactory().createParser(chars, start, chars.length - start)) {
        collect(JSON.readTree(parser), found);
      } catch (IOException broken) {
        // not a whole object from here
      }
    }
    return List.copyOf(found);
  }

  private static void collect(JsonNode node, Set<ObjectNode> out) throws IOException {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      if (isRecord(node)) {
        out.add((ObjectNode) node);
        return;
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        collect(element, out);
      }
    } else if (node.isTextual() && node.asText().startsWith("{") && node.asText().contains("\"eventVersion\"")) {
      try {
        collect(JSON.readTree(node.asText()), out);
      } catch (IOException notJson) {
        // a string that only looks like a record
      }
    }
  }

  private static boolean isRecord(JsonNode node) {
    for (String field : List.of("eventVersion", "eventTime", "eventSource", "eventName", "eventID")) {
      if (!node.path(field).isTextual()) {
        return false;
      }
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      if (names.next().startsWith("@")) {
        return false;
      }
    }
    if (!node.path("eventVersion").asText().matches("\\d+\\.\\d+")) {
      return false; // documentation samples with "..." for a version
    }
    if ("AwsCloudTrailInsight".equals(node.path("eventType").asText())) {
      return false;
    }
    try {
      Instant.parse(node.path("eventTime").asText());
    } catch (RuntimeException e) {
      return false;
    }
    return true;
  }

  private static Template template(ObjectNode record, String source) throws IOException {
    String account = record.path("recipientAccountId").asText(record.path("userIdentity").path("accountId").asText(""));
    String region = record.path("awsRegion").asText("");
    String requestId = record.path("requestID").isTextual() ? record.path("requestID").asText() : null;
    record.put("eventID", EVENT_ID);
    record.put("eventTime", EVENT_TIME);
    if (requestId != null) {
      record.put("requestID", REQUEST_ID);
    }
    record.put("awsRegion", REGION);
    String json = JSON.writeValueAsString(record);
    if (json.replaceAll("@@[EQTAR]@@", "").contains("@@")) {
      return null; // would confuse the markers
    }
    if (account.matches("\\d{12}")) {
      json = json.replace(account, ACCOUNT);
    }
    if (!region.isEmpty()) {
      json = json.replace(":" + region + ":", ":" + REGION + ":");
    }
    List<String> literals = new ArrayList<>();
    StringBuilder markers = new StringBuilder();
    Matcher m = MARKER.matcher(json);
    int last = 0;
    while (m.find()) {
      literals.add(json.substring(last, m.start()));
      markers.append(m.group().charAt(2));
      last = m.end();
    }
    literals.add(json.substring(last));
    String shape = requestId == null ? null
        : requestId.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}") ? "uuid"
        : requestId;
    boolean global = GLOBAL.contains(record.path("eventSource").asText());
    return new Template(literals.toArray(String[]::new), markers.toString().toCharArray(), shape, global, source);
  }
}
