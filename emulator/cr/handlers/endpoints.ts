/**
 * The instance's internet endpoint and its ACL (acr-api.md §3.10; seed 003 "Configure access over
 * the Internet"). Only the `internet` endpoint of the `Registry` module exists in the emulator.
 * ACL writes are idempotent (emulator choice, the docs are silent): adding an entry that exists
 * updates its comment, and removing one that is absent succeeds. Adding an entry turns AclEnable on
 * for good (governance-state.ts): an endpoint whose last entry is deleted then admits nobody.
 */
import { isIPv4 } from "node:net";
import { arn } from "../arn";
import { invalidParam } from "../errors";
import { aclEnabled, internetEndpoint, type AclEntryRecord } from "../governance-state";
import { ownInstance } from "../lookup";
import type { InstanceRecord } from "../state";
import { optional, optionalBool, required, type CrCallContext, type CrHandler } from "../params";

/** The caller's instance whose endpoints the request is about, once `ramAction` is allowed on it. */
export function moduleInstance(ctx: CrCallContext, ramAction: string): InstanceRecord {
  const instanceId = required(ctx, "InstanceId");
  // RAM actions are not documented; `cr:<ApiName>` follows the documented pattern.
  ctx.authorize(ramAction, arn.instance(ctx, instanceId));
  const instance = ownInstance(ctx, instanceId);
  const moduleName = optional(ctx, "ModuleName") ?? "Registry";
  if (moduleName !== "Registry") throw invalidParam("ModuleName", "the emulator serves the Registry module only.");
  return instance;
}

/** moduleInstance for the actions that name the endpoint: only the internet one can be changed here. */
function endpointInstance(ctx: CrCallContext, ramAction: string): InstanceRecord {
  const instance = moduleInstance(ctx, ramAction);
  if (required(ctx, "EndpointType") !== "internet") throw invalidParam("EndpointType", "only internet is supported.");
  return instance;
}

/** The internet endpoint's fields shared by GetInstanceEndpoint and ListInstanceEndpoint. */
export function internetEndpointView(instance: InstanceRecord) {
  const endpoint = internetEndpoint(instance);
  return {
    Enable: endpoint.enabled,
    Status: endpoint.enabled ? "RUNNING" : "STOPPED",
    AclEnable: aclEnabled(endpoint),
    Domains: [{ Domain: instance.registryHost, Type: "SYSTEM" }],
  };
}

/** `a.b.c.d/n` with each octet 0–255 and n 0–32. */
export function isIpv4Cidr(text: string): boolean {
  const [address, prefix, extra] = text.split("/");
  return extra === undefined && address !== undefined && isIPv4(address) && prefix !== undefined && /^\d{1,2}$/.test(prefix) && Number(prefix) <= 32;
}

/** The deprecated single `Entry` (+ `Comment`), or `Entries`, a JSON array of `{Entry, Comment}`. */
function requestedEntries(ctx: CrCallContext): AclEntryRecord[] {
  const single = optional(ctx, "Entry");
  const list = optional(ctx, "Entries");
  let entries: AclEntryRecord[];
  if (list !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(list);
    } catch {
      throw invalidParam("Entries", "must be a JSON array of {Entry, Comment}.");
    }
    if (!Array.isArray(parsed)) throw invalidParam("Entries", "must be a JSON array of {Entry, Comment}.");
    entries = parsed.map((item: { Entry?: unknown; Comment?: unknown }) => ({ entry: String(item?.Entry ?? ""), comment: String(item?.Comment ?? "") }));
  } else if (single !== undefined) {
    entries = [{ entry: single, comment: optional(ctx, "Comment") ?? "" }];
  } else {
    throw invalidParam("Entry", "give Entry (an IPv4 CIDR such as 203.0.113.0/24) or Entries.");
  }
  for (const { entry } of entries) if (!isIpv4Cidr(entry)) throw invalidParam("Entry", `${entry} is not an IPv4 CIDR such as 203.0.113.0/24.`);
  return entries;
}

export const GetInstanceEndpoint: CrHandler = (ctx) => {
  const instance = endpointInstance(ctx, "cr:GetInstanceEndpoint");
  return { ...internetEndpointView(instance), AclEntries: internetEndpoint(instance).acl.map((a) => ({ Entry: a.entry, Comment: a.comment })) };
};

export const UpdateInstanceEndpointStatus: CrHandler = (ctx) => {
  const instance = endpointInstance(ctx, "cr:UpdateInstanceEndpointStatus");
  const enable = optionalBool(ctx, "Enable");
  if (enable === undefined) throw invalidParam("Enable", "required: true or false.");
  internetEndpoint(instance).enabled = enable;
  ctx.changed();
  return {};
};

export const CreateInstanceEndpointAclPolicy: CrHandler = (ctx) => {
  const instance = endpointInstance(ctx, "cr:CreateInstanceEndpointAclPolicy");
  const endpoint = internetEndpoint(instance);
  const acl = endpoint.acl;
  const wantedEntries = requestedEntries(ctx);
  // The first entry switches access control on; it stays on when entries are deleted.
  endpoint.aclEnabled = true;
  for (const wanted of wantedEntries) {
    const existing = acl.find((a) => a.entry === wanted.entry);
    if (existing) existing.comment = wanted.comment;
    else acl.push(wanted);
  }
  ctx.changed();
  return {};
};

export const DeleteInstanceEndpointAclPolicy: CrHandler = (ctx) => {
  const instance = endpointInstance(ctx, "cr:DeleteInstanceEndpointAclPolicy");
  const gone = new Set(requestedEntries(ctx).map((e) => e.entry));
  const endpoint = internetEndpoint(instance);
  endpoint.acl = endpoint.acl.filter((a) => !gone.has(a.entry));
  ctx.changed();
  return {};
};
