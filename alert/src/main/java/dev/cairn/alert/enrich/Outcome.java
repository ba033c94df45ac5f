package dev.cairn.alert.enrich;

/** Whether the action succeeded: the vocabulary of {@link dev.cairn.alert.Alert.Facts#outcome()}. */
public enum Outcome {
  SUCCESS("success"),
  /** An {@code errorCode}, or a sign-in step whose result is {@code Failure}. */
  FAILURE("failure");

  private final String value;

  Outcome(String value) {
    this.value = value;
  }

  /** The spelling in facts, routes and templates. */
  public String value() {
    return value;
  }
}
