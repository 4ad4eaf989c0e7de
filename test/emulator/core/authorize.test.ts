/**
 * `ctx.authorize` through the whole pipeline: the account owner may do anything; RAM users are
 * judged by their attached policies; a denial uses the product's documented code — NoPermission for
 * RAM/STS, NoPrivilege for CR — with the AccessDeniedDetail the SDKs read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerKeys, rawV3, start, userKeys, type RunningEmulator } from "./harness";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(async () => {
  await emulator?.stop();
});

const attach = (policyName: string, policyType = "System") =>
  rawV3(emulator, { version: "2015-05-01", action: "AttachPolicyToUser", query: { PolicyType: policyType, PolicyName: policyName, UserName: "dev" }, credentials: ownerKeys(emulator) });
const detach = (policyName: string, policyType = "System") =>
  rawV3(emulator, { version: "2015-05-01", action: "DetachPolicyFromUser", query: { PolicyType: policyType, PolicyName: policyName, UserName: "dev" }, credentials: ownerKeys(emulator) });
const listInstances = () => rawV3(emulator, { version: "2018-12-01", action: "ListInstance", credentials: userKeys(emulator) });

describe("authorisation", () => {
  it("denies a CR call to a user without policies with 403 NoPrivilege and AccessDeniedDetail", async () => {
    const denied = await listInstances();
    expect({ status: denied.status, code: denied.body.Code }).toEqual({ status: 403, code: "NoPrivilege" });
    expect(denied.body.AccessDeniedDetail).toMatchObject({
      AuthAction: "cr:ListInstance",
      AuthPrincipalType: "SubUser",
      AuthPrincipalOwnerId: emulator.seed.accounts[0]!.uid,
      NoPermissionType: "ImplicitDeny",
    });
  });

  it("denies a RAM call to a user without policies with 403 NoPermission", async () => {
    const denied = await rawV3(emulator, { version: "2015-05-01", action: "ListRoles", credentials: userKeys(emulator) });
    expect({ status: denied.status, code: denied.body.Code }).toEqual({ status: 403, code: "NoPermission" });
    expect(denied.body.AccessDeniedDetail).toMatchObject({ AuthAction: "ram:ListRoles" });
  });

  it("allows the call once a system policy grants it, and an explicit Deny takes it away again", async () => {
    expect((await attach("AliyunContainerRegistryReadOnlyAccess")).status).toBe(200);
    expect((await listInstances()).body).toMatchObject({ Code: "success", IsSuccess: true });

    const deny = JSON.stringify({ Version: "1", Statement: [{ Effect: "Deny", Action: "cr:List*", Resource: "*" }] });
    expect((await rawV3(emulator, { version: "2015-05-01", action: "CreatePolicy", query: { PolicyName: "no-list", PolicyDocument: deny }, credentials: ownerKeys(emulator) })).status).toBe(200);
    expect((await attach("no-list", "Custom")).status).toBe(200);
    const denied = await listInstances();
    expect({ status: denied.status, code: denied.body.Code }).toEqual({ status: 403, code: "NoPrivilege" });
    expect(denied.body.AccessDeniedDetail).toMatchObject({ NoPermissionType: "ExplicitDeny" });

    await detach("no-list", "Custom");
    await detach("AliyunContainerRegistryReadOnlyAccess");
  });

  it("lets the account owner do anything without policies", async () => {
    expect((await rawV3(emulator, { version: "2018-12-01", action: "ListInstance", credentials: ownerKeys(emulator) })).status).toBe(200);
    expect((await rawV3(emulator, { version: "2015-05-01", action: "ListRoles", credentials: ownerKeys(emulator) })).status).toBe(200);
  });
});
