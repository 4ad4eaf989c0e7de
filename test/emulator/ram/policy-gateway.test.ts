/**
 * The policy engine end to end, through the real gateway: for generated policies, a RAM user (its
 * attached custom policies) and an assumed-role session (the role's policy plus a session `Policy`
 * on AssumeRole) call a CR action with the official @alicloud/openapi-client (V3). The call succeeds
 * exactly when the reference table says Allow; a refusal is 403 NoPrivilege whose AccessDeniedDetail
 * names the reference's decision and the deciding stage.
 */
import * as $Sts from "@alicloud/sts20150401";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../emulator/core/seeded-random";
import { v3Driver } from "../cr/official-drivers";
import { ownerKeys, rawV3, start, stsClient, userKeys, type Keys, type RunningEmulator } from "../core/harness";
import { generateCase, type Alphabet } from "./policy-cases";
import { referenceAuthorize, type RawDocument } from "./policy-reference";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await start({ registry: false });
});
afterAll(async () => {
  await emulator?.stop();
});

const UID = "1000000000000001";
const OTHER_UID = "2000000000000002";
const INSTANCE_ID = "cri-emuaadvanced0001";
const INSTANCE_ARN = `acs:cr:cn-hangzhou:${UID}:instance/${INSTANCE_ID}`;
const ROLE = "policy-prop-role";
/** Each CR call and the resource the documented ARN rules give it (acr-api.md §4.1). */
const CALLS: Record<string, { api: string; params: Record<string, string>; resource: string }> = {
  "cr:GetInstance": { api: "GetInstance", params: { InstanceId: INSTANCE_ID }, resource: INSTANCE_ARN },
  "cr:ListInstance": { api: "ListInstance", params: {}, resource: "*" },
};

/** What the gateway knows about every request here: loopback, plain HTTP, no MFA, the current time. */
const gatewayContext = () => ({
  "acs:SourceIp": "127.0.0.1",
  "acs:SecureTransport": "false",
  "acs:MFAPresent": "false",
  "acs:CurrentTime": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
});

/** Other values of each gateway fact: a case whose reference decision changes with one depends on that fact. */
const OTHER_FACTS: Array<[string, string]> = [
  ["acs:SourceIp", "10.1.2.3"],
  ["acs:SecureTransport", "true"],
  ["acs:CurrentTime", "1970-01-01T00:00:00Z"],
  ["acs:CurrentTime", "2100-01-01T00:00:00Z"],
];

const ALPHABET: Alphabet = {
  actions: Object.keys(CALLS),
  // Patterns that match the two calls are listed more than once so that allowed calls are common too.
  actionPatterns: ["cr:*", "cr:*", "*", "cr:Get*", "cr:GetInstance", "CR:getinstance", "cr:List*", "cr:?etInstance", "cr:Delete*", "ram:*"],
  resources: ["*"],
  resourcePatterns: [INSTANCE_ARN, "acs:cr:*:*:instance/*", "*", "*", "acs:cr:*:*:instance/cri-other", `acs:cr:*:${OTHER_UID}:*`, `acs:cr:cn-hangzhou:${UID}:*`],
  // Conditions the gateway's request meets are likelier than ones it fails, for the same reason.
  conditions: {
    IpAddress: { "acs:SourceIp": ["127.0.0.1", "10.0.0.0/8", "0.0.0.0/0"] },
    NotIpAddress: { "acs:SourceIp": ["10.0.0.0/8", "127.0.0.0/31"] },
    Bool: { "acs:SecureTransport": ["false", "false", "true"] },
    DateLessThan: { "acs:CurrentTime": ["2099-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "2000-01-01T00:00:00Z"] },
    DateGreaterThan: { "acs:CurrentTime": ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "2099-01-01T00:00:00Z"] },
    StringEquals: { "demo:team": ["ops"] },
  },
  context: {},
  optionalContext: false,
};

/** Lets the seeded user assume the role in session cases; attached throughout, so part of the user's identity set. */
const ASSUME: RawDocument = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `acs:ram::${UID}:role/${ROLE}` }] };

async function ram(action: string, query: Record<string, string>): Promise<void> {
  const response = await rawV3(emulator, { version: "2015-05-01", action, query, credentials: ownerKeys(emulator) });
  if (response.status !== 200) throw new Error(`${action} failed: ${JSON.stringify(response.body)}`);
}

