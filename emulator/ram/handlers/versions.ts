/**
 * Policy versions: CreatePolicyVersion (SetAsDefault, RotateStrategy), ListPolicyVersions,
 * GetPolicyVersion, DeletePolicyVersion, SetDefaultPolicyVersion (ram-sts-signing.md §1.2).
 * At most five versions; version numbers are never reused.
 */

import type { ServiceContext, ServiceHandler } from "../../core/services";
import { stamp } from "../common";
import { ramErrors } from "../errors";
import { RAM_LIMITS } from "../limits";
import type { CustomPolicyRecord, PolicyVersionRecord } from "../state";
import { boolean, name, optional, policyDocument, policyType, versionId } from "../validate";
import { policyArnFor, requireCustomPolicy, requirePolicy } from "./lookup";

const ROTATE_STRATEGIES = new Set(["None", "DeleteOldestNonDefaultVersionWhenLimitExceeded"]);

function versionFields(policy: { defaultVersion: string }, version: PolicyVersionRecord): Record<string, unknown> {
  return {
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersion,
    PolicyDocument: version.document,
    CreateDate: version.createDate,
  };
}

function requireVersion(policy: CustomPolicyRecord, id: string): PolicyVersionRecord {
  const version = policy.versions.find((v) => v.versionId === id);
  if (!version) throw ramErrors.notExist("Policy.Version", `${policy.policyName} ${id}`);
  return version;
}

/** Versions of a policy of either type; a System policy has just its v1. */
function versionsOf(ctx: ServiceContext, action: string): { policy: { defaultVersion: string }; versions: PolicyVersionRecord[] } {
  const policyName = name(ctx.params, "PolicyName");
  const type = policyType(ctx.params);
  ctx.authorize(action, policyArnFor(ctx, policyName, type));
  const view = requirePolicy(ctx, policyName, type);
  if (view.system) return { policy: view, versions: [{ versionId: "v1", document: view.system.document, createDate: view.createDate }] };
  return { policy: view.custom!, versions: view.custom!.versions };
}

const createPolicyVersion: ServiceHandler = (ctx) => {
  const p = ctx.params;
  const policyName = name(p, "PolicyName");
  const document = policyDocument(p, "PolicyDocument", "identity", true)!;
  const setAsDefault = boolean(p, "SetAsDefault") ?? false;
  const strategy = optional(p, "RotateStrategy") ?? "None";
  if (!ROTATE_STRATEGIES.has(strategy)) {
    // Emulator-chosen code: the reference lists the two values but no error for others.
    throw ramErrors.invalid("RotateStrategy", "The parameter RotateStrategy must be None or DeleteOldestNonDefaultVersionWhenLimitExceeded.");
  }
  ctx.authorize("ram:CreatePolicyVersion", policyArnFor(ctx, policyName, "Custom"));
  const policy = requireCustomPolicy(ctx, policyName);
  let drop: PolicyVersionRecord | undefined;
  if (policy.versions.length >= RAM_LIMITS.versionsPerPolicy) {
    if (strategy === "None") throw ramErrors.limitExceeded("Policy.Version", "policy versions");
    // Versions are kept oldest first, so the first non-default one is the oldest.
    drop = policy.versions.find((v) => v.versionId !== policy.defaultVersion);
  }

  const now = stamp(ctx);
  policy.lastVersionNumber += 1;
  const version: PolicyVersionRecord = { versionId: `v${policy.lastVersionNumber}`, document, createDate: now };
  if (drop) policy.versions = policy.versions.filter((v) => v !== drop);
  policy.versions.push(version);
  if (setAsDefault) policy.defaultVersion = version.versionId;
  policy.updateDate = now;
  ctx.changed();
  return { PolicyVersion: versionFields(policy, version) };
};

const listPolicyVersions: ServiceHandler = (ctx) => {
  const { policy, versions } = versionsOf(ctx, "ram:ListPolicyVersions");
  return { PolicyVersions: { PolicyVersion: versions.map((v) => versionFields(policy, v)) } };
};

const getPolicyVersion: ServiceHandler = (ctx) => {
  const id = versionId(ctx.params);
  const { policy, versions } = versionsOf(ctx, "ram:GetPolicyVersion");
  const version = versions.find((v) => v.versionId === id);
  if (!version) throw ramErrors.notExist("Policy.Version", `${ctx.params.PolicyName} ${id}`);
  return { PolicyVersion: versionFields(policy, version) };
};

const deletePolicyVersion: ServiceHandler = (ctx) => {
  const policyName = name(ctx.params, "PolicyName");
  const id = versionId(ctx.params);
  ctx.authorize("ram:DeletePolicyVersion", policyArnFor(ctx, policyName, "Custom"));
  const policy = requireCustomPolicy(ctx, policyName);
  const version = requireVersion(policy, id);
  if (version.versionId === policy.defaultVersion) {
    throw ramErrors.deleteConflict("Policy.Version.Default", "The default policy version CAN NOT been deleted directly.");
  }
  policy.versions = policy.versions.filter((v) => v !== version);
  policy.updateDate = stamp(ctx);
  ctx.changed();
  return {};
};

const setDefaultPolicyVersion: ServiceHandler = (ctx) => {
  const policyName = name(ctx.params, "PolicyName");
  const id = versionId(ctx.params);
  ctx.authorize("ram:SetDefaultPolicyVersion", policyArnFor(ctx, policyName, "Custom"));
  const policy = requireCustomPolicy(ctx, policyName);
  requireVersion(policy, id);
  policy.defaultVersion = id;
  policy.updateDate = stamp(ctx);
  ctx.changed();
  return {};
};

export const versionHandlers: Record<string, ServiceHandler> = {
  CreatePolicyVersion: createPolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  GetPolicyVersion: getPolicyVersion,
  DeletePolicyVersion: deletePolicyVersion,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
};
