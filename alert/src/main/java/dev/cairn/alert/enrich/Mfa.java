package dev.cairn.alert.enrich;

/**
 * Whether multi-factor authentication stood behind an event: the vocabulary of {@link
 * dev.cairn.alert.Alert.Facts#mfa()}. The rules are in the package documentation.
 */
public enum Mfa {
  /** AWS recorded MFA: {@code MFAUsed: "Yes"}, {@code mfaAuthenticated: "true"}, or a second factor in an IAM Identity Center sign-in. */
  YES("yes"),
  /** AWS checked and recorded none, for an identity whose MFA AWS itself enforces (IAM users, root, role sessions). */
  NO("no"),
  /**
   * An identity provider outside AWS authenticated the person (SAML, OIDC, IAM Identity Center, a
   * federation broker): AWS records {@code MFAUsed: "No"} whatever the provider enforced, so the
   * record cannot say.
   */
  FEDERATED("federated"),
  /** The record says nothing about MFA (access-key calls, AWS services, Insights). */
  UNKNOWN("unknown");

  private final String value;

  Mfa(String value) {
    this.value = value;
  }

  /** The spelling in facts, routes and templates, e.g. {@code federated}. */
  public String value() {
    return value;
  }
}