/** Creates and attaches one custom policy per document; returns the clean-up. */
async function attachAll(documents: RawDocument[], target: { kind: "User" | "Role"; name: string }, prefix: string): Promise<() => Promise<void>> {
  const names = documents.map((_, j) => `${prefix}-${j}`);
  const holder: Record<string, string> = { [`${target.kind}Name`]: target.name };
  for (const [j, name] of names.entries()) {
    await ram("CreatePolicy", { PolicyName: name, PolicyDocument: JSON.stringify(documents[j]) });
    await ram(`AttachPolicyTo${target.kind}`, { PolicyType: "Custom", PolicyName: name, ...holder });
  }
  return async () => {
    for (const name of names) {
      await ram(`DetachPolicyFrom${target.kind}`, { PolicyType: "Custom", PolicyName: name, ...holder });
      await ram("DeletePolicy", { PolicyName: name });
    }
  };
}

describe("policy evaluation through the gateway, official V3 client", () => {
  it("allows a user's and an assumed-role session's CR call exactly when the reference table does, for 20 generated policies", async () => {
    const user = userKeys(emulator);
    const trust = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${UID}:root`] } }] };
    await ram("CreateRole", { RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) });
    const detachAssume = await attachAll([ASSUME], { kind: "User", name: "dev" }, "policy-prop-assume");
    const driver = v3Driver(emulator.port);
    const random = seededRandom(7);
    const outcomes: string[] = [];
    const decidedBy = new Set<string>();

    for (let i = 0; i < 20; i++) {
      const generated = generateCase(random, ALPHABET);
      const asSession = i % 2 === 1;
      const session = asSession ? (generated.session ?? generateCase(random, ALPHABET).identity[0]!) : undefined;
      const call = CALLS[generated.request.action]!;
      let keys: Keys = user;
      let identity = [ASSUME, ...generated.identity];
      const cleanUp = await attachAll(generated.identity, asSession ? { kind: "Role", name: ROLE } : { kind: "User", name: "dev" }, `policy-prop-${i}`);
      try {
        if (session) {
          const assumed = await stsClient(emulator, user).assumeRole(
            new $Sts.AssumeRoleRequest({ roleArn: `acs:ram::${UID}:role/${ROLE}`, roleSessionName: `case-${i}`, policy: JSON.stringify(session) }),
          );
          const c = assumed.body!.credentials!;
          keys = { accessKeyId: c.accessKeyId!, accessKeySecret: c.accessKeySecret!, securityToken: c.securityToken! };
          identity = generated.identity;
        }
        const facts = { action: generated.request.action, resource: call.resource, context: gatewayContext() };
        const want = referenceAuthorize(identity, session, facts);
        for (const [key, other] of OTHER_FACTS) {
          const changed = referenceAuthorize(identity, session, { ...facts, context: { ...facts.context, [key]: other } });
          if (changed.decision !== want.decision) decidedBy.add(`${key}=${other}`);
        }
        const outcome = await driver.call(call.api, call.params, keys);
        const seen = outcome.ok
          ? { decision: "Allow" }
          : {
              status: outcome.status,
              code: outcome.code,
              decision: (outcome.body.AccessDeniedDetail as Record<string, string> | undefined)?.NoPermissionType,
              deciding: (outcome.body.AccessDeniedDetail as Record<string, string> | undefined)?.PolicyType,
            };
        const expected = want.decision === "Allow" ? { decision: "Allow" } : { status: 403, code: "NoPrivilege", decision: want.decision, deciding: want.deciding };
        expect(seen, `case ${i} (${asSession ? "session" : "user"}): ${JSON.stringify({ identity: generated.identity, session, action: generated.request.action })}`).toEqual(expected);
        outcomes.push(want.decision);
      } finally {
        await cleanUp();
      }
    }
    await detachAssume();
    // This seed gives every outcome several times (4 Allow, 6 ExplicitDeny, 10 ImplicitDeny), so
    // neither "always allowed" nor "always refused" passes; and each fact the gateway supplies
    // decides at least one case, so a gateway that got the source address, the transport or the
    // time wrong would fail here.
    for (const decision of ["Allow", "ExplicitDeny", "ImplicitDeny"]) {
      expect(outcomes.filter((d) => d === decision).length, decision).toBeGreaterThanOrEqual(3);
    }
    expect([...decidedBy].sort()).toEqual(OTHER_FACTS.map(([key, other]) => `${key}=${other}`).sort());
  }, 120_000);
});
