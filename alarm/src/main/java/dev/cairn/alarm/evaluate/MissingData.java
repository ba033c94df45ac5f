package dev.cairn.alarm.evaluate;

import java.util.Optional;

/** How an alarm treats missing datapoints ({@code TreatMissingData}), spelled as the API spells it. */
public enum MissingData {
  /** The default: missing points are not evaluated; all missing is INSUFFICIENT_DATA. */
  missing,
  /** Missing points are within the threshold. */
  notBreaching,
  /** Missing points breach the threshold. */
  breaching,
  /** The alarm keeps its state while data is missing. */
  ignore;

  /** The value with this exact name. */
  public static Optional<MissingData> parse(String name) {
    for (MissingData m : values()) {
      if (m.name().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
