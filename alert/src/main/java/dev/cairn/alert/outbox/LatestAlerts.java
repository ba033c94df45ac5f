package dev.cairn.alert.outbox;

import dev.cairn.alert.Alert;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest alerts made, each with the JSON text it was recorded as, so that the delivery loop can
 * take the object instead of parsing the text again. Only an exact match of the text counts: an
 * alert made again for a redelivered event (a later {@code created}) while the outbox keeps the
 * first one is parsed from the outbox, so what is sent is always what the outbox holds.
 *
 * <p>Thread-safe: workers put, the delivery loop gets, under this object's monitor.
 */
final class LatestAlerts {
  private record Made(String json, Alert alert) {}

  private final Map<String, Made> byId;

  LatestAlerts(int capacity) {
    this.byId = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Made> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void put(String id, String json, Alert alert) {
    byId.put(id, new Made(json, alert));
  }

  /** The alert made with this id and exactly this text, or null. */
  synchronized Alert get(String id, String json) {
    Made made = byId.get(id);
    return made != null && made.json().equals(json) ? made.alert() : null;
  }
}
