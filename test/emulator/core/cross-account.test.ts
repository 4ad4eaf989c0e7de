/**
 * IdentityServices.assertCrossAccountSyncRole, per seed 000: in the TARGET account the role
 * `aliyuncontainerregistrycrossaccoutsyncrole` must exist, trust `<sourceUid>@cr.aliyuncs.com`,
 * and carry a policy allowing the action on the target instance. Each missing piece has its own
 * (emulator-chosen) CR business error.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../emulator/core/context";
import { initialState } from "../../../emulator/core/initial-state";
import { loadSeed } from "../../../emulator/core/load-seed";
import type { EmulatorState } from "../../../emulator/core/state";
import { createIdentityServices, CROSS_ACCOUNT_SYNC_ROLE } from "../../../emulator/ram/cross-account";
import type { RoleRecord } from "../../../emulator/ram/state";

const seed = loadSeed();
const SOURCE = seed.accounts[0]!.uid;
const TARGET = seed.accounts[1]!.uid;
const TARGET_INSTANCE = `acs:cr:cn-shanghai:${TARGET}:instance/cri-emubshanghai0001`;

function stateWith(setup: (state: EmulatorState) => void): EmulatorState {
  const state = initialState(seed, () => ({}), new Date("2024-01-01T00:00:00Z"));
  setup(state);
  return state;
}

function addRole(state: EmulatorState, trustedService: string, policyDocument?: object): void {
  const ram = state.accounts[TARGET]!.ram;
  const role: RoleRecord = {
    roleName: CROSS_ACCOUNT_SYNC_ROLE,
    roleId: "3000000000000000001",
    arn: `acs:ram::${TARGET}:role/${CROSS_ACCOUNT_SYNC_ROLE}`,
    assumeRolePolicyDocument: JSON.stringify({
      Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: [trustedService] } }],
      Version: "1",
    }),
    description: "",
    maxSessionDuration: 3600,
    createDate: "2024-01-01T00:00:00Z",
    updateDate: "2024-01-01T00:00:00Z",
    tags: [],
    attachments: [],
  };
  ram.roles[CROSS_ACCOUNT_SYNC_ROLE] = role;
  if (policyDocument) {
    ram.policies["cr-sync"] = {
      policyName: "cr-sync",
      description: "",
      createDate: "2024-01-01T00:00:00Z",
      updateDate: "2024-01-01T00:00:00Z",
      defaultVersion: "v1",
      versions: [{ versionId: "v1", document: JSON.stringify(policyDocument), createDate: "2024-01-01T00:00:00Z" }],
      lastVersionNumber: 1,
      tags: [],
    };
    role.attachments.push({ policyName: "cr-sync", policyType: "Custom", attachDate: "2024-01-01T00:00:00Z" });
  }
}

const seedPolicy = {
  Statement: [{ Effect: "Allow", Action: ["cr:CreateSyncRule", "cr:CreateRepositorySync"], Resource: TARGET_INSTANCE }],
  Version: "1",
};

function attempt(state: EmulatorState, action = "cr:CreateSyncRule", resource = TARGET_INSTANCE): ApiError | undefined {
  try {
    createIdentityServices(state, () => new Date()).assertCrossAccountSyncRole(TARGET, SOURCE, action, resource);
    return undefined;
  } catch (error) {
    return error as ApiError;
  }
}

describe("cross-account sync role check", () => {
  it("passes when the role exists, trusts the source account's CR and its policy allows the action", () => {
    expect(attempt(stateWith((s) => addRole(s, `${SOURCE}@cr.aliyuncs.com`, seedPolicy)))).toBeUndefined();
    expect(attempt(stateWith((s) => addRole(s, `${SOURCE}@cr.aliyuncs.com`, seedPolicy)), "cr:CreateRepositorySync")).toBeUndefined();
  });

  const failures: Array<{ name: string; setup: (s: EmulatorState) => void; code: string; action?: string; resource?: string }> = [
    { name: "the role is missing from the target account", setup: () => undefined, code: "CROSS_ACCOUNT_ROLE_NOT_EXIST" },
    {
      name: "the role exists only in the source account",
      setup: (s) => {
        addRole(s, `${SOURCE}@cr.aliyuncs.com`, seedPolicy);
        s.accounts[SOURCE]!.ram.roles[CROSS_ACCOUNT_SYNC_ROLE] = s.accounts[TARGET]!.ram.roles[CROSS_ACCOUNT_SYNC_ROLE]!;
        delete s.accounts[TARGET]!.ram.roles[CROSS_ACCOUNT_SYNC_ROLE];
      },
      code: "CROSS_ACCOUNT_ROLE_NOT_EXIST",
    },
    { name: "the trust policy names plain cr.aliyuncs.com", setup: (s) => addRole(s, "cr.aliyuncs.com", seedPolicy), code: "CROSS_ACCOUNT_ROLE_NOT_TRUSTED" },
    { name: "the trust policy names another source account", setup: (s) => addRole(s, `${TARGET}@cr.aliyuncs.com`, seedPolicy), code: "CROSS_ACCOUNT_ROLE_NOT_TRUSTED" },
    { name: "no policy is attached", setup: (s) => addRole(s, `${SOURCE}@cr.aliyuncs.com`), code: "CROSS_ACCOUNT_ROLE_NO_PERMISSION" },
    {
      name: "the policy covers another instance",
      setup: (s) => addRole(s, `${SOURCE}@cr.aliyuncs.com`, seedPolicy),
      resource: `acs:cr:cn-shanghai:${TARGET}:instance/cri-emubfinance00001`,
      code: "CROSS_ACCOUNT_ROLE_NO_PERMISSION",
    },
    {
      name: "the policy allows another action",
      setup: (s) => addRole(s, `${SOURCE}@cr.aliyuncs.com`, seedPolicy),
      action: "cr:DeleteRepository",
      code: "CROSS_ACCOUNT_ROLE_NO_PERMISSION",
    },
  ];
  it.each(failures)("refuses with $code when $name", ({ setup, code, action, resource }) => {
    const error = attempt(stateWith(setup), action, resource);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, envelope: "cr", httpStatus: 200 });
    expect(error!.message).toContain(CROSS_ACCOUNT_SYNC_ROLE);
  });

  it("reports which accounts exist", () => {
    const services = createIdentityServices(stateWith(() => undefined), () => new Date());
    expect(services.accountExists(TARGET)).toBe(true);
    expect(services.accountExists("9999999999999999")).toBe(false);
  });
});
