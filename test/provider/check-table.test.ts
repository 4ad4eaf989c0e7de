/**
 * check() at preview: each invalid input gives one failure naming the field and the fix, and no
 * call reaches the (emulated) cloud. H5's replication resources keep their own table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusedAtPreview } from "./check-refusal";
import { UNKNOWN } from "../../provider/inputs";
import { dispatch, PROVIDER_TEXT, startProviderHarness, type ProviderHarness } from "./harness";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.stop());

const trust = { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] };
const identity = { Version: "1", Statement: [{ Effect: "Allow", Action: ["cr:GetRepository"], Resource: "*" }] };
const withStatement = (base: typeof identity | typeof trust, patch: Record<string, unknown>, drop: string[] = []) => {
  const statement: Record<string, unknown> = { ...base.Statement[0], ...patch };
  for (const key of drop) delete statement[key];
  return { Version: "1", Statement: [statement] };
};

const valid: Record<string, Record<string, unknown>> = {
  Namespace: { instanceId: "cri-abc123", name: "team-a" },
  Repository: { instanceId: "cri-abc123", namespace: "team-a", name: "web", summary: "web", repoType: "PRIVATE" },
  InstanceCredential: { instanceId: "cri-abc123", password: "Good-Pass-1" },
  RamRole: { name: "Deployer", assumeRolePolicyDocument: trust },
  RamPolicy: { name: "Pull-Images", document: identity },
  RamRolePolicyAttachment: { roleName: "Deployer", policyName: "Pull-Images", policyType: "Custom" },
};

type Case = [label: string, type: string, patch: Record<string, unknown>, property: string, reason: RegExp];

const cases: Case[] = [
  ["namespace name with upper case", "Namespace", { name: "Team" }, "name", /lower-case/],
  ["namespace name of one character", "Namespace", { name: "a" }, "name", /2-120/],
  ["namespace name ending with a separator", "Namespace", { name: "team-" }, "name", /not starting or ending with a separator/],
  ["namespace name starting with a dot", "Namespace", { name: ".team" }, "name", /separator/],
  ["namespace name of 121 characters", "Namespace", { name: "a".repeat(121) }, "name", /2-120/],
  ["namespace name missing", "Namespace", { name: undefined }, "name", /is required/],
  ["instance id without cri-", "Namespace", { instanceId: "i-123" }, "instanceId", /cri-/],
  ["instance id missing", "Namespace", { instanceId: undefined }, "instanceId", /is required/],
  ["unknown default repo type", "Namespace", { defaultRepoType: "SHARED" }, "defaultRepoType", /PUBLIC or PRIVATE/],
  ["auto-create as a string", "Namespace", { autoCreateRepo: "yes" }, "autoCreateRepo", /true or false/],
  ["repository name with a slash", "Repository", { name: "web/app" }, "name", /'\.' and '\/' are not allowed/],
  ["repository name with a dot", "Repository", { name: "web.app" }, "name", /lower-case letters, digits, '-' or '_'/],
  ["repository name of 65 characters", "Repository", { name: "a".repeat(65) }, "name", /1-64/],
  ["repository name starting with '-'", "Repository", { name: "-web" }, "name", /not starting with '-' or '_'/],
  ["repository name starting with '_'", "Repository", { name: "_web" }, "name", /not starting with '-' or '_'/],
  ["repository name with upper case", "Repository", { name: "Web" }, "name", /lower-case/],
  ["repository in an invalid namespace", "Repository", { namespace: "Team A" }, "namespace", /lower-case/],
  ["empty summary", "Repository", { summary: "" }, "summary", /must not be empty/],
  ["summary of 101 characters", "Repository", { summary: "s".repeat(101) }, "summary", /at most 100/],
  ["summary missing", "Repository", { summary: undefined }, "summary", /is required/],
  ["detail of 2001 characters", "Repository", { detail: "d".repeat(2001) }, "detail", /at most 2000/],
  ["lower-case repo type", "Repository", { repoType: "private" }, "repoType", /PUBLIC or PRIVATE/],
  ["tag immutability as a string", "Repository", { tagImmutability: "yes" }, "tagImmutability", /true or false/],
  ["login password of 7 characters", "InstanceCredential", { password: "Abc-123" }, "password", /8-32/],
  ["login password of 33 characters", "InstanceCredential", { password: "A1".repeat(16) + "x" }, "password", /8-32/],
  ["login password of letters only", "InstanceCredential", { password: "onlyletters" }, "password", /at least two of/],
  ["login password with a space", "InstanceCredential", { password: "Good Pass 1" }, "password", /without spaces/],
  ["rotation as a number", "InstanceCredential", { rotation: 3 }, "rotation", /must be a string/],
  ["role name with an underscore", "RamRole", { name: "my_role" }, "name", /letters, digits, '\.' and '-'/],
  ["role name of 65 characters", "RamRole", { name: "r".repeat(65) }, "name", /at most 64/],
  ["empty role name", "RamRole", { name: "" }, "name", /must not be empty/],
  ["trust policy that is not JSON", "RamRole", { assumeRolePolicyDocument: "{Version: 1" }, "assumeRolePolicyDocument", /not valid JSON/],
  ["trust policy with Version 2", "RamRole", { assumeRolePolicyDocument: { ...trust, Version: "2" } }, "assumeRolePolicyDocument", /"Version": "1"/],
  ["trust policy without a Principal", "RamRole", { assumeRolePolicyDocument: withStatement(trust, {}, ["Principal"]) }, "assumeRolePolicyDocument", /Principal is required/],
  ["trust policy with a User principal", "RamRole", { assumeRolePolicyDocument: withStatement(trust, { Principal: { User: ["x"] } }) }, "assumeRolePolicyDocument", /RAM, Service or Federated/],
  ["trust policy over 2048 characters", "RamRole", { assumeRolePolicyDocument: JSON.stringify(trust).padEnd(2049, " ") }, "assumeRolePolicyDocument", /at most 2048/],
  ["empty role description", "RamRole", { description: "" }, "description", /leave it out or give 1-1024/],
  ["role description of 1025 characters", "RamRole", { description: "d".repeat(1025) }, "description", /at most 1024/],
  ["session duration under an hour", "RamRole", { maxSessionDuration: 3599 }, "maxSessionDuration", /3600 to 43200/],
  ["session duration over 12 hours", "RamRole", { maxSessionDuration: 43201 }, "maxSessionDuration", /3600 to 43200/],
  ["fractional session duration", "RamRole", { maxSessionDuration: 3600.5 }, "maxSessionDuration", /whole number/],
  ["policy name with a dot", "RamPolicy", { name: "pull.images" }, "name", /letters, digits and '-'/],
  ["policy name of 129 characters", "RamPolicy", { name: "p".repeat(129) }, "name", /at most 128/],
  ["identity policy with a Principal", "RamPolicy", { document: withStatement(identity, { Principal: { RAM: ["*"] } }) }, "document", /only allowed in a role's trust policy/],
  ["identity policy without Resource", "RamPolicy", { document: withStatement(identity, {}, ["Resource"]) }, "document", /exactly one of Resource or NotResource/],
  ["policy Effect in lower case", "RamPolicy", { document: withStatement(identity, { Effect: "allow" }) }, "document", /"Allow" or "Deny"/],
  ["policy action without a service", "RamPolicy", { document: withStatement(identity, { Action: "GetRepository" }) }, "document", /<service>:<Action>/],
  ["policy with both Action and NotAction", "RamPolicy", { document: withStatement(identity, { NotAction: "cr:*" }) }, "document", /exactly one of Action or NotAction/],
  ["policy resource that is not an ARN", "RamPolicy", { document: withStatement(identity, { Resource: "arn:aws:s3:::x" }) }, "document", /acs:<service>/],
  ["policy over 6144 characters", "RamPolicy", { document: JSON.stringify(identity).padEnd(6145, " ") }, "document", /at most 6144/],
  ["empty policy document", "RamPolicy", { document: "" }, "document", /must not be empty/],
  ["policy document with an unknown top-level key", "RamPolicy", { document: { ...identity, Id: "x" } }, "document", /unknown top-level element "Id"/],
  ["policy document as a number", "RamPolicy", { document: 42 }, "document", /JSON policy document/],
  ["policy type in lower case", "RamRolePolicyAttachment", { policyType: "system" }, "policyType", /System or Custom/],
  ["attachment to an invalid role name", "RamRolePolicyAttachment", { roleName: "bad role" }, "roleName", /letters, digits/],
  ["attachment of an invalid policy name", "RamRolePolicyAttachment", { policyName: "bad_policy" }, "policyName", /letters, digits and '-'/],
  ["assumeRole without a roleArn", "Namespace", { connection: { assumeRole: { sessionName: "s" } } }, "connection.assumeRole.roleArn", /roleArn is required/],
  ["adopt as a string", "Repository", { adopt: "true" }, "adopt", /true or false/],
];

describe("check() refuses invalid inputs with one failure per field and no API call", () => {
  it("has at least 40 cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(Object.entries(valid))("accepts a valid %s", async (type, bag) => {
    expect((await dispatch.check(type, {}, { ...bag, __provider: PROVIDER_TEXT })).failures).toEqual([]);
  });

  it.each(cases)("refuses %s", (_label, type, patch, property, reason) => expectRefusedAtPreview(h, type, { ...valid[type], ...patch }, property, reason));

  it("reports every bad field at once", async () => {
    const result = await dispatch.check("Repository", {}, { instanceId: "x", namespace: "A", name: "/", summary: "", repoType: "?" });
    expect(result.failures.map((f) => f.property).sort()).toEqual(["instanceId", "name", "namespace", "repoType", "summary"]);
  });

  it("does not judge values still unknown at preview", async () => {
    const result = await dispatch.check("Repository", {}, { ...valid.Repository, namespace: UNKNOWN, name: UNKNOWN, repoType: UNKNOWN, __provider: PROVIDER_TEXT });
    expect(result.failures).toEqual([]);
    expect((await dispatch.check("RamRole", {}, { name: "R", assumeRolePolicyDocument: UNKNOWN })).failures).toEqual([]);
  });

  it("never echoes a connection secret in a failure", async () => {
    const result = await dispatch.check("Namespace", {}, { ...valid.Namespace, name: "BAD", connection: { secretKey: "TopSecretValue123", region: 7 } });
    expect(result.failures.map((f) => f.property).sort()).toEqual(["connection.region", "name"]);
    expect(JSON.stringify(result.failures)).not.toContain("TopSecretValue123");
  });
});
