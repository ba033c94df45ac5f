package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Microsoft Teams through a Workflows webhook: a message whose one attachment is an Adaptive Card
 * (version 1.4, which every Teams client renders), the shape the Workflows "post to a channel when
 * a webhook request is received" template reads.
 *
 * <p>Event text goes in {@code RichTextBlock}s of {@code TextRun}s, which Adaptive Cards never
 * parse as Markdown (a {@code TextBlock} or a {@code FactSet} would: a {@code [link](…)} or
 * {@code **} from an event would become markup, and Teams clients disagree on backslash escapes).
 * Cards cannot mention anyone without an {@code msteams.entities} list, which this card never has,
 * so JSON escaping is the only escaping. Teams refuses messages over 28 KB: the card is rendered
 * with its texts shortened until it is within {@value #MAX_BYTES} bytes.
 *
 * <p>Answers: 2xx delivered (Workflows answers 202); 429 and 5xx transient; 4xx permanent (413 too
 * large, 404 workflow gone, 401/403 signature refused). Teams allows 4 requests a second per
 * webhook, hence {@link #minInterval()}.
 */
public final class TeamsChannel extends HttpChannel {
  /** The channel type, and the key of a rule's Teams template. */
  public static final String TYPE = "teams";

  static final int MAX_BYTES = 28_000;
  static final int TEXT_MAX = 12_000;
  static final int ITEM_MAX = 500;
  static final int BLOCK_MAX = 3_000;

  private final TeamsSettings settings;
  private final URI url;

  public TeamsChannel(TeamsSettings settings, HttpTransport http) {
    super(settings.name(), TYPE, http);
    this.settings = settings;
    this.url = Check.secretUrl("webhookUrl", settings.webhookUrl());
  }

  /** Four requests a second per webhook. */
  @Override
  public Duration minInterval() {
    return Duration.ofMillis(250);
  }

  @Override
  Responses.Receiver receiver() {
    return Responses.Receiver.TEAMS;
  }

  @Override
  Rendered render(Alert alert, String idempotencyKey) {
    return new Rendered(url, jsonHeaders(), Set.of(), message(alert),
        Redact.Scrubber.ofUrl(url, settings.webhookUrl().reveal()));
  }

  /** The message, shortened (every text by the same factor) until it fits. */
  static byte[] message(Alert alert) {
    for (int scale = 1; ; scale *= 2) {
      byte[] body = bytes(message(alert, scale));
      if (body.length <= MAX_BYTES || scale > ITEM_MAX) {
        return body;
      }
    }
  }

  private static ObjectNode message(Alert alert, int scale) {
    ObjectNode message = JSON.createObjectNode().put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.putObject("msteams").put("width", "Full");
    ArrayNode body = card.putArray("body");

    ArrayNode title = rich(body);
    run(title, AlertView.severity(alert) + "  ").put("weight", "Bolder").put("color", color(alert));
    run(title, Text.fit(Text.oneLine(alert.title()), BLOCK_MAX / scale)).put("weight", "Bolder").put("size", "Medium");
    String text = Text.fit(alert.textFor(TYPE), TEXT_MAX / scale);
    if (!text.isEmpty()) {
      run(rich(body), text);
    }
    List<AlertView.Fact> facts = AlertView.facts(alert);
    if (!facts.isEmpty()) {
      ArrayNode lines = rich(body);
      for (int i = 0; i < facts.size(); i++) {
        AlertView.Fact f = facts.get(i);
        run(lines, f.label() + ": ").put("weight", "Bolder");
        run(lines, Text.fit(Text.oneLine(f.value()), ITEM_MAX / scale) + (i < facts.size() - 1 ? "\n" : ""));
      }
    }
    AlertView.digest(alert).ifPresent(lines -> run(rich(body), Text.fit(String.join("\n", lines), BLOCK_MAX / scale)));
    List<String> samples = AlertView.samples(alert);
    if (!samples.isEmpty()) {
      run(rich(body), Text.fit("• " + String.join("\n• ", samples), BLOCK_MAX / scale));
    }
    run(rich(body), Text.fit(AlertView.footer(alert), ITEM_MAX / scale)).put("isSubtle", true).put("size", "Small");
    return message;
  }

  private static ArrayNode rich(ArrayNode body) {
    return body.addObject().put("type", "RichTextBlock").putArray("inlines");
  }

  private static ObjectNode run(ArrayNode inlines, String text) {
    return inlines.addObject().put("type", "TextRun").put("text", text);
  }

  private static String color(Alert alert) {
    return switch (alert.severity()) {
      case CRITICAL, HIGH -> "Attention";
      case MEDIUM -> "Warning";
      case LOW, INFO -> "Default";
    };
  }
}
