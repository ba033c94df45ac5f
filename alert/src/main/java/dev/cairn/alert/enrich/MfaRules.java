package dev.cairn.alert.enrich;

import static dev.cairn.alert.enrich.Enricher.object;
import static dev.cairn.alert.enrich.Enricher.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/** Whether MFA stood behind an event (the rules are in the package documentation). */
final class MfaRules {
  private MfaRules() {}

  /** Identity types whose person an identity provider outside AWS authenticated. */
  private static final Set<String> FEDERATED_TYPES =
      Set.of("SAMLUser", "WebIdentityUser", "IdentityCenterUser", "FederatedUser");

  static Mfa mfa(boolean signIn, String eventName, JsonNode identity, JsonNode additional) {
    return signIn ? signIn(eventName, identity, additional) : call(identity);
  }

  private static Mfa signIn(String eventName, JsonNode identity, JsonNode additional) {
    String type = text(identity, "type");
    String used = text(additional, "MFAUsed");
    if (used != null && used.trim().equalsIgnoreCase("yes")) {
      return Mfa.YES; // the AWS docs' root example spells it "YES"
    }
    if (present(text(additional, "SamlProviderArn"))) {
      return Mfa.FEDERATED;
    }
    if (used != null) {
      if ("IAMUser".equals(type) || "Root".equals(type)) {
        return used.trim().equalsIgnoreCase("no") ? Mfa.NO : Mfa.UNKNOWN;
      }
      // AWS evaluates MFA at sign-in only for IAM users and root; everyone else signs in to the
      // console through a federation endpoint (SAML, IAM Identity Center, a broker's sign-in token).
      return type == null ? Mfa.UNKNOWN : Mfa.FEDERATED;
    }
    String credentials = text(additional, "CredentialType");
    if (credentials != null) {
      // An IAM Identity Center sign-in: only its last step, UserAuthentication, lists every
      // credential the person presented; one challenge or verification says nothing of the whole.
      return eventName.equals("UserAuthentication") ? identityCenterSignIn(credentials) : Mfa.UNKNOWN;
    }
    return federated(identity) ? Mfa.FEDERATED : Mfa.UNKNOWN;
  }

  /** IAM Identity Center's {@code UserAuthentication} lists every credential verified, e.g. {@code PASSWORD,TOTP}. */
  private static Mfa identityCenterSignIn(String credentialTypes) {
    boolean secondFactor = false;
    for (String credential : credentialTypes.split(",", -1)) {
      String c = credential.trim().toUpperCase(Locale.ROOT);
      if (c.equals("EXTERNAL_IDP")) {
        return Mfa.FEDERATED;
      }
      if (c.equals("TOTP") || c.equals("WEBAUTHN")) {
        secondFactor = true;
      }
    }
    return secondFactor ? Mfa.YES : Mfa.NO;
  }

  private static Mfa call(JsonNode identity) {
    JsonNode attributes = object(object(identity, "sessionContext"), "attributes");
    String authenticated = text(attributes, "mfaAuthenticated");
    if (authenticated != null && authenticated.trim().equalsIgnoreCase("true")) {
      return Mfa.YES;
    }
    if (federated(identity)) {
      return Mfa.FEDERATED;
    }
    if (authenticated != null && authenticated.trim().equalsIgnoreCase("false")) {
      return Mfa.NO;
    }
    return Mfa.UNKNOWN;
  }

  /**
   * True for identities an outside identity provider authenticated: the federated identity types,
   * a call on behalf of an IAM Identity Center user, an IAM Identity Center permission-set role
   * session ({@code AWSReservedSSO_…}), a web-identity (OIDC) role session.
   */
  static boolean federated(JsonNode identity) {
    if (identity == null) {
      return false;
    }
    String type = text(identity, "type");
    if ((type != null && FEDERATED_TYPES.contains(type)) || object(identity, "onBehalfOf") != null) {
      return true;
    }
    JsonNode session = object(identity, "sessionContext");
    if (present(text(object(session, "webIdFederationData"), "federatedProvider"))) {
      return true;
    }
    if (!"AssumedRole".equals(type)) {
      return false;
    }
    String roleSession = Actors.arnResource(text(identity, "arn"), "assumed-role/");
    JsonNode issuer = object(session, "sessionIssuer");
    String issuerName = text(issuer, "userName");
    String issuerArn = text(issuer, "arn");
    return (roleSession != null && roleSession.startsWith("AWSReservedSSO_"))
        || (issuerName != null && issuerName.startsWith("AWSReservedSSO_"))
        || (issuerArn != null && issuerArn.contains("/aws-reserved/sso.amazonaws.com/"));
  }

  private static boolean present(String text) {
    return text != null && !text.isBlank();
  }
}
