package dev.cairn.runtime;

import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.RecordFields;
import java.io.InputStream;

/**
 * The decoding step as the engine sees it: {@link EventDecoder#decode} by default. A seam so engine
 * tests can feed exactly the events and failures they need without depending on every input format.
 */
@FunctionalInterface
interface Decoder {

  DecodeSummary decode(InputStream in, String source, DecodeListener listener);

  static Decoder standard(RecordFields fields, int maxValueBytes) {
    EventDecoder decoder = EventDecoder.create().withRecordFields(fields).withMaxValueBytes(maxValueBytes);
    return decoder::decode;
  }
}
