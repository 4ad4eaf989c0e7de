/**
 * Every RAM validation rule answers its documented code and status (ram-sts-signing.md §1.2), and
 * leaves the state exactly as it was (compared through the admin state dump). Codes the reference
 * does not give are the emulator's choices, marked [emulator-chosen].
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerKeys, rawV3, start, type RawResponse, type RunningEmulator } from "../core/harness";

const RAM = "2015-05-01";
let emulator: RunningEmulator;
let uid: string;

function call(action: string, query: Record<string, string>): Promise<RawResponse> {
  return rawV3(emulator, { version: RAM, action, query, credentials: ownerKeys(emulator) });
}

async function ok(action: string, query: Record<string, string>): Promise<RawResponse> {
  const response = await call(action, query);
  expect(response.status, `${action} ${JSON.stringify(response.body)}`).toBe(200);
  return response;
}

const trust = (uidValue: string) =>
  JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uidValue}:root`] } }] });
const allow = (action: string) => JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });

beforeAll(async () => {
  emulator = await start();
  uid = emulator.seed.accounts[0]!.uid;
  // Fixtures the conflict and limit rules need.
  await ok("CreateRole", { RoleName: "Fixed", AssumeRolePolicyDocument: trust(uid) });
  await ok("CreateRole", { RoleName: "Full", AssumeRolePolicyDocument: trust(uid) });
  await ok("CreateRole", { RoleName: "Empty", AssumeRolePolicyDocument: trust(uid) });
  for (let i = 1; i <= 6; i++) await ok("CreatePolicy", { PolicyName: `p${i}`, PolicyDocument: allow(`cr:Get${i}`) });
  await ok("AttachPolicyToRole", { PolicyType: "Custom", PolicyName: "p1", RoleName: "Fixed" });
  await ok("CreatePolicy", { PolicyName: "roleonly", PolicyDocument: allow("cr:GetC") });
  await ok("AttachPolicyToRole", { PolicyType: "Custom", PolicyName: "roleonly", RoleName: "Fixed" });
  for (let i = 1; i <= 5; i++) await ok("AttachPolicyToRole", { PolicyType: "Custom", PolicyName: `p${i}`, RoleName: "Full" });
  await ok("CreatePolicy", { PolicyName: "versions", PolicyDocument: allow("cr:GetA") });
  for (let i = 2; i <= 5; i++) await ok("CreatePolicyVersion", { PolicyName: "versions", PolicyDocument: allow(`cr:Get${i}`) });
  await ok("CreatePolicy", { PolicyName: "userbound", PolicyDocument: allow("cr:GetB") });
  await ok("CreateUser", { UserName: "holder" });
  await ok("CreateAccessKey", { UserName: "holder" });
  await ok("CreateAccessKey", { UserName: "holder" });
  await ok("AttachPolicyToUser", { PolicyType: "Custom", PolicyName: "userbound", UserName: "holder" });
  await ok("CreateUser", { UserName: "full-user" });
  for (let i = 1; i <= 5; i++) await ok("AttachPolicyToUser", { PolicyType: "Custom", PolicyName: `p${i}`, UserName: "full-user" });
  await ok("CreateUser", { UserName: "policy-only" });
  await ok("AttachPolicyToUser", { PolicyType: "System", PolicyName: "AliyunRAMReadOnlyAccess", UserName: "policy-only" });
});
afterAll(async () => {
  await emulator?.stop();
});

interface Case {
  rule: string;
  action: string;
  params: () => Record<string, string>;
  code: string;
  status: number;
}

const long = (n: number) => "a".repeat(n);
const cases: Case[] = [
  // CreateRole
  { rule: "CreateRole needs RoleName", action: "CreateRole", params: () => ({ AssumeRolePolicyDocument: trust(uid) }), code: "MissingParameter", status: 400 },
  { rule: "RoleName is at most 64 characters", action: "CreateRole", params: () => ({ RoleName: long(65), AssumeRolePolicyDocument: trust(uid) }), code: "InvalidParameter.RoleName.Length", status: 400 },
  { rule: "RoleName allows letters, digits, . and - only", action: "CreateRole", params: () => ({ RoleName: "bad name", AssumeRolePolicyDocument: trust(uid) }), code: "InvalidParameter.RoleName.InvalidChars", status: 400 },
  { rule: "RoleName refuses @ (the older wider rule is not enforced)", action: "CreateRole", params: () => ({ RoleName: "a@b", AssumeRolePolicyDocument: trust(uid) }), code: "InvalidParameter.RoleName.InvalidChars", status: 400 },
  { rule: "CreateRole needs a trust policy", action: "CreateRole", params: () => ({ RoleName: "New" }), code: "MissingParameter", status: 400 },
  {
    rule: "a trust policy is at most 2048 characters",
    action: "CreateRole",
    params: () => ({ RoleName: "New", AssumeRolePolicyDocument: trust(uid).replace('"Version":"1"', `"Version":"1","x":"${long(2100)}"`) }),
    code: "InvalidParameter.AssumeRolePolicyDocument.Length",
    status: 400,
  },
  { rule: "a trust policy must follow the grammar", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: allow("sts:AssumeRole") }), code: "MalformedPolicyDocument", status: 400 },
  { rule: "a trust policy must be JSON", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: "{" }), code: "MalformedPolicyDocument", status: 400 },
  { rule: "Description is at most 1024 characters", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: trust(uid), Description: long(1025) }), code: "InvalidParameter.Description.Length", status: 400 },
  { rule: "MaxSessionDuration is at least 3600 [emulator-chosen code]", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: trust(uid), MaxSessionDuration: "3599" }), code: "InvalidParameter.MaxSessionDuration", status: 400 },
  { rule: "MaxSessionDuration is at most 43200 [emulator-chosen code]", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: trust(uid), MaxSessionDuration: "43201" }), code: "InvalidParameter.MaxSessionDuration", status: 400 },
  { rule: "MaxSessionDuration is an integer [emulator-chosen code]", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: trust(uid), MaxSessionDuration: "1h" }), code: "InvalidParameter.MaxSessionDuration", status: 400 },
  { rule: "Tag is a JSON array [emulator-chosen code]", action: "CreateRole", params: () => ({ RoleName: "New", AssumeRolePolicyDocument: trust(uid), Tag: "env=prod" }), code: "InvalidParameter.Tag", status: 400 },
  { rule: "role names are unique, ignoring case", action: "CreateRole", params: () => ({ RoleName: "FIXED", AssumeRolePolicyDocument: trust(uid) }), code: "EntityAlreadyExists.Role", status: 409 },
  // GetRole / UpdateRole / DeleteRole / ListRoles
  { rule: "GetRole checks the name", action: "GetRole", params: () => ({ RoleName: "a/b" }), code: "InvalidParameter.RoleName.InvalidChars", status: 400 },
  { rule: "GetRole of a missing role", action: "GetRole", params: () => ({ RoleName: "Ghost" }), code: "EntityNotExist.Role", status: 404 },
  { rule: "UpdateRole of a missing role", action: "UpdateRole", params: () => ({ RoleName: "Ghost", NewDescription: "x" }), code: "EntityNotExist.Role", status: 404 },
  { rule: "UpdateRole checks the new trust policy grammar", action: "UpdateRole", params: () => ({ RoleName: "Fixed", NewAssumeRolePolicyDocument: '{"Version":"1","Statement":[]}' }), code: "MalformedPolicyDocument", status: 400 },
  {
    rule: "UpdateRole checks the new trust policy length",
    action: "UpdateRole",
    params: () => ({ RoleName: "Fixed", NewAssumeRolePolicyDocument: long(2049) }),
    code: "InvalidParameter.NewAssumeRolePolicyDocument.Length",
    status: 400,
  },
  { rule: "UpdateRole checks NewDescription", action: "UpdateRole", params: () => ({ RoleName: "Fixed", NewDescription: long(1025) }), code: "InvalidParameter.NewDescription.Length", status: 400 },
  { rule: "UpdateRole checks NewMaxSessionDuration [emulator-chosen code]", action: "UpdateRole", params: () => ({ RoleName: "Fixed", NewMaxSessionDuration: "100" }), code: "InvalidParameter.NewMaxSessionDuration", status: 400 },
  { rule: "DeleteRole with an attached policy", action: "DeleteRole", params: () => ({ RoleName: "Fixed" }), code: "DeleteConflict.Role.Policy", status: 409 },
  { rule: "DeleteRole of a missing role", action: "DeleteRole", params: () => ({ RoleName: "Ghost" }), code: "EntityNotExist.Role", status: 404 },
  { rule: "ListRoles MaxItems is 1-1000 [emulator-chosen code]", action: "ListRoles", params: () => ({ MaxItems: "1001" }), code: "InvalidParameter.MaxItems", status: 400 },
  { rule: "ListRoles MaxItems of 0 [emulator-chosen code]", action: "ListRoles", params: () => ({ MaxItems: "0" }), code: "InvalidParameter.MaxItems", status: 400 },
  { rule: "ListRoles Marker must be one it issued [emulator-chosen code]", action: "ListRoles", params: () => ({ Marker: "!!!" }), code: "InvalidParameter.Marker", status: 400 },
  // CreatePolicy / GetPolicy / DeletePolicy
  { rule: "PolicyName is at most 128 characters", action: "CreatePolicy", params: () => ({ PolicyName: long(129), PolicyDocument: allow("cr:*") }), code: "InvalidParameter.PolicyName.Length", status: 400 },
  { rule: "PolicyName allows letters, digits and - only", action: "CreatePolicy", params: () => ({ PolicyName: "a.b", PolicyDocument: allow("cr:*") }), code: "InvalidParameter.PolicyName.InvalidChars", status: 400 },
  { rule: "CreatePolicy needs a document", action: "CreatePolicy", params: () => ({ PolicyName: "new" }), code: "MissingParameter", status: 400 },
  {
    rule: "PolicyDocument is at most 6144 characters",
    action: "CreatePolicy",
    params: () => ({ PolicyName: "new", PolicyDocument: allow("cr:*").replace('"Version":"1"', `"Version":"1","x":"${long(6200)}"`) }),
    code: "InvalidParameter.PolicyDocument.Length",
    status: 400,
  },
  { rule: "PolicyDocument must follow the grammar", action: "CreatePolicy", params: () => ({ PolicyName: "new", PolicyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*"}]}' }), code: "MalformedPolicyDocument", status: 400 },
  { rule: "policy Description is at most 1024 characters", action: "CreatePolicy", params: () => ({ PolicyName: "new", PolicyDocument: allow("cr:*"), Description: long(1025) }), code: "InvalidParameter.Description.Length", status: 400 },
  { rule: "policy names are unique", action: "CreatePolicy", params: () => ({ PolicyName: "P1", PolicyDocument: allow("cr:*") }), code: "EntityAlreadyExists.Policy", status: 409 },
  { rule: "GetPolicy needs PolicyType", action: "GetPolicy", params: () => ({ PolicyName: "p1" }), code: "MissingParameter", status: 400 },
  { rule: "PolicyType is System or Custom", action: "GetPolicy", params: () => ({ PolicyName: "p1", PolicyType: "Managed" }), code: "InvalidParameter.PolicyType", status: 400 },
  { rule: "GetPolicy of a missing policy", action: "GetPolicy", params: () => ({ PolicyName: "ghost", PolicyType: "Custom" }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "a custom name is not a system policy", action: "GetPolicy", params: () => ({ PolicyName: "p1", PolicyType: "System" }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "DeletePolicy of a missing policy", action: "DeletePolicy", params: () => ({ PolicyName: "ghost" }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "DeletePolicy while attached to a role", action: "DeletePolicy", params: () => ({ PolicyName: "roleonly" }), code: "DeleteConflict.Role.Policy", status: 409 },
  { rule: "DeletePolicy while attached to a user", action: "DeletePolicy", params: () => ({ PolicyName: "userbound" }), code: "DeleteConflict.Policy.User", status: 409 },
  { rule: "DeletePolicy with non-default versions", action: "DeletePolicy", params: () => ({ PolicyName: "versions" }), code: "DeleteConflict.Policy.Version", status: 409 },
  { rule: "CascadingDelete is a boolean [emulator-chosen code]", action: "DeletePolicy", params: () => ({ PolicyName: "versions", CascadingDelete: "yes" }), code: "InvalidParameter.CascadingDelete", status: 400 },
  // Versions
  { rule: "CreatePolicyVersion of a missing policy", action: "CreatePolicyVersion", params: () => ({ PolicyName: "ghost", PolicyDocument: allow("cr:*") }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "CreatePolicyVersion checks the grammar", action: "CreatePolicyVersion", params: () => ({ PolicyName: "p6", PolicyDocument: '{"Version":"1","Statement":{"Effect":"Permit","Action":"cr:*","Resource":"*"}}' }), code: "MalformedPolicyDocument", status: 400 },
  { rule: "CreatePolicyVersion checks the length", action: "CreatePolicyVersion", params: () => ({ PolicyName: "p6", PolicyDocument: long(6145) }), code: "InvalidParameter.PolicyDocument.Length", status: 400 },
  { rule: "at most five versions", action: "CreatePolicyVersion", params: () => ({ PolicyName: "versions", PolicyDocument: allow("cr:*") }), code: "LimitExceeded.Policy.Version", status: 409 },
  { rule: "RotateStrategy is one of two values [emulator-chosen code]", action: "CreatePolicyVersion", params: () => ({ PolicyName: "p6", PolicyDocument: allow("cr:*"), RotateStrategy: "Oldest" }), code: "InvalidParameter.RotateStrategy", status: 400 },
  { rule: "SetAsDefault is a boolean [emulator-chosen code]", action: "CreatePolicyVersion", params: () => ({ PolicyName: "p6", PolicyDocument: allow("cr:*"), SetAsDefault: "yes" }), code: "InvalidParameter.SetAsDefault", status: 400 },
  { rule: "VersionId looks like v<N>", action: "DeletePolicyVersion", params: () => ({ PolicyName: "versions", VersionId: "2" }), code: "InvalidParameter.VersionId.Format", status: 400 },
  { rule: "DeletePolicyVersion of a missing version", action: "DeletePolicyVersion", params: () => ({ PolicyName: "versions", VersionId: "v9" }), code: "EntityNotExist.Policy.Version", status: 404 },
  { rule: "DeletePolicyVersion of a missing policy", action: "DeletePolicyVersion", params: () => ({ PolicyName: "ghost", VersionId: "v2" }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "the default version cannot be deleted", action: "DeletePolicyVersion", params: () => ({ PolicyName: "versions", VersionId: "v1" }), code: "DeleteConflict.Policy.Version.Default", status: 409 },
  { rule: "SetDefaultPolicyVersion checks the format", action: "SetDefaultPolicyVersion", params: () => ({ PolicyName: "versions", VersionId: "V2" }), code: "InvalidParameter.VersionId.Format", status: 400 },
  { rule: "SetDefaultPolicyVersion of a missing version", action: "SetDefaultPolicyVersion", params: () => ({ PolicyName: "versions", VersionId: "v7" }), code: "EntityNotExist.Policy.Version", status: 404 },
  { rule: "ListPolicyVersions of a missing policy", action: "ListPolicyVersions", params: () => ({ PolicyName: "ghost", PolicyType: "Custom" }), code: "EntityNotExist.Policy", status: 404 },
  // Attachments
  { rule: "attaching to a missing role", action: "AttachPolicyToRole", params: () => ({ PolicyType: "Custom", PolicyName: "p6", RoleName: "Ghost" }), code: "EntityNotExist.Role", status: 404 },
  { rule: "attaching a missing policy", action: "AttachPolicyToRole", params: () => ({ PolicyType: "Custom", PolicyName: "ghost", RoleName: "Empty" }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "attaching a missing system policy", action: "AttachPolicyToRole", params: () => ({ PolicyType: "System", PolicyName: "NoSuchAccess", RoleName: "Empty" }), code: "EntityNotExist.Policy", status: 404 },
  { rule: "attaching twice", action: "AttachPolicyToRole", params: () => ({ PolicyType: "Custom", PolicyName: "p1", RoleName: "Fixed" }), code: "EntityAlreadyExists.Role.Policy", status: 409 },
  { rule: "at most five custom policies per role", action: "AttachPolicyToRole", params: () => ({ PolicyType: "Custom", PolicyName: "p6", RoleName: "Full" }), code: "LimitExceeded.Role.Policy", status: 409 },
  { rule: "attaching needs a valid PolicyType", action: "AttachPolicyToRole", params: () => ({ PolicyType: "custom", PolicyName: "p6", RoleName: "Empty" }), code: "InvalidParameter.PolicyType", status: 400 },
  { rule: "detaching what is not attached", action: "DetachPolicyFromRole", params: () => ({ PolicyType: "Custom", PolicyName: "p6", RoleName: "Empty" }), code: "EntityNotExist.Role.Policy", status: 404 },
  { rule: "ListPoliciesForRole of a missing role", action: "ListPoliciesForRole", params: () => ({ RoleName: "Ghost" }), code: "EntityNotExist.Role", status: 404 },
  { rule: "attaching to a missing user", action: "AttachPolicyToUser", params: () => ({ PolicyType: "Custom", PolicyName: "p6", UserName: "ghost" }), code: "EntityNotExist.User", status: 404 },
  { rule: "attaching to a user twice", action: "AttachPolicyToUser", params: () => ({ PolicyType: "Custom", PolicyName: "userbound", UserName: "holder" }), code: "EntityAlreadyExists.User.Policy", status: 409 },
  { rule: "at most five custom policies per user", action: "AttachPolicyToUser", params: () => ({ PolicyType: "Custom", PolicyName: "p6", UserName: "full-user" }), code: "LimitExceeded.User.Policy", status: 409 },
  { rule: "detaching from a user what is not attached", action: "DetachPolicyFromUser", params: () => ({ PolicyType: "Custom", PolicyName: "p6", UserName: "holder" }), code: "EntityNotExist.User.Policy", status: 404 },
  { rule: "ListPoliciesForUser of a missing user", action: "ListPoliciesForUser", params: () => ({ UserName: "ghost" }), code: "EntityNotExist.User", status: 404 },
  // Users and keys
  { rule: "UserName is at most 64 characters", action: "CreateUser", params: () => ({ UserName: long(65) }), code: "InvalidParameter.UserName.Length", status: 400 },
  { rule: "UserName allows letters, digits, . _ - only", action: "CreateUser", params: () => ({ UserName: "a b" }), code: "InvalidParameter.UserName.InvalidChars", status: 400 },
  { rule: "DisplayName is at most 128 characters", action: "CreateUser", params: () => ({ UserName: "new", DisplayName: long(129) }), code: "InvalidParameter.DisplayName.Length", status: 400 },
  { rule: "Comments is at most 128 characters", action: "CreateUser", params: () => ({ UserName: "new", Comments: long(129) }), code: "InvalidParameter.Comments.Length", status: 400 },
  { rule: "MobilePhone looks like 86-1868888xxxx [emulator-chosen code]", action: "CreateUser", params: () => ({ UserName: "new", MobilePhone: "18688880000" }), code: "InvalidParameter.MobilePhone.Format", status: 400 },
  { rule: "Email is an address [emulator-chosen code]", action: "CreateUser", params: () => ({ UserName: "new", Email: "not-an-address" }), code: "InvalidParameter.Email.Format", status: 400 },
  { rule: "user names are unique", action: "CreateUser", params: () => ({ UserName: "HOLDER" }), code: "EntityAlreadyExists.User", status: 409 },
  { rule: "GetUser of a missing user", action: "GetUser", params: () => ({ UserName: "ghost" }), code: "EntityNotExist.User", status: 404 },
  { rule: "DeleteUser with access keys", action: "DeleteUser", params: () => ({ UserName: "holder" }), code: "DeleteConflict.User.AccessKey", status: 409 },
  { rule: "DeleteUser with attached policies", action: "DeleteUser", params: () => ({ UserName: "policy-only" }), code: "DeleteConflict.User.Policy", status: 409 },
  { rule: "at most two access keys per user", action: "CreateAccessKey", params: () => ({ UserName: "holder" }), code: "LimitExceeded.User.AccessKey", status: 409 },
  { rule: "CreateAccessKey for a missing user", action: "CreateAccessKey", params: () => ({ UserName: "ghost" }), code: "EntityNotExist.User", status: 404 },
  { rule: "DeleteAccessKey needs UserAccessKeyId", action: "DeleteAccessKey", params: () => ({ UserName: "holder" }), code: "MissingParameter", status: 400 },
  { rule: "DeleteAccessKey of an unknown key", action: "DeleteAccessKey", params: () => ({ UserName: "holder", UserAccessKeyId: "LTAIEMUNOPE" }), code: "EntityNotExist.User.AccessKey", status: 404 },
];

describe("RAM validation", () => {
  it.each(cases)("$rule → $code ($status), state unchanged", async ({ action, params, code, status }) => {
    const before = JSON.stringify(emulator.admin.state());
    const response = await call(action, params());
    expect({ status: response.status, code: response.body.Code }).toEqual({ status, code });
    expect(JSON.stringify(emulator.admin.state())).toBe(before);
  });
});

describe("RAM quotas", () => {
  it.each([
    { what: "roles", limit: 100, code: "LimitExceeded.Role", make: (i: number) => call("CreateRole", { RoleName: `q${i}`, AssumeRolePolicyDocument: trust(uid) }) },
    { what: "custom policies", limit: 200, code: "LimitExceeded.Policy", make: (i: number) => call("CreatePolicy", { PolicyName: `q${i}`, PolicyDocument: allow("cr:*") }) },
    { what: "users", limit: 100, code: "LimitExceeded.User", make: (i: number) => call("CreateUser", { UserName: `q${i}` }) },
  ])("refuses more than $limit $what with $code (409) and keeps the state", async ({ limit, code, make }) => {
    // Fill up to the quota (fixtures already count), then one more must fail.
    let made = 0;
    for (let i = 0; i < limit + 5 && made < limit; i++) {
      const response = await make(i);
      if (response.status !== 200) break;
      made++;
    }
    const before = JSON.stringify(emulator.admin.state());
    const refused = await make(10_000);
    expect({ status: refused.status, code: refused.body.Code }).toEqual({ status: 409, code });
    expect(JSON.stringify(emulator.admin.state())).toBe(before);
  });
});
