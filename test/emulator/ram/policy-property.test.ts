/**
 * The emulator's policy engine (emulator/ram/policy) against the independent reference table
 * (policy-reference.ts): first one named case per documented rule, then thousands of seeded random
 * policy sets and requests, where every decision — and which stage decided a denial — must agree.
 */
import { describe, expect, it } from "vitest";
import { conditionContext } from "../../../emulator/ram/policy/conditions";
import { parsePolicyDocument } from "../../../emulator/ram/policy/document";
import { authorizeWithPolicies } from "../../../emulator/ram/policy/evaluate";
import { seededRandom } from "../../../emulator/core/seeded-random";
import { generateCase, shrink, type Alphabet, type PolicyCase } from "./policy-cases";
import { referenceAuthorize, type RawStatement, type ReferenceResult } from "./policy-reference";

const UID = "1000000000000001";
const INSTANCE = `acs:cr:cn-hangzhou:${UID}:instance/cri-1`;
const REPO = `acs:cr:cn-hangzhou:${UID}:repository/cri-1/ns/app`;

const ALPHABET: Alphabet = {
  actions: ["cr:GetInstance", "cr:ListInstance", "cr:GetRepository", "cr:DeleteRepository", "cr:CreateRepository", "ram:GetRole"],
  actionPatterns: ["*", "cr:*", "cr:Get*", "cr:get*", "CR:GETINSTANCE", "cr:?etInstance", "cr:Delete*", "ram:*", "cr:GetInstanc", "*:Get*", "cr:*Repository", "cr:List?nstance"],
  resources: [INSTANCE, REPO, `acs:cr:cn-hangzhou:${UID}:repository/cri-1/NS/app`, `acs:cr:cn-shanghai:${UID}:instance/cri-22`, "*"],
  resourcePatterns: [
    "*",
    "acs:cr:*:*:instance/*",
    "acs:cr:*:*:repository/cri-1/ns/*",
    "acs:cr:cn-hangzhou:*:*",
    "acs:cr:*:*:instance/cri-?",
    "acs:cr:*:*:repository/cri-1/*",
    `acs:cr:*:${UID}:*`,
    "acs:cr:*:*:repository/cri-1/Ns/*",
    "acs:ram:*:*:role/*",
  ],
  conditions: {
    StringEquals: { "demo:team": ["ops", "Ops", "dev*"] },
    StringNotEquals: { "demo:team": ["ops", "dev-1"] },
    StringEqualsIgnoreCase: { "demo:team": ["OPS", "dev"] },
    StringNotEqualsIgnoreCase: { "demo:team": ["OPS"] },
    StringLike: { "demo:team": ["dev*", "o?s", "*"] },
    StringNotLike: { "demo:team": ["dev*", "O*"] },
    NumericEquals: { "demo:count": ["5", "10"] },
    NumericLessThan: { "demo:count": ["5", "10"] },
    NumericGreaterThanEquals: { "demo:count": ["5"] },
    IpAddress: { "acs:SourceIp": ["10.0.0.0/8", "127.0.0.1", "192.168.0.0/16", "0.0.0.0/0", "127.0.0.0/31", "10.1.2.0/30", "10.1.2.4/30"] },
    NotIpAddress: { "acs:SourceIp": ["10.0.0.0/8", "127.0.0.1", "0.0.0.0/0"] },
    Bool: { "acs:SecureTransport": ["true", "false", "TRUE"], "acs:MFAPresent": ["true", "false"] },
    DateLessThan: { "acs:CurrentTime": ["2020-06-01T12:00:00Z", "2026-06-01T00:00:00Z"] },
    DateLessThanEquals: { "acs:CurrentTime": ["2020-06-01T12:00:00Z"] },
    DateGreaterThan: { "acs:CurrentTime": ["2000-01-01T00:00:00Z", "2026-06-01T00:00:00Z"] },
    DateEquals: { "acs:CurrentTime": ["2020-06-01T12:00:00Z"] },
  },
  context: {
    "demo:team": ["ops", "Ops", "dev", "dev-1"],
    "demo:count": ["1", "5", "7", "10"],
    "acs:SourceIp": ["10.1.2.3", "127.0.0.1", "192.168.1.1"],
    "acs:SecureTransport": ["true", "false"],
    "acs:MFAPresent": ["false", "TRUE"],
    "acs:CurrentTime": ["2000-01-01T00:00:00Z", "2020-06-01T12:00:00Z", "2026-06-01T00:00:00Z", "2099-01-01T00:00:00Z"],
  },
  optionalContext: true,
};

