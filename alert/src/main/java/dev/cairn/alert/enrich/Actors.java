package dev.cairn.alert.enrich;

import static dev.cairn.alert.enrich.Enricher.object;
import static dev.cairn.alert.enrich.Enricher.text;

import com.fasterxml.jackson.databind.JsonNode;

/** A readable principal from {@code userIdentity}, per identity type (see the package documentation). */
final class Actors {
  private Actors() {}

  static String actor(JsonNode identity, JsonNode additionalEventData) {
    if (identity == null) {
      return "";
    }
    String type = text(identity, "type");
    String userName = text(identity, "userName");
    String arn = text(identity, "arn");
    String principalId = text(identity, "principalId");
    String invokedBy = text(identity, "invokedBy");
    return switch (type == null ? "" : type) {
      case "Root" -> "root";
      case "IAMUser" -> first(userName, lastSegment(arnResource(arn, "user/")), principalId);
      case "AssumedRole" -> assumedRole(identity, arn, principalId);
      case "Role" -> first(userName, lastSegment(arnResource(arn, "role/")), principalId);
      case "FederatedUser" -> first(arnResource(arn, "federated-user/"), afterColon(principalId), userName);
      case "SAMLUser", "WebIdentityUser" -> first(userName, principalId);
      case "IdentityCenterUser" -> first(text(additionalEventData, "UserName"), userName,
          text(object(identity, "onBehalfOf"), "userId"), principalId);
      case "AWSService" -> first(invokedBy, principalId);
      case "AWSAccount" -> first(text(identity, "accountId"), principalId);
      // Directory, Unknown, no type (service events), types CloudTrail adds later
      default -> first(userName, lastSegment(arnResource(arn, "")), principalId, invokedBy);
    };
  }

  /** {@code role/session}, from {@code arn:aws:sts::1:assumed-role/role/session}, else from the issuer. */
  private static String assumedRole(JsonNode identity, String arn, String principalId) {
    String roleSession = arnResource(arn, "assumed-role/");
    if (roleSession != null) {
      return roleSession;
    }
    String role = text(object(object(identity, "sessionContext"), "sessionIssuer"), "userName");
    String session = afterColon(principalId);
    if (present(role) && present(session)) {
      return role + "/" + session;
    }
    return first(role, principalId);
  }

  /**
   * The resource part of an ARN ({@code arn:partition:service:region:account:resource}) after
   * {@code prefix}, trimmed; null when the ARN has no such resource.
   */
  static String arnResource(String arn, String prefix) {
    if (arn == null) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    if (parts.length < 6) {
      return null;
    }
    String resource = parts[5].trim();
    if (!resource.startsWith(prefix) || resource.length() == prefix.length()) {
      return null;
    }
    return resource.substring(prefix.length());
  }

  private static String lastSegment(String path) {
    if (path == null) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path;
  }

  private static String afterColon(String principalId) {
    if (principalId == null) {
      return null;
    }
    int colon = principalId.indexOf(':');
    return colon >= 0 ? principalId.substring(colon + 1) : null;
  }

  private static boolean present(String text) {
    return text != null && !text.isBlank();
  }

  private static String first(String... candidates) {
    for (String candidate : candidates) {
      if (present(candidate)) {
        return candidate;
      }
    }
    return "";
  }
}
