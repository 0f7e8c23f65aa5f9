/**
 * Every validation rule of the policy model, table-driven: accepted cases give no problem, rejected cases give
 * exactly the listed problems (full text: path, field, value, rule, fix).
 */
import { formatProblem } from "../../modules/core/errors";
import { Condition, PolicyDocument, Principal, policySize } from "../../modules/policy";
import type { PolicyUse, StatementProps, ValidateOptions } from "../../modules/policy";

const BROAD = 'or set allowBroad: { reason: "..." } on the statement to accept it knowingly.';
const TRUST_LIST = "sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:SetContext, sts:SetSourceIdentity, sts:TagSession";

interface Case {
  name: string;
  use: PolicyUse;
  statements: StatementProps[];
  opts?: Partial<ValidateOptions>;
  /** Expected problems as `field = value: rule Fix: fix` (path "P" is prepended). */
  expect: string[];
}

const read: StatementProps = { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket/*"] };
const ec2Trust: StatementProps = { actions: ["sts:AssumeRole"], principals: [Principal.service("ec2.amazonaws.com")] };

const accepted: Case[] = [
  { name: "plain identity statement", use: "identity", statements: [read], expect: [] },
  { name: "action names are case-insensitive", use: "identity", statements: [{ actions: ["S3:getobject"], resources: ["*"] }], expect: [] },
  { name: "wildcard matching existing actions", use: "identity", statements: [{ actions: ["ec2:Describe*", "s3:Get?bject"], resources: ["*"] }], expect: [] },
  { name: "IAM policy variable in a resource", use: "identity", statements: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::home/${aws:username}/*"] }], expect: [] },
  { name: "Deny of everything needs no opt-in", use: "identity", statements: [{ effect: "Deny", actions: ["*"], resources: ["*"] }], expect: [] },
  { name: "Deny with NotAction needs no opt-in", use: "identity", statements: [{ effect: "Deny", notActions: ["iam:*"], resources: ["*"] }], expect: [] },
  { name: "service wildcard on a specific resource", use: "identity", statements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"] }], expect: [] },
  {
    name: "broad grant with a written reason",
    use: "identity",
    statements: [{ actions: ["*"], resources: ["*"], allowBroad: { reason: "break-glass administrator role" } }],
    expect: [],
  },
  { name: "iam:PassRole on named roles", use: "identity", statements: [{ actions: ["iam:PassRole"], resources: ["arn:aws:iam::123456789012:role/app"] }], expect: [] },
  { name: "EC2 trust policy", use: "trust", statements: [ec2Trust], expect: [] },
  {
    name: "trust with account, role ARN, OIDC and tags",
    use: "trust",
    statements: [
      {
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [Principal.account("123456789012"), Principal.arn("arn:aws:iam::123456789012:role/ci")],
        conditions: [Condition.stringEquals("sts:ExternalId", "x-1")],
      },
      {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [Principal.federated("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com")],
        conditions: [Condition.stringLike("token.actions.githubusercontent.com:sub", "repo:org/*")],
      },
    ],
    expect: [],
  },
  {
    name: "resource policy with anyone and a reason",
    use: "resource",
    statements: [
      {
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::site/*"],
        principals: [Principal.anyone({ reason: "public website" })],
        conditions: [Condition.stringEquals("aws:PrincipalOrgID", "o-abc123")],
      },
    ],
    expect: [],
  },
  {
    name: "every typed condition operator with good values",
    use: "identity",
    statements: [
      {
        actions: ["s3:GetObject"],
        resources: ["*"],
        conditions: [
          Condition.bool("aws:SecureTransport", true),
          Condition.numericLessThan("s3:max-keys", 10),
          Condition.dateLessThan("aws:CurrentTime", new Date(Date.UTC(2030, 0, 1))),
          Condition.ipAddress("aws:SourceIp", ["203.0.113.0/24", "2001:db8::/32"]),
          Condition.arnLike("aws:SourceArn", "arn:aws:sns:*:123456789012:topic"),
          Condition.isNull("aws:TokenIssueTime", false),
          Condition.stringLike("aws:RequestTag/team", "a*").forAnyValue().ifExists(),
        ],
      },
    ],
    expect: [],
  },
  {
    name: "literal ARN in the stack partition",
    use: "identity",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws-cn:s3:::bucket/*"] }],
    opts: { partition: "aws-cn" },
    expect: [],
  },
  {
    name: "references are not shape-checked",
    use: "identity",
    statements: [{ actions: ["s3:GetObject"], resources: ["${TfToken[TOKEN.1]}", "${TfToken[TOKEN.2]}/*"] }],
    expect: [],
  },
  {
    name: "actions on resources of their type",
    use: "identity",
    statements: [
      { actions: ["s3:ListBucket", "s3:GetObject"], resources: ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/report.csv"] },
      { actions: ["ec2:DescribeInstances", "s3:ListAllMyBuckets"], resources: ["*"] },
      { actions: ["kms:Decrypt"], resources: ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"] },
    ],
    expect: [],
  },
  {
    name: "catalog checks skipped with a reason (action, resource type, condition key)",
    use: "identity",
    statements: [
      {
        actions: ["s3:BrandNewAction", "s3:GetObject"],
        resources: ["arn:aws:s3:::bucket"],
        conditions: [Condition.stringEquals("s3:BrandNewKey", "x")],
        skipCatalogCheck: { reason: "announced at re:Invent, not in the catalog yet" },
      },
    ],
    expect: [],
  },
  {
    name: "condition keys: global, tag keys, service keys, providers outside the catalog",
    use: "identity",
    statements: [
      {
        actions: ["iam:PassRole"],
        resources: ["arn:aws:iam::123456789012:role/app"],
        conditions: [
          Condition.stringEquals("iam:PassedToService", "ec2.amazonaws.com"),
          Condition.stringEquals("aws:principalorgid", "o-1"),
          Condition.stringEquals("aws:PrincipalTag/team", "platform"),
          Condition.stringEquals("saml:aud", "https://signin.aws.amazon.com/saml"),
        ],
      },
    ],
    expect: [],
  },
  {
    name: "resource type check skipped with a reason",
    use: "identity",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket"], skipCatalogCheck: { reason: "new S3 feature not in the catalog yet" } }],
    expect: [],
  },
  {
    name: "trust policy at a raised quota",
    use: "trust",
    statements: [{ ...ec2Trust, conditions: [Condition.stringEquals("aws:SourceAccount", Array.from({ length: 170 }, (_, i) => String(100000000000 + i)))] }],
    opts: { maxSize: 4096 },
    expect: [],
  },
];

const rejected: Case[] = [
  {
    name: "unknown action, with a suggestion",
    use: "identity",
    statements: [{ actions: ["s3:GetObjekt"], resources: ["*"] }],
    expect: ['statements[0].actions[0] = "s3:GetObjekt": "GetObjekt" is not an action of s3 (Amazon S3). Fix: Did you mean s3:GetObject or s3:PutObject or s3:GetObjectAcl?'],
  },
  {
    name: "unknown service",
    use: "identity",
    statements: [{ actions: ["s4:GetObject"], resources: ["*"] }],
    expect: ['statements[0].actions[0] = "s4:GetObject": "s4" is not the prefix of an AWS service. Fix: Did you mean "s3"?'],
  },
  {
    name: "wildcard matching nothing",
    use: "identity",
    statements: [{ actions: ["s3:Frobnicate*"], resources: ["*"] }],
    expect: ['statements[0].actions[0] = "s3:Frobnicate*": The pattern "s3:Frobnicate*" matches no action. Fix: Correct the pattern so that it matches at least one existing action.'],
  },
  {
    name: "malformed action",
    use: "identity",
    statements: [{ actions: ["GetObject", "s3:Get:Object"], resources: ["*"] }],
    expect: [
      'statements[0].actions[0] = "GetObject": An action is written "service:ActionName" (wildcards * and ? allowed), or "*". Fix: Write it like "s3:GetObject".',
      'statements[0].actions[1] = "s3:Get:Object": An action is written "service:ActionName" (wildcards * and ? allowed), or "*". Fix: Write it like "s3:GetObject".',
    ],
  },
  {
    name: "NotAction entries are checked too",
    use: "identity",
    statements: [{ effect: "Deny", notActions: ["iam:GetUsr"], resources: ["*"] }],
    expect: ['statements[0].notActions[0] = "iam:GetUsr": "GetUsr" is not an action of iam (AWS Identity and Access Management (IAM)). Fix: Did you mean iam:GetUser?'],
  },
  {
    name: "Sid with a dash",
    use: "identity",
    statements: [{ ...read, sid: "read-objects" }],
    expect: ['statements[0].sid = "read-objects": A Sid may contain only the letters A-Z, a-z and the digits 0-9. Fix: Remove spaces, dashes and other characters from the Sid.'],
  },
  {
    name: "duplicate Sid",
    use: "identity",
    statements: [
      { ...read, sid: "Read" },
      { ...read, sid: "Read" },
    ],
    expect: ['statements[1].sid = "Read": Sid "Read" is already used by statements[0]; a Sid must be unique in its document. Fix: Give each statement its own Sid, or drop the Sid.'],
  },
  {
    name: "actions and notActions together",
    use: "identity",
    statements: [{ effect: "Deny", actions: ["s3:GetObject"], notActions: ["s3:PutObject"], resources: ["*"] }],
    expect: ["statements[0]: A statement has either actions or notActions, not both. Fix: Keep one of the two lists; express exceptions with a separate Deny statement."],
  },
  {
    name: "resources and notResources together",
    use: "identity",
    statements: [{ effect: "Deny", actions: ["s3:GetObject"], resources: ["*"], notResources: ["arn:aws:s3:::b/*"] }],
    expect: ["statements[0]: A statement has either resources or notResources, not both. Fix: Keep one of the two lists; express exceptions with a separate Deny statement."],
  },
  {
    name: "principals and notPrincipals together",
    use: "resource",
    statements: [{ effect: "Deny", actions: ["s3:GetObject"], resources: ["*"], principals: [Principal.account("123456789012")], notPrincipals: [Principal.account("210987654321")] }],
    expect: ["statements[0]: A statement has either principals or notPrincipals, not both. Fix: Keep one of the two lists; express exceptions with a separate Deny statement."],
  },
  {
    name: "no action at all",
    use: "identity",
    statements: [{ resources: ["*"] }],
    expect: ['statements[0]: A statement needs actions (or notActions). Fix: List the actions it is about, for example actions: ["s3:GetObject"].'],
  },
  {
    name: "empty lists",
    use: "identity",
    statements: [{ actions: [], resources: ["*"] }],
    expect: ["statements[0].actions = []: actions is an empty list. Fix: List at least one entry, or leave actions out."],
  },
  {
    name: "identity policy without a resource",
    use: "identity",
    statements: [{ actions: ["s3:ListAllMyBuckets"] }],
    expect: ['statements[0]: A statement of an identity policy needs resources (or notResources). Fix: List the resource ARNs, or ["*"] for actions that do not support resource-level permissions.'],
  },
  {
    name: "identity policy with a principal",
    use: "identity",
    statements: [{ ...read, principals: [Principal.account("123456789012")] }],
    expect: ["statements[0].principals: An identity policy has no principals: it applies to the user, group or role it is attached to. Fix: Remove the principals, or use the document as a trust or resource policy."],
  },
  {
    name: "trust policy without a principal, with a resource",
    use: "trust",
    statements: [{ actions: ["sts:AssumeRole"], resources: ["*"] }],
    expect: [
      "statements[0].resources: A trust policy has no resources: the resource is the role itself. Fix: Remove the resources.",
      'statements[0]: A statement of a trust policy needs principals. Fix: Name who may assume the role, for example principals: [Principal.service("ec2.amazonaws.com")].',
    ],
  },
  {
    name: "trust policy with other actions",
    use: "trust",
    statements: [{ actions: ["sts:AssumeRole", "s3:GetObject", "sts:Get*"], principals: [Principal.service("ec2.amazonaws.com")] }],
    expect: [
      `statements[0].actions[1] = "s3:GetObject": A trust policy may allow only ${TRUST_LIST}. Fix: List those actions by name; grant other permissions in a policy attached to the role.`,
      `statements[0].actions[2] = "sts:Get*": A trust policy may allow only ${TRUST_LIST} (it also matches sts:GetAccessKeyInfo, sts:GetCallerIdentity, sts:GetDelegatedAccessToken, ...). Fix: List those actions by name; grant other permissions in a policy attached to the role.`,
    ],
  },
  {
    name: "trust policy with NotAction and NotPrincipal",
    use: "trust",
    statements: [{ effect: "Deny", notActions: ["sts:AssumeRole"], notPrincipals: [Principal.account("123456789012")] }],
    expect: [
      'statements[0]: A statement of a trust policy needs principals. Fix: Name who may assume the role, for example principals: [Principal.service("ec2.amazonaws.com")].',
      "statements[0].notPrincipals: A trust policy cannot use notPrincipals. Fix: Name the principals that may assume the role.",
      `statements[0].notActions: A trust policy cannot use notActions. Fix: List the actions: ${TRUST_LIST}.`,
    ],
  },
  {
    name: "resource policy without a principal",
    use: "resource",
    statements: [read],
    expect: ["statements[0]: A statement of a resource policy needs principals (or notPrincipals). Fix: Name who the statement applies to."],
  },
  {
    name: "resource that is not an ARN",
    use: "identity",
    statements: [{ actions: ["s3:GetObject"], resources: ["my-bucket/*"] }],
    expect: ['statements[0].resources[0] = "my-bucket/*": A resource is "*" or an ARN "arn:partition:service:region:account:resource". Fix: Write the full ARN, or pass the ARN attribute of the resource.'],
  },
  {
    name: "ARN with too few parts",
    use: "identity",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:bucket"] }],
    expect: ['statements[0].resources[0] = "arn:aws:s3:bucket": An ARN has six parts: "arn:partition:service:region:account:resource". Fix: Write the full ARN (for example "arn:aws:s3:::my-bucket/*"), or pass the ARN attribute of the resource.'],
  },
  {
    name: "ARN parts: partition, service, region, account, resource",
    use: "identity",
    statements: [
      {
        actions: ["s3:GetObject"],
        resources: ["arn:amazon:s3:::b", "arn:aws:S3:::b", "arn:aws:sqs:europe:123456789012:q", "arn:aws:sqs:eu-west-1:12345:q", "arn:aws:sqs:eu-west-1:123456789012:"],
      },
    ],
    expect: [
      'statements[0].resources[0] = "arn:amazon:s3:::b": "amazon" is not an AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc). Fix: Use the partition of the stack, for example arn:aws:... .',
      'statements[0].resources[1] = "arn:aws:S3:::b": The service part "S3" of an ARN is lower-case letters, digits and dashes. Fix: Use the service namespace, for example "s3" or "dynamodb".',
      'statements[0].resources[2] = "arn:aws:sqs:europe:123456789012:q": The region part "europe" is not a region name such as eu-west-1. Fix: Use a region name, a wildcard, or leave it empty for global resources.',
      'statements[0].resources[3] = "arn:aws:sqs:eu-west-1:12345:q": The account part "12345" has 5 digits; an account id has 12. Fix: Use the 12-digit account id (keep leading zeros).',
      'statements[0].resources[4] = "arn:aws:sqs:eu-west-1:123456789012:": The resource part of the ARN is empty. Fix: Name the resource, or use "*" for all of them.',
    ],
  },
  {
    name: "IAM ARN with a region",
    use: "identity",
    statements: [{ actions: ["iam:GetRole"], resources: ["arn:aws:iam:eu-west-1:123456789012:role/x"] }],
    expect: ['statements[0].resources[0] = "arn:aws:iam:eu-west-1:123456789012:role/x": IAM ARNs have an empty region part. Fix: Write arn:aws:iam::<account>:... .'],
  },
  {
    name: "ARN in another partition than the stack",
    use: "identity",
    statements: [read],
    opts: { partition: "aws-cn" },
    expect: ['statements[0].resources[0] = "arn:aws:s3:::bucket/*": The ARN is in partition "aws" but the stack is in partition "aws-cn". Fix: Write arn:aws-cn:... (the stack\'s partition).'],
  },
  {
    name: "malformed principals",
    use: "resource",
    statements: [
      {
        actions: ["s3:GetObject"],
        resources: ["*"],
        principals: [
          Principal.service("ec2"),
          Principal.account("1234"),
          Principal.arn("arn:aws:s3:::bucket"),
          Principal.arn("arn:aws:iam::123456789012:role/*"),
          Principal.federated("not a host"),
        ],
      },
    ],
    expect: [
      'statements[0].principals[0] = "ec2": A service principal is a DNS name such as "ec2.amazonaws.com". Fix: Use the service principal from the service\'s documentation.',
      'statements[0].principals[1] = "1234": An account principal is a 12-digit AWS account id. Fix: Pass the 12-digit account id as a string (keep leading zeros).',
      'statements[0].principals[2] = "arn:aws:s3:::bucket": A principal ARN names an account root, IAM user, IAM role or role session (arn:aws:iam::123456789012:role/name). Fix: Pass the ARN of a role or user, or use Principal.account(...) or Principal.service(...).',
      'statements[0].principals[3] = "arn:aws:iam::123456789012:role/*": A principal ARN cannot hold wildcards. Fix: Name the principal exactly, or allow a wider principal and narrow it with a condition on "aws:PrincipalArn".',
      'statements[0].principals[4] = "not a host": A federated principal is a provider ARN or a web identity host such as "cognito-identity.amazonaws.com". Fix: Use the provider\'s ARN or host name.',
    ],
  },
  {
    name: "anyone without a reason",
    use: "resource",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], principals: [Principal.anyone({ reason: " " })] }],
    expect: [
      'statements[0].principals[0] = "*": Principal "*" (anyone, including anonymous callers) needs an explicit opt-in with a written reason. Fix: Name the principals, or use Principal.anyone({ reason: "..." }) and narrow it with a condition such as aws:PrincipalOrgID.',
    ],
  },
  {
    name: "Allow of * on *",
    use: "identity",
    statements: [{ actions: ["*"], resources: ["*"] }],
    expect: [`statements[0].actions[0] = "*": Allow of "*" on resource "*" grants every action of every service on every resource. Fix: List the actions and resources needed, ${BROAD}`],
  },
  {
    name: "Allow of service:* on *",
    use: "identity",
    statements: [{ actions: ["s3:GetObject", "s3:*"], resources: ["*"] }],
    expect: [`statements[0].actions[1] = "s3:*": Allow of "s3:*" on resource "*" grants every action of s3 on every resource. Fix: List the actions and resources needed, ${BROAD}`],
  },
  {
    name: "iam:PassRole (or a pattern covering it) on *",
    use: "identity",
    statements: [{ actions: ["iam:PassRole", "iam:Pass*"], resources: ["*"] }],
    expect: [
      `statements[0].actions[0] = "iam:PassRole": iam:PassRole on resource "*" lets the holder hand any role to a service. Fix: Name the role ARNs that may be passed (and add a condition on iam:PassedToService), ${BROAD}`,
      `statements[0].actions[1] = "iam:Pass*": iam:PassRole on resource "*" lets the holder hand any role to a service. Fix: Name the role ARNs that may be passed (and add a condition on iam:PassedToService), ${BROAD}`,
    ],
  },
  {
    name: "Allow with NotAction, NotResource",
    use: "identity",
    statements: [
      { notActions: ["iam:*"], resources: ["*"] },
      { actions: ["s3:GetObject"], notResources: ["arn:aws:s3:::secret/*"] },
    ],
    expect: [
      `statements[0].notActions: Allow with notActions grants every other action, including actions AWS adds later. Fix: Allow the specific actions instead, ${BROAD}`,
      `statements[1].notResources: Allow with notResources grants access to every other resource, including resources created later. Fix: Allow the specific resources instead, ${BROAD}`,
    ],
  },
  {
    name: "Allow with NotPrincipal",
    use: "resource",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], notPrincipals: [Principal.account("123456789012")] }],
    expect: [`statements[0].notPrincipals: Allow with notPrincipals grants access to everyone else, including anonymous callers. Fix: Allow the specific principals instead, ${BROAD}`],
  },
  {
    name: "opt-in without a reason does not count",
    use: "identity",
    statements: [{ actions: ["*"], resources: ["*"], allowBroad: { reason: "" } }],
    expect: [
      'statements[0].allowBroad.reason = "": An allowBroad opt-in needs a written reason. Fix: Say why the broad grant is needed, in one sentence.',
      `statements[0].actions[0] = "*": Allow of "*" on resource "*" grants every action of every service on every resource. Fix: List the actions and resources needed, ${BROAD}`,
    ],
  },
  {
    name: "characters IAM does not accept",
    use: "identity",
    statements: [{ sid: "Caf\u00e9", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/\u2603"] }],
    expect: [
      'statements[0].sid = "Café": A Sid may contain only the letters A-Z, a-z and the digits 0-9. Fix: Remove spaces, dashes and other characters from the Sid.',
      'statements[0].resources[0] = "arn:aws:s3:::b/\u2603": IAM accepts only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy; found U+2603. Fix: Remove or replace the character.',
    ],
  },
  {
    name: "condition values of the wrong type",
    use: "identity",
    statements: [
      {
        actions: ["s3:GetObject"],
        resources: ["*"],
        conditions: [
          Condition.of("Bool", "aws:SecureTransport", "yes"),
          Condition.of("NumericLessThan", "s3:max-keys", "ten"),
          Condition.of("DateGreaterThan", "aws:CurrentTime", "tomorrow"),
          Condition.ipAddress("aws:SourceIp", "300.1.1.1/8"),
          Condition.arnEquals("aws:SourceArn", "my-topic"),
          Condition.stringEquals("aws:PrincipalOrgID", []),
        ],
      },
    ],
    expect: [
      'statements[0].conditions[0].values[0] = "yes": Bool compares with "true" or "false". Fix: Pass a boolean.',
      'statements[0].conditions[1].values[0] = "ten": NumericLessThan compares with a number. Fix: Pass a number.',
      'statements[0].conditions[2].values[0] = "tomorrow": DateGreaterThan compares with an ISO 8601 date (2026-01-31T00:00:00Z) or epoch seconds. Fix: Pass a Date or an ISO 8601 string.',
      'statements[0].conditions[3].values[0] = "300.1.1.1/8": IpAddress compares with an IP address or CIDR block such as 203.0.113.0/24. Fix: Pass a CIDR block.',
      'statements[0].conditions[4].values[0] = "my-topic": ArnEquals compares with ARNs ("arn:partition:service:region:account:resource"). Fix: Pass full ARNs (wildcards allowed).',
      "statements[0].conditions[5].values = []: A condition needs at least one value. Fix: Give the value(s) to compare with.",
    ],
  },
  {
    name: "unknown operator, bad key, Null with IfExists, same key twice",
    use: "identity",
    statements: [
      {
        actions: ["s3:GetObject"],
        resources: ["*"],
        conditions: [
          Condition.of("StringEqual", "aws:x", "a"),
          Condition.stringEquals("SourceIp", "a"),
          Condition.of("NullIfExists", "aws:TokenIssueTime", "true"),
          Condition.stringEquals("aws:PrincipalOrgID", "o-1"),
          Condition.stringEquals("aws:PrincipalOrgID", "o-2"),
        ],
      },
    ],
    expect: [
      'statements[0].conditions[0].operator = "StringEqual": "StringEqual" is not an IAM condition operator. Fix: Did you mean StringEquals or StringEqualsIgnoreCase?',
      'statements[0].conditions[1].key = "SourceIp": A condition key is written "prefix:name", for example "aws:SourceIp". Fix: Use a context key from the IAM reference.',
      'statements[0].conditions[2].operator = "NullIfExists": The Null operator cannot take IfExists. Fix: Use Null alone.',
      'statements[0].conditions[4] = "StringEquals aws:PrincipalOrgID": conditions[3] already tests aws:PrincipalOrgID with StringEquals; a JSON policy can hold the pair only once. Fix: Put all values in one condition (values of one key are ORed).',
    ],
  },
  {
    name: "actions that never match the listed resources",
    use: "identity",
    statements: [
      { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket"] },
      { actions: ["ec2:DescribeInstances"], resources: ["arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0"] },
      { actions: ["kms:Decrypt"], resources: ["arn:aws:kms:eu-west-1:123456789012:alias/app"] },
    ],
    expect: [
      'statements[0].actions[0] = "s3:GetObject": s3:GetObject applies to accesspointobject: arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}; object: arn:${Partition}:s3:::${BucketName}/${ObjectName}; none of the statement\'s resources is one, so it never matches. Fix: Add a resource ARN of that type (or "*"), or move the action to a statement whose resources match; set skipCatalogCheck: { reason } if the catalog is behind AWS.',
      'statements[1].actions[0] = "ec2:DescribeInstances": ec2:DescribeInstances does not support resource-level permissions: it matches only resource "*", never the ARNs listed. Fix: Move it to a statement with resources: ["*"] (narrow it with conditions if needed), or set skipCatalogCheck: { reason } if the catalog is behind AWS.',
      'statements[2].actions[0] = "kms:Decrypt": kms:Decrypt applies to key: arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}; none of the statement\'s resources is one, so it never matches. Fix: Add a resource ARN of that type (or "*"), or move the action to a statement whose resources match; set skipCatalogCheck: { reason } if the catalog is behind AWS.',
    ],
  },
  {
    name: "skipCatalogCheck without a reason",
    use: "identity",
    statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::bucket"], skipCatalogCheck: { reason: "" } }],
    expect: [
      'statements[0].skipCatalogCheck.reason = "": A skipCatalogCheck opt-out needs a written reason. Fix: Say why the catalog is wrong for this statement, in one sentence.',
      'statements[0].actions[0] = "s3:GetObject": s3:GetObject applies to accesspointobject: arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}; object: arn:${Partition}:s3:::${BucketName}/${ObjectName}; none of the statement\'s resources is one, so it never matches. Fix: Add a resource ARN of that type (or "*"), or move the action to a statement whose resources match; set skipCatalogCheck: { reason } if the catalog is behind AWS.',
    ],
  },
  {
    name: "unknown condition keys, with suggestions",
    use: "identity",
    statements: [
      {
        effect: "Deny",
        actions: ["s3:PutObject"],
        resources: ["*"],
        conditions: [Condition.bool("aws:SecureTransprot", false), Condition.stringNotEquals("iam:PasedToService", "ec2.amazonaws.com")],
      },
    ],
    expect: [
      'statements[0].conditions[0].key = "aws:SecureTransprot": "aws:SecureTransprot" is not a condition key AWS knows (global keys); a request never carries it. Fix: Did you mean aws:SecureTransport?',
      'statements[0].conditions[1].key = "iam:PasedToService": "iam:PasedToService" is not a condition key AWS knows (global keys and keys of iam); a request never carries it. Fix: Did you mean iam:PassedToService?',
    ],
  },
  {
    name: "empty document",
    use: "identity",
    statements: [],
    expect: ["statements: A policy document needs at least one statement. Fix: Add a statement, or leave the policy out."],
  },
];

function run(c: Case): string[] {
  const doc = new PolicyDocument({ statements: c.statements });
  return doc.validate(c.use, { path: "P", ...c.opts }).map(formatProblem);
}

describe("accepted", () => {
  test.each(accepted.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(run(c)).toEqual([]);
  });
});

describe("rejected", () => {
  test.each(rejected.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(run(c)).toEqual(c.expect.map((e) => `P: ${e}`));
  });
});

describe("problems carry path, field prefix, value, rule and fix", () => {
  test("field prefix and structured problem", () => {
    const doc = new PolicyDocument({ statements: [{ actions: ["s3:GetObjekt"], resources: ["*"] }] });
    const [p] = doc.validate("identity", { path: "app/stack/Policy", field: "document" });
    expect(p).toEqual({
      path: "app/stack/Policy",
      field: "document.statements[0].actions[0]",
      value: '"s3:GetObjekt"',
      rule: '"GetObjekt" is not an action of s3 (Amazon S3).',
      fix: "Did you mean s3:GetObject or s3:PutObject or s3:GetObjectAcl?",
    });
  });

  test("every problem of a document is collected, not just the first", () => {
    const doc = new PolicyDocument({
      statements: [
        { sid: "a-b", actions: ["s3:Nope"], resources: ["bad"] },
        { actions: ["*"], resources: ["*"] },
      ],
    });
    expect(doc.validate("identity", { path: "P" }).map((p) => p.field)).toEqual([
      "statements[0].sid",
      "statements[0].actions[0]",
      "statements[0].resources[0]",
      "statements[1].actions[0]",
    ]);
  });

  test("a custom reference test", () => {
    const doc = new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["REF(bucket)"] }] });
    expect(doc.validate("identity", { path: "P" })).toHaveLength(1);
    expect(doc.validate("identity", { path: "P", isReference: (s) => s.startsWith("REF(") })).toEqual([]);
  });
});

describe("size limits (non-whitespace characters)", () => {
  /** A statement whose JSON adds exactly `n` characters to a document (n >= 60). */
  function docOfSize(target: number): PolicyDocument {
    const base = new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/"] }] });
    const pad = target - JSON.stringify(base.toJSON()).length;
    return new PolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: [`arn:aws:s3:::b/${"x".repeat(pad)}`] }] });
  }

  test.each([
    ["managed", 6144],
    ["roleInlineTotal", 10240],
    ["userInlineTotal", 2048],
    ["groupInlineTotal", 5120],
  ] as const)("%s: %i accepted, one more rejected", (limit, size) => {
    expect(docOfSize(size).validate("identity", { path: "P", limit })).toEqual([]);
    const over = docOfSize(size + 1).validate("identity", { path: "P", limit }).map(formatProblem);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatch(new RegExp(`^P = "${size + 1} characters": .* may hold at most ${size} non-whitespace characters; this one has ${size + 1}\\. Fix: Split it`));
  });

  test("the managed-policy message", () => {
    expect(docOfSize(6145).validate("identity", { path: "P", limit: "managed" }).map(formatProblem)).toEqual([
      'P = "6145 characters": A managed policy may hold at most 6144 non-whitespace characters; this one has 6145. Fix: Split it into several policies, merge statements with PolicyDocument.merged(), or shorten ARNs with wildcards that keep least privilege.',
    ]);
  });

  test("whitespace does not count", () => {
    const doc = docOfSize(200);
    expect(JSON.stringify(doc.toJSON(), null, 2).length).toBeGreaterThan(200);
    expect(policySize(JSON.stringify(doc.toJSON(), null, 2))).toBe(200);
    expect(policySize(doc)).toBe(200);
  });

  const trustOf = (n: number) => {
    const values = Array.from({ length: n }, (_, i) => String(100000000000 + i));
    return new PolicyDocument({ statements: [{ ...ec2Trust, conditions: [Condition.stringEquals("aws:SourceAccount", values)] }] });
  };

  test("trust policy: 2,048 by default, a raised quota up to 4,096 may be declared", () => {
    const big = trustOf(150); // about 150 + 150*15 characters
    const problems = big.validate("trust", { path: "P" }).map(formatProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^P = "\d+ characters": A role trust policy may hold at most 2048 non-whitespace characters; this one has \d+\. Fix: .* or have the quota raised \(up to 4096\) and declare it with maxSize\.$/,
    );
    expect(big.validate("trust", { path: "P", maxSize: 4096 })).toEqual([]);
  });

  test("declared quotas are checked", () => {
    const small = new PolicyDocument({ statements: [ec2Trust] });
    expect(small.validate("trust", { path: "P", maxSize: 5000 }).map(formatProblem)).toEqual([
      "P: maxSize = 5000: AWS raises this quota to at most 4096 characters. Fix: Declare at most 4096, the quota your account has.",
    ]);
    expect(small.validate("trust", { path: "P", maxSize: 1000 }).map(formatProblem)).toEqual([
      "P: maxSize = 1000: A declared quota must be a whole number of at least the default 2048. Fix: Declare the quota your account has, or leave maxSize out.",
    ]);
    const id = new PolicyDocument({ statements: [read] });
    expect(id.validate("identity", { path: "P", limit: "managed", maxSize: 10000 }).map(formatProblem)).toEqual([
      "P: maxSize = 10000: A managed policy is limited to 6144 characters; AWS does not raise this quota. Fix: Leave maxSize out and split the policy instead.",
    ]);
  });

  test("identity and resource policies have no default per-document limit", () => {
    expect(docOfSize(9000).validate("identity", { path: "P" })).toEqual([]);
  });
});
