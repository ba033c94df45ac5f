package dev.cairn.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.decode.DecodeError;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A small decoder for engine tests: concatenated JSON values, each a log file ({@code Records}) or a
 * bare record, plain or gzip. Keeps engine tests independent of every format the real decoder
 * reads, and makes its failures (JSON, GZIP, IO) predictable.
 */
final class TestDecoder implements Decoder {
  static final TestDecoder INSTANCE = new TestDecoder();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public DecodeSummary decode(InputStream in, String source, DecodeListener listener) {
    long events = 0;
    long skipped = 0;
    boolean gzip = false;
    Optional<DecodeError> error = Optional.empty();
    try {
      BufferedInputStream buffered = new BufferedInputStream(in);
      buffered.mark(2);
      gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
      buffered.reset();
      InputStream data = gzip ? new GZIPInputStream(buffered) : buffered;
      try (MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(data)) {
        while (values.hasNextValue()) {
          JsonNode value = values.nextValue();
          if (value.has("Records")) {
            for (JsonNode record : value.get("Records")) {
              listener.onEvent(CloudTrailEvent.ofRecord((ObjectNode) record));
              events++;
            }
          } else if (value.has("eventID")) {
            listener.onEvent(CloudTrailEvent.ofRecord((ObjectNode) value));
            events++;
          } else {
            listener.onSkipped(new SkippedValue(source, 0, -1, "not an event"));
            skipped++;
          }
        }
      }
    } catch (JsonProcessingException e) {
      error = Optional.of(new DecodeError(source, DecodeError.Kind.JSON, 0, 0, -1, e.getOriginalMessage()));
    } catch (ZipException | EOFException e) {
      error = Optional.of(new DecodeError(source, gzip ? DecodeError.Kind.GZIP : DecodeError.Kind.IO, 0, 0, -1,
          "corrupt gzip: " + e.getMessage()));
    } catch (IOException e) {
      error = Optional.of(new DecodeError(source, DecodeError.Kind.IO, 0, 0, -1, e.toString()));
    }
    return new DecodeSummary(source, "test", events, skipped, List.of(), error);
  }
}
