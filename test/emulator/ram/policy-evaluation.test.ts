/**
 * Policy evaluation as ram-sts-signing.md §2.2–2.4 describes it, as tables: Deny wins, wildcards,
 * NotAction/NotResource, resource ARNs, conditions, session-policy intersection and trust principals.
 * Expectations come from the reference docs ([R]) or its stated emulator decisions ([I]).
 */
import { describe, expect, it } from "vitest";
import { conditionContext } from "../../../emulator/ram/policy/conditions";
import { parsePolicyDocument, type PolicyDocument } from "../../../emulator/ram/policy/document";
import { authorizeWithPolicies, evaluatePolicies, type Decision } from "../../../emulator/ram/policy/evaluate";
import { evaluateTrust, type TrustPrincipal } from "../../../emulator/ram/policy/trust";

const UID = "1000000000000001";
const OTHER = "2000000000000002";
const noContext = conditionContext({});

function policy(...statements: Record<string, unknown>[]): PolicyDocument {
  return parsePolicyDocument(JSON.stringify({ Version: "1", Statement: statements }), "identity");
}

function trust(...statements: Record<string, unknown>[]): PolicyDocument {
  return parsePolicyDocument(JSON.stringify({ Version: "1", Statement: statements }), "trust");
}

const allowAllCr = { Effect: "Allow", Action: "cr:*", Resource: "*" };

describe("identity policy evaluation", () => {
  const cases: Array<{ name: string; docs: PolicyDocument[]; action: string; resource: string; want: Decision }> = [
    { name: "nothing attached is an implicit deny", docs: [], action: "ram:GetRole", resource: `acs:ram::${UID}:role/a`, want: "ImplicitDeny" },
    { name: "a matching Allow allows", docs: [policy(allowAllCr)], action: "cr:GetInstance", resource: "acs:cr:cn-hangzhou:1:instance/cri-1", want: "Allow" },
    {
      name: "an explicit Deny wins over an Allow in another policy",
      docs: [policy(allowAllCr), policy({ Effect: "Deny", Action: "cr:DeleteRepository", Resource: "*" })],
      action: "cr:DeleteRepository",
      resource: "acs:cr:cn-hangzhou:1:repository/cri-1/ns/app",
      want: "ExplicitDeny",
    },
    {
      name: "a Deny for another action leaves the Allow standing",
      docs: [policy(allowAllCr, { Effect: "Deny", Action: "cr:DeleteRepository", Resource: "*" })],
      action: "cr:GetRepository",
      resource: "*",
      want: "Allow",
    },
    {
      name: "`*` in an action matches any run of characters",
      docs: [policy({ Effect: "Allow", Action: "ram:Get*", Resource: "*" })],
      action: "ram:GetPolicyVersion",
      resource: "*",
      want: "Allow",
    },
    {
      name: "`?` matches exactly one character",
      docs: [policy({ Effect: "Allow", Action: "ram:Get?ole", Resource: "*" })],
      action: "ram:GetRole",
      resource: "*",
      want: "Allow",
    },
    {
      name: "`?` does not match two characters",
      docs: [policy({ Effect: "Allow", Action: "ram:Get?ole", Resource: "*" })],
      action: "ram:GetXRole",
      resource: "*",
      want: "ImplicitDeny",
    },
    {
      name: "actions compare case-insensitively",
      docs: [policy({ Effect: "Allow", Action: "RAM:getrole", Resource: "*" })],
      action: "ram:GetRole",
      resource: "*",
      want: "Allow",
    },
    {
      name: "an action wildcard is anchored (no prefix match)",
      docs: [policy({ Effect: "Allow", Action: "ram:Get", Resource: "*" })],
      action: "ram:GetRole",
      resource: "*",
      want: "ImplicitDeny",
    },
    {
      name: "NotAction with Allow grants everything except the listed actions",
      docs: [policy({ Effect: "Allow", NotAction: "ram:Delete*", Resource: "*" })],
      action: "ram:CreateRole",
      resource: "*",
      want: "Allow",
    },
    {
      name: "NotAction with Allow does not grant a listed action",
      docs: [policy({ Effect: "Allow", NotAction: "ram:Delete*", Resource: "*" })],
      action: "ram:DeleteRole",
      resource: "*",
      want: "ImplicitDeny",
    },
    {
      name: "a resource ARN with the account wildcard matches that resource",
      docs: [policy({ Effect: "Allow", Action: "ram:GetRole", Resource: "acs:ram:*:*:role/app-*" })],
      action: "ram:GetRole",
      resource: `acs:ram::${UID}:role/app-deployer`,
      want: "Allow",
    },
    {
      name: "a resource ARN for another account does not match",
      docs: [policy({ Effect: "Allow", Action: "ram:GetRole", Resource: `acs:ram::${OTHER}:role/*` })],
      action: "ram:GetRole",
      resource: `acs:ram::${UID}:role/app`,
      want: "ImplicitDeny",
    },
    {
      name: "resources compare case-sensitively",
      docs: [policy({ Effect: "Allow", Action: "cr:*", Resource: "acs:cr:*:*:repository/cri-1/NS/*" })],
      action: "cr:GetRepository",
      resource: "acs:cr:cn-hangzhou:1:repository/cri-1/ns/app",
      want: "ImplicitDeny",
    },
    {
      name: "a namespace-wide CR ARN covers its repositories",
      docs: [policy({ Effect: "Allow", Action: "cr:*", Resource: "acs:cr:*:*:repository/cri-1/ns/*" })],
      action: "cr:GetRepository",
      resource: "acs:cr:cn-hangzhou:1:repository/cri-1/ns/app",
      want: "Allow",
    },
    {
      name: "NotResource with Allow covers everything but the listed resources",
      docs: [policy({ Effect: "Allow", Action: "cr:*", NotResource: "acs:cr:*:*:instance/cri-secret" })],
      action: "cr:GetInstance",
      resource: "acs:cr:cn-hangzhou:1:instance/cri-secret",
      want: "ImplicitDeny",
    },
    {
      name: "a single value and a one-element array are equivalent",
      docs: [policy({ Effect: "Allow", Action: ["ram:GetRole"], Resource: ["*"] })],
      action: "ram:GetRole",
      resource: "*",
      want: "Allow",
    },
  ];
  it.each(cases)("$name", ({ docs, action, resource, want }) => {
    expect(evaluatePolicies(docs, { action, resource, context: noContext })).toBe(want);
  });
});

