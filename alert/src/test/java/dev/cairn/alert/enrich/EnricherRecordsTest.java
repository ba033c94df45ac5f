package dev.cairn.alert.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.Alert;
import dev.cairn.alert.TestRecords;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The facts of real records, every {@code userIdentity.type} CloudTrail documents among them (the
 * README under {@code records/} says where each comes from). Each record is also enriched as a
 * decoder parsing only {@link Enricher#recordFields()} hands it over, and must give the same facts
 * without reading anything else.
 */
class EnricherRecordsTest {
  private static final Enricher ENRICHER = Enricher.withAccounts(Map.of(
      "111111111111", "Corezoid Dev", "111122223333", "Example Prod"));

  /** file, identity type, actor, mfa, kind, category, outcome, readOnly. */
  static Stream<Arguments> records() {
    return Stream.of(
        // Root
        row("aws-docs/signin-root-no-mfa.json", "Root", "root", "no", "console-sign-in", "", "success", false),
        row("aws-docs/signin-root-mfa.json", "Root", "root", "yes", "console-sign-in", "", "success", false),
        row("aws-docs/signin-root-failure.json", "Root", "root", "no", "console-sign-in", "", "failure", false),
        row("aws-docs/signin-root-password-updated.json", "Root", "root", "unknown", "console-sign-in", "", "success",
            false),
        row("aws-docs/api-root-enable-mfa-device.json", "Root", "root", "no", "api-call", "", "success", false),
        row("trailscraper/api-root.json", "Root", "root", "no", "api-call", "", "success", true),
        // IAMUser
        row("aws-docs/signin-iam-user-no-mfa.json", "IAMUser", "anaya", "no", "console-sign-in", "", "success", false),
        row("aws-docs/signin-iam-user-mfa.json", "IAMUser", "anaya", "yes", "console-sign-in", "", "success", false),
        row("aws-docs/signin-iam-user-failure.json", "IAMUser", "anaya", "yes", "console-sign-in", "", "failure",
            false),
        row("aws-docs/signin-iam-user-failure-jane.json", "IAMUser", "JaneDoe", "no", "console-sign-in", "",
            "failure", false),
        row("aws-docs/signin-hidden-user-name.json", "IAMUser", "HIDDEN_DUE_TO_SECURITY_REASONS", "no",
            "console-sign-in", "", "failure", false),
        row("aws-docs/signin-iam-user-check-mfa.json", "IAMUser", "anaya", "unknown", "console-sign-in", "",
            "success", false),
        row("aws-docs/api-iam-user-console-start-logging.json", "IAMUser", "Mary_Major", "no", "api-call", "",
            "success", false),
        row("aws_dataset/signin-iam-user-mfa.json", "IAMUser", "bert-jan", "yes", "console-sign-in", "management",
            "success", false),
        row("aws_dataset/signin-iam-user-no-mfa.json", "IAMUser", "stratus-red-team-nmfalu-gfjyeaypjt", "no",
            "console-sign-in", "management", "success", false),
        row("aws_dataset/signin-iam-user-check-mfa.json", "IAMUser", "bert-jan", "unknown", "console-sign-in",
            "management", "success", false),
        row("aws_dataset/api-iam-user-access-key.json", "IAMUser", "benjamin", "yes", "api-call", "management",
            "failure", true),
        row("reconstructed/corezoid-failed-console-login.json", "IAMUser", "JohnDoe", "no", "console-sign-in",
            "management", "failure", false),
        // AssumedRole
        row("aws-docs/api-assumed-role-delete-bucket.json", "AssumedRole", "AssumeNothing/devdsk", "no", "api-call",
            "", "success", false),
        row("aws_dataset/api-assumed-role-error.json", "AssumedRole",
            "stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1688990082523310002", "no", "api-call",
            "management", "failure", true),
        row("trailscraper/api-assumed-role.json", "AssumedRole", "someRole/AutoScalingDescribeHandlerSession", "no",
            "api-call", "", "success", true),
        row("reconstructed/signin-identity-center-role.json", "AssumedRole",
            "AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com", "federated", "console-sign-in",
            "management", "success", false),
        row("reconstructed/api-identity-center-role.json", "AssumedRole",
            "AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com", "federated", "api-call",
            "management", "success", false),
        row("reconstructed/signin-saml-role.json", "AssumedRole", "okta-admin/alice@example.com", "federated",
            "console-sign-in", "management", "success", false),
        row("reconstructed/api-web-identity-role.json", "AssumedRole", "deploy/GitHubActions", "federated",
            "api-call", "management", "success", false),
        // Role
        row("reconstructed/api-role.json", "Role", "ExampleRole", "unknown", "api-call", "management", "success",
            true),
        // FederatedUser
        row("aws-docs/api-federated-user-create-project.json", "FederatedUser", "user-name", "federated", "api-call",
            "", "success", false),
        row("reconstructed/signin-federated-user.json", "FederatedUser", "carol", "federated", "console-sign-in",
            "management", "success", false),
        // SAMLUser, WebIdentityUser
        row("aws-docs/api-saml-user-assume-role-with-saml.json", "SAMLUser", "SamlExample", "federated", "api-call",
            "", "success", false),
        row("aws-docs/api-web-identity-user-assume-role-with-web-identity.json", "WebIdentityUser", "<id of user>",
            "federated", "api-call", "", "success", false),
        // IdentityCenterUser
        row("aws-docs/api-identity-center-user-list-applications.json", "IdentityCenterUser",
            "94d00cd8-e9e6-4810-b177-b08e84775435", "federated", "api-call", "", "success", true),
        // Unknown (IAM Identity Center sign-in before it used IdentityCenterUser)
        row("aws-docs/signin-identity-center-credential-challenge.json", "Unknown", "user1", "unknown",
            "service-event", "management", "success", false),
        row("aws-docs/signin-identity-center-credential-verification-failure.json", "Unknown", "user1", "unknown",
            "service-event", "management", "failure", false),
        row("aws-docs/signin-identity-center-password.json", "Unknown", "user1", "no", "service-event", "management",
            "success", false),
        row("aws-docs/signin-identity-center-password-totp.json", "Unknown", "user1", "yes", "service-event",
            "management", "success", false),
        row("aws-docs/signin-identity-center-external-idp.json", "Unknown", "user1", "federated", "service-event",
            "management", "success", false),
        // Directory
        row("reconstructed/api-directory.json", "Directory", "jdoe", "unknown", "api-call", "management", "success",
            false),
        // AWSAccount
        row("aws-docs/api-aws-account-assume-role.json", "AWSAccount", "777788889999", "unknown", "api-call", "",
            "success", false),
        // AWSService
        row("aws_dataset/api-aws-service.json", "AWSService", "inspector2.amazonaws.com", "unknown", "api-call",
            "management", "success", true),
        row("trailscraper/api-aws-service-config.json", "AWSService", "config.amazonaws.com", "unknown", "api-call",
            "", "success", false),
        // no identity type (a service event), no identity at all (Insights)
        row("aws_dataset/service-event-no-identity-type.json", "", "ec2.amazonaws.com", "unknown", "service-event",
            "management", "success", false),
        row("aws-docs/insight.json", "", "", "unknown", "insight", "insight", "success", false));
  }

  private static Arguments row(String file, String type, String actor, String mfa, String kind, String category,
      String outcome, boolean readOnly) {
    return Arguments.of(file, type, actor, mfa, kind, category, outcome, readOnly);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void factsOfRealRecords(String file, String type, String actor, String mfa, String kind, String category,
      String outcome, boolean readOnly) {
    var record = TestRecords.json(file);
    assertThat(record.path("userIdentity").path("type").asText("")).as("identity type").isEqualTo(type);
    Alert.Facts facts = ENRICHER.facts(TestRecords.event(record));
    assertThat(facts.actor()).as("actor").isEqualTo(actor);
    assertThat(facts.mfa()).as("mfa").isEqualTo(mfa);
    assertThat(facts.kind()).as("kind").isEqualTo(kind);
    assertThat(facts.category()).as("category").isEqualTo(category);
    assertThat(facts.outcome()).as("outcome").isEqualTo(outcome);
    assertThat(facts.readOnly()).as("readOnly").isEqualTo(readOnly);
    assertThat(facts.account()).as("account").isNotEmpty();

    Alert.Facts fromFields = ENRICHER.facts(TestRecords.onlyFields(record, Enricher.recordFields()));
    assertThat(fromFields).as("facts from only the declared fields").isEqualTo(facts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void theSameFromTheEventBridgeEnvelope(String file) {
    var record = TestRecords.json(file);
    var bare = TestRecords.event(record);
    var envelope = dev.cairn.event.CloudTrailEvent.ofEnvelope((com.fasterxml.jackson.databind.node.ObjectNode)
        bare.envelope());
    assertThat(ENRICHER.facts(envelope)).isEqualTo(ENRICHER.facts(bare));
  }
}
