/**
 * The provider accepts exactly what the service accepts: each candidate name or password goes
 * through check() and through the real call on the emulator (which encodes the documented rules),
 * and both must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsFor, type AcrClients } from "../../provider/clients";
import { AcsError } from "../../sdk/errors";
import { dispatch, startProviderHarness, type ProviderHarness } from "./harness";

let h: ProviderHarness;
let clients: AcrClients;
beforeAll(async () => {
  h = await startProviderHarness();
  clients = clientsFor({ region: "cn-hangzhou", accessKey: h.keysA.accessKeyId, secretKey: h.keysA.accessKeySecret, endpoints: { cr: h.emulator.endpoint, ram: h.emulator.endpoint, sts: h.emulator.endpoint } });
  await clients.cr.createNamespace({ InstanceId: h.instanceA, NamespaceName: "parity" });
});
afterAll(() => h.stop());

const trust = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: ["ecs.aliyuncs.com"] } }] });
const policy = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "cr:Get*", Resource: "*" }] });

/** True when the service took it; false when it refused it as invalid. */
async function serviceAccepts(work: () => Promise<unknown>, undo: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
  } catch (error) {
    if (AcsError.is(error) && error.httpStatus < 500) return false;
    throw error;
  }
  await undo();
  return true;
}

async function providerAccepts(type: string, bag: Record<string, unknown>, field: string): Promise<boolean> {
  const { failures } = await dispatch.check(type, {}, bag);
  return !failures.some((f) => f.property === field);
}

type Row = [candidate: string];
const rows = (values: string[]): Row[] => values.map((v) => [v]);

describe("check() and the service agree", () => {
  it.each(rows(["ab", "a", "a.b", "a..b", "-ab", "ab-", "a_b", "AB", "a".repeat(120), "a".repeat(121), "a b", "a/b", "0-9"]))("on namespace name %j", async (name) => {
    const ours = await providerAccepts("Namespace", { instanceId: h.instanceA, name }, "name");
    const theirs = await serviceAccepts(
      () => clients.cr.createNamespace({ InstanceId: h.instanceA, NamespaceName: name }),
      () => clients.cr.deleteNamespace({ InstanceId: h.instanceA, NamespaceName: name }),
    );
    expect(ours).toBe(theirs);
  });

  it.each(rows(["a", "a-", "-a", "_a", "a_b", "a.b", "a/b", "A", "a".repeat(64), "a".repeat(65), "9", "a--b", "web-front_2"]))("on repository name %j", async (name) => {
    const ours = await providerAccepts("Repository", { instanceId: h.instanceA, namespace: "parity", name, summary: "s", repoType: "PRIVATE" }, "name");
    const theirs = await serviceAccepts(
      () => clients.cr.createRepository({ InstanceId: h.instanceA, RepoNamespaceName: "parity", RepoName: name, RepoType: "PRIVATE", Summary: "s" }),
      () => clients.cr.deleteRepository({ InstanceId: h.instanceA, RepoNamespaceName: "parity", RepoName: name }),
    );
    expect(ours).toBe(theirs);
  });

  it.each(rows(["a", "a.b-c", "a_b", "a b", "r".repeat(64), "r".repeat(65), "A@b", "Role-1.x"]))("on role name %j", async (name) => {
    const ours = await providerAccepts("RamRole", { name, assumeRolePolicyDocument: trust }, "name");
    const theirs = await serviceAccepts(
      () => clients.ram.createRole({ RoleName: name, AssumeRolePolicyDocument: trust }),
      () => clients.ram.deleteRole({ RoleName: name }),
    );
    expect(ours).toBe(theirs);
  });

  it.each(rows(["a-b", "a.b", "a_b", "p".repeat(128), "p".repeat(129), "Pull-Images2"]))("on policy name %j", async (name) => {
    const ours = await providerAccepts("RamPolicy", { name, document: policy }, "name");
    const theirs = await serviceAccepts(
      () => clients.ram.createPolicy({ PolicyName: name, PolicyDocument: policy }),
      () => clients.ram.deletePolicy({ PolicyName: name }),
    );
    expect(ours).toBe(theirs);
  });

  it.each(rows(["Abcdefg1", "abcdefgh", "12345678", "abc!defg", "Abc 1234x", `Aa1${"x".repeat(29)}`, `Aa1${"x".repeat(30)}`, "Aa1", "пароль123"]))("on login password %j", async (password) => {
    const ours = await providerAccepts("InstanceCredential", { instanceId: h.instanceA, password }, "password");
    const theirs = await serviceAccepts(() => clients.cr.resetLoginPassword({ InstanceId: h.instanceA, Password: password }), async () => {});
    expect(ours).toBe(theirs);
  });
});

describe("check() and the service agree on policy documents", () => {
  const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "cr:Get*", Resource: "*", ...statement }] });
  const documents: Array<[label: string, text: string]> = [
    ["a plain Allow", doc({})],
    ["a Deny with NotAction", JSON.stringify({ Version: "1", Statement: { Effect: "Deny", NotAction: ["ram:*"], Resource: "*" } })],
    ["a StringLike condition", doc({ Condition: { StringLike: { "acs:SourceIp": "10.*" } } })],
    ["an IfExists condition", doc({ Condition: { BoolIfExists: { "acs:SecureTransport": true } } })],
    ["an unknown condition operator", doc({ Condition: { Regex: { "acs:SourceIp": "10.*" } } })],
    ["an empty condition value list", doc({ Condition: { StringEquals: { "acs:SourceIp": [] } } })],
    ["a lower-case effect", doc({ Effect: "allow" })],
    ["an unknown statement key", doc({ Sid: "x" })],
    ["an empty statement list", JSON.stringify({ Version: "1", Statement: [] })],
    ["a wildcard ARN", doc({ Resource: "acs:cr:*:*:repository/cri-1/*" })],
    ["a non-ARN resource", doc({ Resource: "cri-1" })],
    ["an empty action list", doc({ Action: [] })],
  ];
  it.each(documents)("on %s", async (_label, text) => {
    const ours = await providerAccepts("RamPolicy", { name: "DocParity", document: text }, "document");
    const theirs = await serviceAccepts(
      () => clients.ram.createPolicy({ PolicyName: "DocParity", PolicyDocument: text }),
      () => clients.ram.deletePolicy({ PolicyName: "DocParity" }),
    );
    expect(ours).toBe(theirs);
  });
});