describe("conditions", () => {
  const ipOnly = policy({
    Effect: "Allow",
    Action: "cr:*",
    Resource: "*",
    Condition: { IpAddress: { "acs:SourceIp": ["10.0.0.0/8", "127.0.0.1"] } },
  });
  const cases: Array<{ name: string; doc: PolicyDocument; context: Record<string, string>; want: Decision }> = [
    { name: "IpAddress allows an address inside the CIDR", doc: ipOnly, context: { "acs:SourceIp": "10.1.2.3" }, want: "Allow" },
    { name: "IpAddress refuses an address outside every entry (values are OR)", doc: ipOnly, context: { "acs:SourceIp": "192.168.1.1" }, want: "ImplicitDeny" },
    { name: "a condition on a missing key does not hold", doc: ipOnly, context: {}, want: "ImplicitDeny" },
    {
      name: "condition keys are case-insensitive",
      doc: ipOnly,
      context: { "ACS:SOURCEIP": "127.0.0.1" },
      want: "Allow",
    },
    {
      name: "several keys under one operator are AND",
      doc: policy({
        Effect: "Allow",
        Action: "cr:*",
        Resource: "*",
        Condition: { StringEquals: { "acs:a": "1", "acs:b": "2" } },
      }),
      context: { "acs:a": "1", "acs:b": "3" },
      want: "ImplicitDeny",
    },
    {
      name: "DateLessThan compares times",
      doc: policy({
        Effect: "Allow",
        Action: "cr:*",
        Resource: "*",
        Condition: { DateLessThan: { "acs:CurrentTime": "2030-01-01T00:00:00Z" } },
      }),
      context: { "acs:CurrentTime": "2029-12-31T23:59:59Z" },
      want: "Allow",
    },
    {
      name: "Bool false blocks insecure transport when true is required",
      doc: policy({ Effect: "Allow", Action: "cr:*", Resource: "*", Condition: { Bool: { "acs:SecureTransport": "true" } } }),
      context: { "acs:SecureTransport": "false" },
      want: "ImplicitDeny",
    },
  ];
  it.each(cases)("$name", ({ doc, context, want }) => {
    expect(evaluatePolicies([doc], { action: "cr:GetInstance", resource: "*", context: conditionContext(context) })).toBe(want);
  });
});

