# The CIS pack (rules/cis-aws-foundations.yaml) written in jq, as a baseline for `cairn scan`.
# CloudWatch Logs semantics: a comparison needs the field to be present and a string.
def s($f): ($f | type) == "string";
def name_in($xs): s(.eventName) and (.eventName | IN($xs[]));
def hit($id): {rule: $id, eventID, eventTime, eventName, eventSource, awsRegion,
  account: .recipientAccountId, principal: .userIdentity.arn, sourceIPAddress};
.Records[]
| (if s(.errorCode) and ((.errorCode | endswith("UnauthorizedOperation")) or (.errorCode | startswith("AccessDenied"))) then hit("cis-4.1") else empty end),
  (if .eventName == "ConsoleLogin" and s(.additionalEventData.MFAUsed) and .additionalEventData.MFAUsed != "Yes"
      and .userIdentity.type == "IAMUser" and .responseElements.ConsoleLogin == "Success" then hit("cis-4.2") else empty end),
  (if .userIdentity.type == "Root" and ((.userIdentity | has("invokedBy")) | not) and s(.eventType)
      and .eventType != "AwsServiceEvent" then hit("cis-4.3") else empty end),
  (if name_in(["DeleteGroupPolicy","DeleteRolePolicy","DeleteUserPolicy","PutGroupPolicy","PutRolePolicy","PutUserPolicy",
      "CreatePolicy","DeletePolicy","CreatePolicyVersion","DeletePolicyVersion","AttachRolePolicy","DetachRolePolicy",
      "AttachUserPolicy","DetachUserPolicy","AttachGroupPolicy","DetachGroupPolicy"]) then hit("cis-4.4") else empty end),
  (if name_in(["CreateTrail","UpdateTrail","DeleteTrail","StartLogging","StopLogging"]) then hit("cis-4.5") else empty end),
  (if .eventName == "ConsoleLogin" and .errorMessage == "Failed authentication" then hit("cis-4.6") else empty end),
  (if .eventSource == "kms.amazonaws.com" and name_in(["DisableKey","ScheduleKeyDeletion"]) then hit("cis-4.7") else empty end),
  (if .eventSource == "s3.amazonaws.com" and name_in(["PutBucketAcl","PutBucketPolicy","PutBucketCors","PutBucketLifecycle",
      "PutBucketReplication","DeleteBucketPolicy","DeleteBucketCors","DeleteBucketLifecycle","DeleteBucketReplication"]) then hit("cis-4.8") else empty end),
  (if .eventSource == "config.amazonaws.com" and name_in(["StopConfigurationRecorder","DeleteDeliveryChannel",
      "PutDeliveryChannel","PutConfigurationRecorder"]) then hit("cis-4.9") else empty end),
  (if name_in(["AuthorizeSecurityGroupIngress","AuthorizeSecurityGroupEgress","RevokeSecurityGroupIngress",
      "RevokeSecurityGroupEgress","CreateSecurityGroup","DeleteSecurityGroup"]) then hit("cis-4.10") else empty end),
  (if name_in(["CreateNetworkAcl","CreateNetworkAclEntry","DeleteNetworkAcl","DeleteNetworkAclEntry",
      "ReplaceNetworkAclEntry","ReplaceNetworkAclAssociation"]) then hit("cis-4.11") else empty end),
  (if name_in(["CreateCustomerGateway","DeleteCustomerGateway","AttachInternetGateway","CreateInternetGateway",
      "DeleteInternetGateway","DetachInternetGateway"]) then hit("cis-4.12") else empty end),
  (if name_in(["CreateRoute","CreateRouteTable","ReplaceRoute","ReplaceRouteTableAssociation","DeleteRouteTable",
      "DeleteRoute","DisassociateRouteTable"]) then hit("cis-4.13") else empty end),
  (if name_in(["CreateVpc","DeleteVpc","ModifyVpcAttribute","AcceptVpcPeeringConnection","CreateVpcPeeringConnection",
      "DeleteVpcPeeringConnection","RejectVpcPeeringConnection","AttachClassicLinkVpc","DetachClassicLinkVpc",
      "DisableVpcClassicLink","EnableVpcClassicLink"]) then hit("cis-4.14") else empty end),
  (if .eventSource == "organizations.amazonaws.com" and name_in(["AcceptHandshake","AttachPolicy","CreateAccount",
      "CreateOrganizationalUnit","CreatePolicy","DeclineHandshake","DeleteOrganization","DeleteOrganizationalUnit",
      "DeletePolicy","DetachPolicy","DisablePolicyType","EnablePolicyType","InviteAccountToOrganization",
      "LeaveOrganization","MoveAccount","RemoveAccountFromOrganization","UpdatePolicy","UpdateOrganizationalUnit"]) then hit("cis-4.15") else empty end)