/** The emulator's answer, through its own parser (so grammar normalisation is part of what is compared). */
function emulatorAuthorize(c: PolicyCase): ReferenceResult {
  const parse = (d: unknown) => parsePolicyDocument(JSON.stringify(d), "identity");
  const result = authorizeWithPolicies(
    { identity: c.identity.map(parse), ...(c.session ? { session: parse(c.session) } : {}) },
    { action: c.request.action, resource: c.request.resource, context: conditionContext(c.request.context) },
  );
  return { decision: result.decision, ...(result.deciding ? { deciding: result.deciding } : {}) };
}

const reference = (c: PolicyCase) => referenceAuthorize(c.identity, c.session, c.request);
const disagree = (c: PolicyCase) => JSON.stringify(emulatorAuthorize(c)) !== JSON.stringify(reference(c));

const one = (...statements: RawStatement[]) => [{ Version: "1" as const, Statement: statements }];
const allowAll: RawStatement = { Effect: "Allow", Action: "*", Resource: "*" };
const request = (action: string, resource = INSTANCE, context: Record<string, string> = {}) => ({ action, resource, context });

describe("policy evaluation, one named case per documented rule", () => {
  const cases: Array<{ rule: string; c: PolicyCase; want: ReferenceResult["decision"] }> = [
    { rule: "no matching statement is an implicit deny", c: { identity: one({ Effect: "Allow", Action: "ram:*", Resource: "*" }), request: request("cr:GetInstance") }, want: "ImplicitDeny" },
    { rule: "an explicit Deny wins over an Allow", c: { identity: [...one(allowAll), ...one({ Effect: "Deny", Action: "cr:Get*", Resource: "*" })], request: request("cr:GetInstance") }, want: "ExplicitDeny" },
    { rule: "`*` in an action matches any run", c: { identity: one({ Effect: "Allow", Action: "cr:G*e", Resource: "*" }), request: request("cr:GetInstance") }, want: "Allow" },
    { rule: "`?` in an action matches one character", c: { identity: one({ Effect: "Allow", Action: "cr:?etInstance", Resource: "*" }), request: request("cr:GetInstance") }, want: "Allow" },
    { rule: "action names compare case-insensitively", c: { identity: one({ Effect: "Allow", Action: "CR:getINSTANCE", Resource: "*" }), request: request("cr:GetInstance") }, want: "Allow" },
    { rule: "a resource wildcard matches a run of the ARN", c: { identity: one({ Effect: "Allow", Action: "cr:*", Resource: "acs:cr:*:*:repository/cri-1/*" }), request: request("cr:GetRepository", REPO) }, want: "Allow" },
    { rule: "resources compare case-sensitively", c: { identity: one({ Effect: "Allow", Action: "cr:*", Resource: "acs:cr:*:*:repository/cri-1/NS/*" }), request: request("cr:GetRepository", REPO) }, want: "ImplicitDeny" },
    { rule: "NotAction with Allow grants all but the listed actions", c: { identity: one({ Effect: "Allow", NotAction: "cr:Delete*", Resource: "*" }), request: request("cr:DeleteRepository", REPO) }, want: "ImplicitDeny" },
    { rule: "NotAction with Deny denies all but the listed actions", c: { identity: one(allowAll, { Effect: "Deny", NotAction: "cr:Get*", Resource: "*" }), request: request("cr:ListInstance") }, want: "ExplicitDeny" },
    { rule: "NotResource with Allow covers all but the listed resources", c: { identity: one({ Effect: "Allow", Action: "cr:*", NotResource: INSTANCE }), request: request("cr:GetInstance") }, want: "ImplicitDeny" },
    {
      rule: "several values of one condition key are OR",
      c: { identity: one({ ...allowAll, Condition: { IpAddress: { "acs:SourceIp": ["192.168.0.0/16", "10.0.0.0/8"] } } }), request: request("cr:GetInstance", INSTANCE, { "acs:SourceIp": "10.1.2.3" }) },
      want: "Allow",
    },
    {
      rule: "several keys under one operator are AND",
      c: { identity: one({ ...allowAll, Condition: { StringEquals: { "demo:team": "ops", "demo:count": "5" } } }), request: request("cr:GetInstance", INSTANCE, { "demo:team": "ops", "demo:count": "7" }) },
      want: "ImplicitDeny",
    },
    {
      rule: "several operators are AND",
      c: { identity: one({ ...allowAll, Condition: { Bool: { "acs:SecureTransport": "false" }, DateLessThan: { "acs:CurrentTime": "2020-06-01T12:00:00Z" } } }), request: request("cr:GetInstance", INSTANCE, { "acs:SecureTransport": "false", "acs:CurrentTime": "2026-06-01T00:00:00Z" }) },
      want: "ImplicitDeny",
    },
    { rule: "a positive operator on a missing key does not hold", c: { identity: one({ ...allowAll, Condition: { StringLike: { "demo:team": "*" } } }), request: request("cr:GetInstance") }, want: "ImplicitDeny" },
    { rule: "a negated operator on a missing key holds", c: { identity: one({ ...allowAll, Condition: { NotIpAddress: { "acs:SourceIp": "0.0.0.0/0" } } }), request: request("cr:GetInstance") }, want: "Allow" },
    { rule: "an …IfExists operator on a missing key holds", c: { identity: one({ ...allowAll, Condition: { StringEqualsIfExists: { "demo:team": "ops" } } }), request: request("cr:GetInstance") }, want: "Allow" },
    {
      rule: "condition key names compare case-insensitively",
      c: { identity: one({ ...allowAll, Condition: { IpAddress: { "ACS:SOURCEIP": "127.0.0.1" } } }), request: request("cr:GetInstance", INSTANCE, { "acs:SourceIp": "127.0.0.1" }) },
      want: "Allow",
    },
    { rule: "a session policy narrows the role: both must allow", c: { identity: one(allowAll), session: one({ Effect: "Allow", Action: "cr:List*", Resource: "*" })[0]!, request: request("cr:GetInstance") }, want: "ImplicitDeny" },
    { rule: "a session policy cannot widen the role", c: { identity: one({ Effect: "Allow", Action: "cr:List*", Resource: "*" }), session: one(allowAll)[0]!, request: request("cr:GetInstance") }, want: "ImplicitDeny" },
    { rule: "a Deny in the session policy denies", c: { identity: one(allowAll), session: one(allowAll, { Effect: "Deny", Action: "cr:Get*", Resource: "*" })[0]!, request: request("cr:GetInstance") }, want: "ExplicitDeny" },
    { rule: "session and role both allowing allows", c: { identity: one(allowAll), session: one({ Effect: "Allow", Action: "cr:Get*", Resource: INSTANCE })[0]!, request: request("cr:GetInstance") }, want: "Allow" },
  ];
  it.each(cases)("$rule", ({ c, want }) => {
    expect(reference(c).decision).toBe(want);
    expect(emulatorAuthorize(c)).toEqual(reference(c));
  });
});