describe("session policy intersection", () => {
  const role = [policy({ Effect: "Allow", Action: ["cr:*", "ram:Get*"], Resource: "*" })];
  const session = policy({ Effect: "Allow", Action: ["cr:Get*", "ram:*"], Resource: "*" });
  const cases: Array<{ action: string; want: Decision; deciding?: string }> = [
    { action: "cr:GetInstance", want: "Allow" },
    { action: "cr:DeleteRepository", want: "ImplicitDeny", deciding: "SessionPolicy" },
    { action: "ram:GetRole", want: "Allow" },
    { action: "ram:CreateRole", want: "ImplicitDeny", deciding: "AccountLevelIdentityBasedPolicy" },
  ];
  it.each(cases)("$action: allowed only where both the session and the role allow ($want)", ({ action, want, deciding }) => {
    const result = authorizeWithPolicies({ identity: role, session }, { action, resource: "*", context: noContext });
    expect(result.decision).toBe(want);
    expect(result.deciding).toBe(deciding);
  });
});

describe("trust policy principals", () => {
  const user: TrustPrincipal = { kind: "ram", accountId: UID, arn: `acs:ram::${UID}:user/dev` };
  const roleSession: TrustPrincipal = { kind: "ram", accountId: UID, arn: `acs:ram::${UID}:role/deployer` };
  const outsider: TrustPrincipal = { kind: "ram", accountId: OTHER, arn: `acs:ram::${OTHER}:user/dev` };
  const crFromSource: TrustPrincipal = { kind: "service", name: `${OTHER}@cr.aliyuncs.com` };
  const assume = (principal: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    trust({ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal, ...extra });

  const cases: Array<{ name: string; doc: PolicyDocument; caller: TrustPrincipal; context?: Record<string, string>; want: Decision }> = [
    { name: "an account root principal admits that account's users", doc: assume({ RAM: [`acs:ram::${UID}:root`] }), caller: user, want: "Allow" },
    { name: "an account root principal admits that account's role sessions", doc: assume({ RAM: [`acs:ram::${UID}:root`] }), caller: roleSession, want: "Allow" },
    { name: "an account root principal refuses another account", doc: assume({ RAM: [`acs:ram::${UID}:root`] }), caller: outsider, want: "ImplicitDeny" },
    { name: "a user principal admits that user", doc: assume({ RAM: `acs:ram::${UID}:user/dev` }), caller: user, want: "Allow" },
    { name: "a user principal refuses another user", doc: assume({ RAM: `acs:ram::${UID}:user/ops` }), caller: user, want: "ImplicitDeny" },
    { name: "a role principal admits sessions of that role", doc: assume({ RAM: `acs:ram::${UID}:role/deployer` }), caller: roleSession, want: "Allow" },
    {
      name: "the cross-account service principal <uid>@cr.aliyuncs.com admits CR acting for that account",
      doc: assume({ Service: [`${OTHER}@cr.aliyuncs.com`] }),
      caller: crFromSource,
      want: "Allow",
    },
    {
      name: "a service principal for another source account does not admit it",
      doc: assume({ Service: [`${UID}@cr.aliyuncs.com`] }),
      caller: crFromSource,
      want: "ImplicitDeny",
    },
    { name: "RAM users cannot assume a service-trusted role", doc: assume({ Service: ["cr.aliyuncs.com"] }), caller: user, want: "ImplicitDeny" },
    {
      name: "an ExternalId condition admits the matching id",
      doc: assume({ RAM: `acs:ram::${UID}:root` }, { Condition: { StringEquals: { "sts:ExternalId": "abc-123" } } }),
      caller: user,
      context: { "sts:ExternalId": "abc-123" },
      want: "Allow",
    },
    {
      name: "an ExternalId condition refuses a missing id",
      doc: assume({ RAM: `acs:ram::${UID}:root` }, { Condition: { StringEquals: { "sts:ExternalId": "abc-123" } } }),
      caller: user,
      want: "ImplicitDeny",
    },
    {
      name: "a Deny statement in the trust policy wins",
      doc: trust(
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: `acs:ram::${UID}:root` } },
        { Effect: "Deny", Action: "sts:AssumeRole", Principal: { RAM: `acs:ram::${UID}:user/dev` } },
      ),
      caller: user,
      want: "ExplicitDeny",
    },
    {
      name: "a statement for another action does not admit AssumeRole",
      doc: trust({ Effect: "Allow", Action: "sts:Other", Principal: { RAM: `acs:ram::${UID}:root` } }),
      caller: user,
      want: "ImplicitDeny",
    },
  ];
  it.each(cases)("$name", ({ doc, caller, context, want }) => {
    expect(evaluateTrust(doc, caller, conditionContext(context ?? {}))).toBe(want);
  });
});
