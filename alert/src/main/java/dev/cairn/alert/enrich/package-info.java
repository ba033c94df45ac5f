/**
 * Enrichment: the {@link dev.cairn.alert.Alert.Facts facts} of an event, computed by {@link
 * dev.cairn.alert.enrich.Enricher} from the record and the config's {@code accounts} map. Every
 * value is the record's text as it is (attacker-controlled, never evaluated, never escaped here),
 * cut to {@value dev.cairn.alert.enrich.Enricher#MAX_LENGTH} code points with {@code … (truncated,
 * N more)}. Empty strings stand for "not in the record". The fields read are {@link
 * dev.cairn.alert.enrich.Enricher#recordFields()}.
 *
 * <h2>Account</h2>
 * {@code account} is {@code recipientAccountId}, else {@code userIdentity.accountId}, else the
 * EventBridge envelope's {@code account}; {@code accountAlias} is its name in the {@code accounts}
 * map, else the id itself.
 *
 * <h2>Kind, category, readOnly</h2>
 * <ul>
 *   <li>{@code kind} from {@code eventType}: {@code AwsApiCall} api-call, {@code AwsConsoleSignIn}
 *       console-sign-in (any case: the IAM guide writes {@code AwsConsoleSignin}), {@code
 *       AwsConsoleAction} console-action, {@code AwsServiceEvent} service-event, {@code
 *       AwsCloudTrailInsight} insight, {@code AwsVpceEvent} network-activity. Records older than
 *       eventVersion 1.02 have no {@code eventType}: console-sign-in for {@code signin.amazonaws.com},
 *       else api-call. EventBridge events that carry no CloudTrail record are service-event. An
 *       {@code eventType} CloudTrail does not document gives the empty kind.
 *   <li>{@code category} from {@code eventCategory} ({@code Management}, {@code Data}, {@code
 *       Insight}, {@code NetworkActivity}), else {@code managementEvent} (true: management, false:
 *       data), else insight or network-activity by kind, else empty.
 *   <li>{@code readOnly} from the record (a JSON boolean, or the strings LookupEvents writes), else
 *       true for names starting with {@code Describe}, {@code Get}, {@code List} or {@code Head},
 *       except {@code GetFederationToken} and {@code GetSessionToken}, which EventBridge treats as
 *       writes (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 * </ul>
 *
 * <h2>Actor</h2>
 * A readable principal, by {@code userIdentity.type}, for every type the CloudTrail userIdentity
 * reference documents (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html):
 * <table>
 *   <caption>actor by identity type</caption>
 *   <tr><th>type</th><th>actor</th></tr>
 *   <tr><td>Root</td><td>{@code root}</td></tr>
 *   <tr><td>IAMUser</td><td>{@code userName}, else the name in the ARN ({@code user/path/name}),
 *       else {@code principalId}; a failed sign-in with a wrong user name gives CloudTrail's
 *       {@code HIDDEN_DUE_TO_SECURITY_REASONS}</td></tr>
 *   <tr><td>AssumedRole</td><td>{@code role/session} from {@code arn:aws:sts::…:assumed-role/role/session},
 *       else the session issuer's name and the session part of {@code principalId}</td></tr>
 *   <tr><td>Role</td><td>the role's name</td></tr>
 *   <tr><td>FederatedUser</td><td>the name in {@code federated-user/name}, else after the
 *       {@code :} of {@code principalId}</td></tr>
 *   <tr><td>SAMLUser, WebIdentityUser</td><td>{@code userName} ({@code saml:sub}; the user id at
 *       the provider)</td></tr>
 *   <tr><td>IdentityCenterUser</td><td>the {@code UserName} of a sign-in event, else {@code
 *       onBehalfOf.userId} (records carry no name)</td></tr>
 *   <tr><td>AWSService</td><td>{@code invokedBy}, e.g. {@code config.amazonaws.com}</td></tr>
 *   <tr><td>AWSAccount</td><td>the calling account's id</td></tr>
 *   <tr><td>Directory, Unknown, no type, later types</td><td>{@code userName}, else the ARN's last
 *       segment, else {@code principalId}, else {@code invokedBy} (service events carry only
 *       {@code invokedBy})</td></tr>
 * </table>
 * Events without an identity (Insights, non-CloudTrail events) have the empty actor.
 *
 * <h2>MFA</h2>
 * AWS evaluates MFA itself only for IAM users and the root user; people who sign in through an
 * identity provider (SAML, OIDC, IAM Identity Center, a federation broker's sign-in token) are
 * authenticated there, and CloudTrail still writes {@code MFAUsed: "No"} and {@code
 * mfaAuthenticated: "false"} for them. Reading those as "no MFA" is the most reported false
 * positive of the CIS "console login without MFA" control (elastic/detection-rules#5197: "AWS does
 * not capture MFA usage for Federated Users (only for Root and IAM users)"; Azure/Azure-Sentinel#6456;
 * CIS 1.4's filter adds {@code $.userIdentity.type = "IAMUser"}). Hence {@code federated}.
 * <p>Sign-in events ({@code signin.amazonaws.com}, or kind console-sign-in), in this order:
 * <ol>
 *   <li>{@code additionalEventData.MFAUsed} "Yes" (any case; the docs' root example says "YES"):
 *       {@code yes}.
 *   <li>{@code additionalEventData.SamlProviderArn} present: {@code federated}.
 *   <li>{@code MFAUsed} present: for IAMUser and Root, "No" is {@code no}; for any other identity
 *       (AssumedRole through SAML, {@code AWSReservedSSO_…} Identity Center roles, a broker's
 *       GetSigninToken; FederatedUser) {@code federated}; no identity type: {@code unknown}.
 *   <li>{@code additionalEventData.CredentialType} (IAM Identity Center sign-in,
 *       https://docs.aws.amazon.com/singlesignon/latest/userguide/understanding-sign-in-events.html):
 *       only the final {@code UserAuthentication} lists every credential verified: {@code
 *       EXTERNAL_IDP} {@code federated}, {@code TOTP} or {@code WEBAUTHN} {@code yes}, a password
 *       alone {@code no}; the challenge and verification steps {@code unknown}.
 *   <li>otherwise {@code federated} for a federated identity (below), else {@code unknown}.
 * </ol>
 * Other events use {@code userIdentity.sessionContext.attributes.mfaAuthenticated}: "true" is
 * {@code yes}; for a federated identity anything else is {@code federated}; "false" is {@code
 * no}; absent (access-key calls, AWS services) {@code unknown}. A federated identity is one of the
 * types SAMLUser, WebIdentityUser, IdentityCenterUser, FederatedUser; one with {@code
 * onBehalfOf}; a role session with {@code webIdFederationData.federatedProvider}; or an IAM
 * Identity Center permission-set role session ({@code assumed-role/AWSReservedSSO_…}, issuer under
 * {@code role/aws-reserved/sso.amazonaws.com/}). A role session from {@code AssumeRoleWithSAML}
 * carries no such mark in its API calls (only its console sign-in has {@code SamlProviderArn}), so
 * its calls show {@code no}.
 *
 * <h2>Outcome</h2>
 * {@code failure} when the record has an {@code errorCode}, or for a sign-in step whose own result
 * is {@code Failure}: {@code responseElements.ConsoleLogin} (and {@code CheckMfa}, {@code
 * SwitchRole}, {@code RenewRole}, {@code ExitRole}, {@code PasswordUpdated}) or, for IAM Identity
 * Center, {@code serviceEventDetails.CredentialChallenge}, {@code CredentialVerification} or
 * {@code UserAuthentication}; else {@code success}. {@code errorCode} and {@code errorMessage} are
 * the record's (a failed console sign-in has a message, "Failed authentication", and no code).
 */
package dev.cairn.alert.enrich;