describe("policy evaluation, property-tested against the reference table", () => {
  it("agrees with the reference on 3,000 seeded random policy sets and requests", () => {
    const random = seededRandom(0x5eed_2026);
    const tally: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      const c = generateCase(random, ALPHABET);
      if (disagree(c)) {
        const minimal = shrink(c, disagree);
        throw new Error(
          `case ${i} disagrees; minimal case:\n${JSON.stringify(minimal, null, 2)}\n` +
            `emulator: ${JSON.stringify(emulatorAuthorize(minimal))}\nreference: ${JSON.stringify(reference(minimal))}`,
        );
      }
      const { decision, deciding } = reference(c);
      tally[`${decision}${deciding ? `/${deciding}` : ""}`] = (tally[`${decision}${deciding ? `/${deciding}` : ""}`] ?? 0) + 1;
    }
    // The alphabet is small so that every outcome, and both deciding stages, occur often.
    for (const outcome of ["Allow", "ExplicitDeny/AccountLevelIdentityBasedPolicy", "ImplicitDeny/AccountLevelIdentityBasedPolicy", "ExplicitDeny/SessionPolicy", "ImplicitDeny/SessionPolicy"]) {
      expect(tally[outcome] ?? 0, `${outcome} in ${JSON.stringify(tally)}`).toBeGreaterThanOrEqual(100);
    }
  });
});
