package dev.cairn.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed view of a record's {@code userIdentity}. Every accessor returns null when the field is
 * absent; {@link #raw()} gives the whole object for fields CloudTrail adds later.
 */
public final class UserIdentity {
  private final JsonNode node;

  UserIdentity(JsonNode node) {
    this.node = node;
  }

  /** {@code Root}, {@code IAMUser}, {@code AssumedRole}, {@code AWSService}, … (an open set). */
  public String type() {
    return Json.text(node, "type");
  }

  public String principalId() {
    return Json.text(node, "principalId");
  }

  public String arn() {
    return Json.text(node, "arn");
  }

  public String accountId() {
    return Json.text(node, "accountId");
  }

  public String accessKeyId() {
    return Json.text(node, "accessKeyId");
  }

  public String userName() {
    return Json.text(node, "userName");
  }

  /** The AWS service that made the call for the principal, e.g. {@code signin.amazonaws.com}. */
  public String invokedBy() {
    return Json.text(node, "invokedBy");
  }

  /** The {@code sessionContext} object, or null. */
  public JsonNode sessionContext() {
    return Json.child(node, "sessionContext");
  }

  /** {@code sessionContext.sessionIssuer}, or null. */
  public JsonNode sessionIssuer() {
    return Json.child(Json.child(node, "sessionContext"), "sessionIssuer");
  }

  /**
   * {@code sessionContext.attributes.mfaAuthenticated} as a boolean (CloudTrail writes the string
   * {@code "true"}), or null when absent.
   */
  public Boolean mfaAuthenticated() {
    JsonNode attributes = Json.child(Json.child(node, "sessionContext"), "attributes");
    JsonNode value = Json.child(attributes, "mfaAuthenticated");
    return (value == null || value.isNull()) ? null : Boolean.valueOf(value.asText());
  }

  /** {@code onBehalfOf} (IAM Identity Center), or null. */
  public JsonNode onBehalfOf() {
    return Json.child(node, "onBehalfOf");
  }

  /** The {@code identityProvider} of web identity or SAML sessions, or null. */
  public String identityProvider() {
    return Json.text(node, "identityProvider");
  }

  /** The raw JSON object; never null (an empty object when the record has no identity). */
  public JsonNode raw() {
    return node;
  }
}
