package dev.cairn.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One event as Cairn sees it, with two views of the same data:
 *
 * <ul>
 *   <li>the <b>record</b> view ({@link #record()}): the CloudTrail record itself, one element of a
 *       log file's {@code Records} array. For an EventBridge event that does not come from
 *       CloudTrail (say "EC2 Instance State-change Notification") it is the envelope.
 *   <li>the <b>envelope</b> view ({@link #envelope()}): the EventBridge event. For a bare record it
 *       is synthesised exactly as EventBridge builds it ({@code source} {@code aws.<service>},
 *       {@code detail-type} from {@code eventType}, {@code account}, {@code time}, {@code region},
 *       {@code id}, {@code resources: []}, {@code detail} = the record).
 * </ul>
 *
 * <p>CloudWatch Logs filter patterns match the record view; EventBridge event patterns match the
 * envelope view, so rules written for either service work verbatim.
 *
 * <p>An event decoded with {@linkplain RecordFields only some fields} parsed keeps the record's JSON
 * text and parses the rest on first use of {@link #record()} or of an accessor for a field outside
 * the {@linkplain RecordFields#core() core} ones; {@link #record(RecordFields)} and {@link
 * #envelope(RecordFields)} serve matchers without that. That later parse reads with the decoder's
 * own reader (its limits and features), so text the decoder accepted always parses again.
 *
 * <p>Instances are immutable as far as callers can tell: the JSON trees handed out must not be
 * modified. Safe to share between threads.
 *
 * <p>Longer than most classes here because it has one documented accessor per CloudTrail record
 * field; the parsing is in {@code Json} and {@code CompactJson}.
 */
public final class CloudTrailEvent {
  /** Writes trees as text; never reads: text is read with the decoder's reader (see {@link #ofRecordJson}). */
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();
  /** What {@link #principal()} reads. */
  private static final RecordFields PRINCIPAL = Stream.of("arn", "userName", "invokedBy", "principalId", "type")
      .map(name -> RecordFields.path("userIdentity", name)).reduce(RecordFields::union).orElseThrow();

  /** The record view, or, for an event kept as JSON text, the fields {@link #parsed} names. */
  private final ObjectNode view;
  /** What {@link #view} holds: {@link RecordFields#ALL} when it is the whole record. */
  private final RecordFields parsed;
  /** The record's JSON text as read, when only some fields were parsed; else null. */
  private final byte[] json;
  /** Whether {@link #json} is known to have no whitespace between tokens. */
  private final boolean compact;
  /** Parses {@link #json}: the reader of the decoder that accepted it; null when there is no text. */
  private final ObjectReader reader;
  private final boolean cloudTrail;
  /** True when the event came in an EventBridge envelope, false when Cairn synthesises it. */
  private final boolean ownEnvelope;
  private volatile ObjectNode envelope;
  /** The whole record parsed from {@link #json} on first use. */
  private volatile ObjectNode record;
  /** The envelope synthesised around {@link #view}, when that is not the whole record. */
  private volatile ObjectNode partialEnvelope;
  private volatile String recordJson;

  private CloudTrailEvent(ObjectNode record, ObjectNode envelope, boolean cloudTrail) {
    this.view = record;
    this.record = record;
    this.parsed = RecordFields.ALL;
    this.json = null;
    this.compact = false;
    this.reader = null;
    this.envelope = envelope;
    this.ownEnvelope = envelope != null;
    this.cloudTrail = cloudTrail;
  }

  private CloudTrailEvent(byte[] json, boolean compact, ObjectNode fields, RecordFields parsed, ObjectReader reader) {
    this.view = fields;
    this.parsed = parsed;
    this.json = json;
    this.compact = compact;
    this.reader = reader;
    this.cloudTrail = true;
    this.ownEnvelope = false;
  }

  /** An event from a bare CloudTrail record (log file, JSON lines, LookupEvents, CloudWatch Logs). */
  public static CloudTrailEvent ofRecord(ObjectNode record) {
    return new CloudTrailEvent(Objects.requireNonNull(record, "record"), null, true);
  }

  /**
   * An event from a bare CloudTrail record kept as its JSON text, for decoders that parse only the
   * fields rules read. The rest of the record is parsed on first use of {@link #record()}.
   *
   * @param json the record's JSON text (UTF-8), exactly one JSON object; not copied, so not to be
   *     modified afterwards
   * @param fields the record's fields that {@code parsed} names, as they are in {@code json} (a
   *     field absent here is absent there), at least the {@linkplain RecordFields#core() core} ones
   * @param parsed what {@code fields} holds
   * @param reader parses {@code json} when the rest of the record is asked for: the reader the
   *     decoder read it with (the same limits and features), so that what it accepted parses again
   */
  public static CloudTrailEvent ofRecordJson(byte[] json, ObjectNode fields, RecordFields parsed, ObjectReader reader) {
    return ofRecordJson(json, false, fields, parsed, reader);
  }

  /**
   * {@link #ofRecordJson(byte[], ObjectNode, RecordFields, ObjectReader)} for a decoder that knows
   * {@code json} has no whitespace between its tokens ({@code compact}, as CloudTrail writes its
   * records): its text is then written out as it is, without looking for whitespace to remove.
   */
  public static CloudTrailEvent ofRecordJson(byte[] json, boolean compact, ObjectNode fields, RecordFields parsed,
      ObjectReader reader) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(parsed, "parsed");
    Objects.requireNonNull(reader, "reader");
    if (parsed.isWhole()) {
      return ofRecord(fields);
    }
    if (!parsed.covers(RecordFields.core())) {
      throw new IllegalArgumentException("parsed fields must include the core fields: " + parsed);
    }
    return new CloudTrailEvent(json, compact, fields, parsed, reader);
  }

  /**
   * An event from an EventBridge envelope. When {@code detail} holds a CloudTrail record
   * ({@code detail-type} ending in "via CloudTrail", or a detail carrying {@code eventVersion} and
   * {@code eventSource}), the record view is that detail; otherwise the record view is the envelope.
   */
  public static CloudTrailEvent ofEnvelope(ObjectNode envelope) {
    Objects.requireNonNull(envelope, "envelope");
    JsonNode detail = envelope.get("detail");
    if (detail instanceof ObjectNode detailRecord && carriesCloudTrailRecord(envelope, detail)) {
      return new CloudTrailEvent(detailRecord, envelope, true);
    }
    return new CloudTrailEvent(envelope, envelope, false);
  }

  private static boolean carriesCloudTrailRecord(ObjectNode envelope, JsonNode detail) {
    String detailType = Json.text(envelope, "detail-type");
    if (detailType != null && detailType.endsWith("via CloudTrail")) {
      return true;
    }
    return detail.has("eventVersion") && (detail.has("eventSource") || detail.has("eventType"));
  }

  /** True when the record view is a CloudTrail record (not some other EventBridge event). */
  public boolean isCloudTrail() {
    return cloudTrail;
  }

  /**
   * The record view if its field {@code name} is wholly there, else the whole record: for the
   * accessors, so that reading a field the decoder parsed does not parse the rest.
   */
  private JsonNode holding(String name) {
    RecordFields field = parsed.child(name);
    return field != null && field.isWhole() ? view : record();
  }

  private String text(String name) {
    return Json.text(holding(name), name);
  }

  private JsonNode child(String name) {
    return Json.child(holding(name), name);
  }

  private Boolean bool(String name) {
    return Json.bool(holding(name), name);
  }

  /** The record fields {@link #principal()} reads, for decoders that parse only what is used. */
  public static RecordFields principalFields() {
    return PRINCIPAL;
  }

  /** The record view, parsed on first use when the event was decoded with only some fields. Do not modify. */
  public JsonNode record() {
    ObjectNode whole = record;
    if (whole == null) {
      whole = parse(reader, json);
      record = whole;
    }
    return whole;
  }

  /**
   * The record view as far as {@code fields} reach: the fields they name are those of {@link
   * #record()}, others may be missing. Cheaper than {@code record()} when the event was decoded
   * with fields covering these. Do not modify.
   */
  public JsonNode record(RecordFields fields) {
    return parsed.covers(fields) ? view : record();
  }

  /**
   * Writes {@link #recordJson()} to {@code out} as UTF-8. For an event read as bytes (log files,
   * JSON lines) these are the bytes as read without the whitespace between tokens, written with no
   * String made of them: the archive writes every record this way.
   */
  public void writeRecordJson(OutputStream out) throws IOException {
    String text = recordJson;
    if (text == null && json != null) {
      out.write(compact ? json : CompactJson.bytes(json));
    } else {
      out.write(recordJson().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The record view as compact JSON text (computed once). */
  public String recordJson() {
    String text = recordJson;
    if (text == null) {
      text = json == null ? toJson(view) : compact ? new String(json, StandardCharsets.UTF_8) : CompactJson.of(json);
      recordJson = text;
    }
    return text;
  }

  /** The envelope view, synthesised on first use for bare records. Do not modify. */
  public JsonNode envelope() {
    ObjectNode env = envelope;
    if (env == null) {
      env = Envelopes.synthesise((ObjectNode) record(), eventId());
      envelope = env;
    }
    return env;
  }

  /**
   * True when the event came in its own EventBridge envelope; false for a bare record, whose
   * envelope view Cairn synthesises (on first use).
   */
  public boolean cameInEnvelope() {
    return ownEnvelope;
  }

  /**
   * The envelope view with {@code detail} (part of the record view, say) in place of its own,
   * built anew on each call and not kept: for matchers that read only a few record fields, so they
   * need not walk the rest. Do not modify.
   */
  public JsonNode envelopeWithDetail(JsonNode detail) {
    if (ownEnvelope) {
      ObjectNode copy = envelope.objectNode();
      copy.setAll(envelope);
      if (detail != null) {
        copy.set("detail", detail);
      }
      return copy;
    }
    return Envelopes.synthesise(view, detail, eventId());
  }

  /**
   * The envelope's {@code source} without synthesising the envelope of a bare record (for which it
   * is {@code aws.<service>}, from {@code eventSource}); null when absent or not text. Lets matchers
   * decide whether they need the envelope at all.
   */
  public String envelopeSource() {
    return ownEnvelope ? Json.text(envelope, "source") : Envelopes.source(view);
  }

  /**
   * The envelope view as far as {@code fields} reach in its {@code detail}, like {@link
   * #record(RecordFields)}. Do not modify.
   */
  public JsonNode envelope(RecordFields fields) {
    if (json == null || !parsed.covers(fields)) {
      return envelope();
    }
    ObjectNode env = partialEnvelope;
    if (env == null) {
      env = Envelopes.synthesise(view, eventId());
      partialEnvelope = env;
    }
    return env;
  }

  // ---- identification -------------------------------------------------------------------------

  /**
   * The CloudTrail {@code eventID}; for a non-CloudTrail EventBridge event its {@code id}. Never
   * null: a record without either gets a stable name-based UUID of its content, so dedup still works.
   */
  public String eventId() {
    String id = cloudTrail ? Json.text(view, "eventID") : Json.text(view, "id");
    if (id == null && envelope != null) {
      id = Json.text(envelope, "id");
    }
    return id != null ? id : UUID.nameUUIDFromBytes(toJson(record()).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@code eventTime} (CloudTrail) or {@code time} (EventBridge) as text, or null. */
  public String eventTimeText() {
    return cloudTrail ? Json.text(view, "eventTime") : Json.text(view, "time");
  }

  /** {@link #eventTimeText()} parsed, or null when absent or not ISO-8601. */
  public Instant eventTime() {
    String text = eventTimeText();
    return text == null ? null : Timestamps.parse(text);
  }

  public String eventVersionText() {
    return Json.text(view, "eventVersion");
  }

  /** {@code eventVersion} as two integers, or null. */
  public EventVersion eventVersion() {
    return EventVersion.parse(eventVersionText());
  }

  /** {@code eventName}; for Insights records {@code insightDetails.eventName}; else null. */
  public String eventName() {
    String name = Json.text(view, "eventName");
    return name != null ? name : Json.text(insightDetails(), "eventName");
  }

  /** {@code eventSource}; for Insights {@code insightDetails.eventSource}; for other EventBridge events {@code source}. */
  public String eventSource() {
    if (!cloudTrail) {
      return Json.text(view, "source");
    }
    String source = Json.text(view, "eventSource");
    return source != null ? source : Json.text(insightDetails(), "eventSource");
  }

  /** {@code awsRegion} (CloudTrail) or {@code region} (EventBridge). */
  public String awsRegion() {
    return cloudTrail ? Json.text(view, "awsRegion") : Json.text(view, "region");
  }

  /**
   * The account the event belongs to: {@code recipientAccountId}, else {@code userIdentity.accountId},
   * else the envelope's {@code account}.
   */
  public String account() {
    if (!cloudTrail) {
      return Json.text(view, "account");
    }
    String account = Json.text(view, "recipientAccountId");
    if (account == null) {
      account = Json.text(Json.child(view, "userIdentity"), "accountId"); // a core field
    }
    if (account == null && envelope != null) {
      account = Json.text(envelope, "account");
    }
    return account;
  }

  /**
   * Who acted, for people: the identity ARN, else its user name, else the invoking service, else
   * the principal id, else the identity type. Null when there is no identity.
   */
  public String principal() {
    UserIdentity identity = identity(record(PRINCIPAL));
    for (String candidate :
        new String[] {identity.arn(), identity.userName(), identity.invokedBy(), identity.principalId(), identity.type()}) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }

  // ---- documented CloudTrail record fields (eventVersion 1.0 - 1.11) ---------------------------

  /** {@code userIdentity}; an empty identity when absent (Insights records have none). */
  public UserIdentity userIdentity() {
    return identity(holding("userIdentity"));
  }

  private UserIdentity identity(JsonNode record) {
    JsonNode node = cloudTrail ? Json.child(record, "userIdentity") : null;
    return new UserIdentity(node != null ? node : EMPTY);
  }

  public String sourceIpAddress() {
    return text("sourceIPAddress");
  }

  public String userAgent() {
    return text("userAgent");
  }

  public String errorCode() {
    return text("errorCode");
  }

  public String errorMessage() {
    return text("errorMessage");
  }

  /** {@code requestParameters} (may be JSON null or absent: absent means too large or none). */
  public JsonNode requestParameters() {
    return child("requestParameters");
  }

  public JsonNode responseElements() {
    return child("responseElements");
  }

  public JsonNode additionalEventData() {
    return child("additionalEventData");
  }

  public String requestId() {
    return text("requestID");
  }

  public String apiVersion() {
    return text("apiVersion");
  }

  /** {@code readOnly}: a JSON boolean in log files, a string in LookupEvents; null when absent. */
  public Boolean readOnly() {
    return bool("readOnly");
  }

  /** {@code resources[]} as {@code {ARN, accountId, type}} objects; empty when absent. */
  public List<Resource> resources() {
    JsonNode node = child("resources");
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<Resource> resources = new ArrayList<>(node.size());
    for (JsonNode r : node) {
      resources.add(new Resource(Json.text(r, "ARN"), Json.text(r, "accountId"), Json.text(r, "type")));
    }
    return List.copyOf(resources);
  }

  /** {@code AwsApiCall}, {@code AwsServiceEvent}, {@code AwsConsoleSignIn}, … or null. */
  public String eventType() {
    return Json.text(view, "eventType");
  }

  public String recipientAccountId() {
    return Json.text(view, "recipientAccountId");
  }

  public String sharedEventId() {
    return text("sharedEventID");
  }

  public String vpcEndpointId() {
    return text("vpcEndpointId");
  }

  public String vpcEndpointAccountId() {
    return text("vpcEndpointAccountId");
  }

  public JsonNode serviceEventDetails() {
    return child("serviceEventDetails");
  }

  public Boolean managementEvent() {
    return bool("managementEvent");
  }

  /** {@code Management}, {@code Data}, {@code NetworkActivity} or {@code Insight}; null before 1.07. */
  public String eventCategory() {
    return text("eventCategory");
  }

  public JsonNode insightDetails() {
    return child("insightDetails");
  }

  /** {@code addendum} ({@code reason}, {@code updatedFields}, {@code originalEventID}, …), or null. */
  public JsonNode addendum() {
    return child("addendum");
  }

  /** {@code sessionCredentialFromConsole} (the string "true" in records), or null. */
  public Boolean sessionCredentialFromConsole() {
    return bool("sessionCredentialFromConsole");
  }

  public JsonNode edgeDeviceDetails() {
    return child("edgeDeviceDetails");
  }

  /** {@code tlsDetails} ({@code tlsVersion}, {@code cipherSuite}, {@code clientProvidedHostHeader}, …). */
  public JsonNode tlsDetails() {
    return child("tlsDetails");
  }

  /** {@code eventContext} (CloudTrail Lake enrichment, 1.11), or null. */
  public JsonNode eventContext() {
    return child("eventContext");
  }

  /** Any field of the record view by name, or null. */
  public JsonNode field(String name) {
    return child(name);
  }

  @Override
  public String toString() {
    return "CloudTrailEvent[" + eventId() + " " + eventSource() + " " + eventName() + "]";
  }

  private static ObjectNode parse(ObjectReader reader, byte[] json) {
    try {
      return (ObjectNode) reader.readTree(json);
    } catch (IOException | ClassCastException e) {
      // The decoder read these bytes as one JSON object before handing them over.
      throw new IllegalStateException("record JSON no longer parses: " + e.getMessage(), e);
    }
  }

  static String toJson(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** One element of {@code resources[]}. */
  public record Resource(String arn, String accountId, String type) {}
}
