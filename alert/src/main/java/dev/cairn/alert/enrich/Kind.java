package dev.cairn.alert.enrich;

/**
 * What sort of event a record is, from its {@code eventType}: the vocabulary of {@link
 * dev.cairn.alert.Alert.Facts#kind()}.
 */
public enum Kind {
  /** {@code AwsApiCall}; also records older than eventVersion 1.02, which have no {@code eventType}. */
  API_CALL("api-call"),
  /** {@code AwsConsoleSignIn} (any case: the IAM guide spells it {@code AwsConsoleSignin}). */
  CONSOLE_SIGN_IN("console-sign-in"),
  /** {@code AwsConsoleAction}. */
  CONSOLE_ACTION("console-action"),
  /** {@code AwsServiceEvent}, and EventBridge events that do not carry a CloudTrail record. */
  SERVICE_EVENT("service-event"),
  /** {@code AwsCloudTrailInsight}. */
  INSIGHT("insight"),
  /** {@code AwsVpceEvent} (network activity events). */
  NETWORK_ACTIVITY("network-activity");

  private final String value;

  Kind(String value) {
    this.value = value;
  }

  /** The spelling in facts, routes and templates, e.g. {@code console-sign-in}. */
  public String value() {
    return value;
  }
}
