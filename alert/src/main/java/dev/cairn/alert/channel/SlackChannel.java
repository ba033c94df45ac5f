package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Slack through an incoming webhook, as Block Kit: a header (the title), the main text in sections,
 * the facts as section fields, the digest, and a context line; plus the top-level {@code text} that
 * notifications and old clients show.
 *
 * <p>Every text is escaped once, the way Slack asks: {@code &}, {@code <} and {@code >} only, so a
 * {@code <!channel>} or {@code <@U…>} from an event arrives as text and pings no one. Text that
 * carries markup ({@code mrkdwn}) is marked {@code verbatim}, so Slack does not turn names into links
 * either; the header is {@code plain_text}. Limits are Block Kit's: header 150, section text 3,000,
 * 10 fields per section of 2,000 each, 50 blocks.
 *
 * <p>Answers: 2xx delivered; 404 ({@code no_service}, {@code channel_not_found}), 410
 * ({@code channel_is_archived}), 400 ({@code invalid_payload}) and 403 permanent; 429 and 5xx
 * transient, with Slack's {@code Retry-After}.
 */
public final class SlackChannel extends HttpChannel {
  /** The channel type, and the key of a rule's Slack template. */
  public static final String TYPE = "slack";

  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int FIELDS_MAX = 10;
  static final int BLOCKS_MAX = 50;
  /** Sections the main text may fill; more is not read in a channel, and Slack caps a message near 40,000 characters. */
  static final int TEXT_SECTIONS_MAX = 4;
  /** Longest value shown in a field: readable, and keeps the whole message far from Slack's cap. */
  static final int FIELD_VALUE_MAX = 500;

  private final SlackSettings settings;
  private final URI url;

  public SlackChannel(SlackSettings settings, HttpTransport http) {
    super(settings.name(), TYPE, http);
    this.settings = settings;
    this.url = Check.secretUrl("webhookUrl", settings.webhookUrl());
  }

  /** Slack allows about one message a second per webhook. */
  @Override
  public Duration minInterval() {
    return Duration.ofSeconds(1);
  }

  @Override
  Responses.Receiver receiver() {
    return Responses.Receiver.SLACK;
  }

  @Override
  Rendered render(Alert alert, String idempotencyKey) {
    return new Rendered(url, jsonHeaders(), Set.of(), bytes(message(alert)),
        Redact.Scrubber.ofUrl(url, settings.webhookUrl().reveal()));
  }

  /** The Block Kit message. */
  static ObjectNode message(Alert alert) {
    ObjectNode message = JSON.createObjectNode();
    message.put("text", Text.fit(AlertView.headline(alert), SECTION_MAX, Text.Escaper.SLACK));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text")
        .put("text", Text.fit(Text.oneLine(alert.title()), HEADER_MAX, Text.Escaper.SLACK));
    for (String part : Text.chunks(alert.textFor(TYPE), SECTION_MAX, TEXT_SECTIONS_MAX, Text.Escaper.SLACK)) {
      section(blocks, part);
    }
    List<AlertView.Fact> facts = AlertView.facts(alert);
    if (!facts.isEmpty()) {
      ObjectNode section = blocks.addObject().put("type", "section");
      ArrayNode fields = section.putArray("fields");
      for (AlertView.Fact f : facts.subList(0, Math.min(FIELDS_MAX, facts.size()))) {
        String text = "*" + f.label() + "*\n" + Text.fit(f.value(), FIELD_VALUE_MAX, Text.Escaper.SLACK);
        fields.addObject().put("type", "mrkdwn").put("text", text).put("verbatim", true); // < FIELD_MAX
      }
    }
    AlertView.digest(alert).ifPresent(lines -> section(blocks,
        Text.fit(String.join("\n", lines), SECTION_MAX, Text.Escaper.SLACK)));
    List<String> samples = AlertView.samples(alert);
    if (!samples.isEmpty()) {
      section(blocks, Text.fit("• " + String.join("\n• ", samples), SECTION_MAX, Text.Escaper.SLACK));
    }
    blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
        .put("text", Text.fit(AlertView.footer(alert), SECTION_MAX, Text.Escaper.SLACK)).put("verbatim", true);
    if (blocks.size() > BLOCKS_MAX) {
      throw new IllegalStateException("a Slack message has at most " + BLOCKS_MAX + " blocks, made " + blocks.size());
    }
    return message;
  }

  private static void section(ArrayNode blocks, String escaped) {
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", escaped)
        .put("verbatim", true);
  }
}
