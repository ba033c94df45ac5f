package dev.cairn.alert.enrich;

/**
 * Which class of CloudTrail events a record belongs to, from {@code eventCategory} (eventVersion
 * 1.07+), else {@code managementEvent} (1.06+): the vocabulary of {@link
 * dev.cairn.alert.Alert.Facts#category()}. Records that say neither get the empty category.
 */
public enum Category {
  MANAGEMENT("management"),
  DATA("data"),
  INSIGHT("insight"),
  NETWORK_ACTIVITY("network-activity");

  private final String value;

  Category(String value) {
    this.value = value;
  }

  /** The spelling in facts, routes and templates, e.g. {@code data}. */
  public String value() {
    return value;
  }
}
