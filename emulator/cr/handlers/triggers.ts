/**
 * Webhook triggers per repository (acr-api.md §3.8; seed 003 "Configure a trigger"). A push whose
 * tag matches calls the URL (cr/trigger-delivery.ts picks the triggers and the body;
 * registry/webhook-sender.ts calls them). The seed's port rule is checked here
 * as the console does: HTTP on 80, 21, 70, 210, 280, 443, 488, 591, 777 or 1025–65535; HTTPS on 443.
 */
import { arn } from "../arn";
import { CrCode, crFail, invalidParam, notFound } from "../errors";
import { triggersOf, type TriggerRecord, type TriggerType } from "../governance-state";
import { newTriggerId } from "../ids";
import { entry, ownInstance, repoById, type RepoLocation } from "../lookup";
import { optional, required, type CrCallContext, type CrHandler } from "../params";

const TYPES: readonly TriggerType[] = ["ALL", "TAG_LIST", "TAG_REG_EXP"];
const HTTP_PORTS = new Set([80, 21, 70, 210, 280, 443, 488, 591, 777]);

/** Seed 003's rule for trigger URLs; undefined when the URL is acceptable, else why not. */
export function triggerUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  if (url.protocol === "https:") return port === 443 ? undefined : "HTTPS triggers must use port 443";
  if (url.protocol !== "http:") return "must be an http or https URL";
  return HTTP_PORTS.has(port) || (port >= 1025 && port <= 65535) ? undefined : `HTTP port ${port} is not allowed (80, 21, 70, 210, 280, 443, 488, 591, 777 or 1025-65535)`;
}

/** The tags a TAG_LIST trigger names: `[v1, v2]` or `["v1","v2"]` (the docs show `[1]`). */
export function triggerTagList(text: string): string[] {
  const inner = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  return inner
    .split(",")
    .map((t) => t.trim().replace(/^"(.*)"$/, "$1"))
    .filter((t) => t !== "");
}

function fields(ctx: CrCallContext, base?: TriggerRecord): Omit<TriggerRecord, "triggerId"> {
  const triggerName = optional(ctx, "TriggerName") ?? base?.triggerName;
  if (!triggerName) throw invalidParam("TriggerName", "required.");
  const triggerType = (optional(ctx, "TriggerType") ?? base?.triggerType) as TriggerType | undefined;
  if (!triggerType || !TYPES.includes(triggerType)) throw invalidParam("TriggerType", "must be ALL, TAG_LIST or TAG_REG_EXP.");
  const triggerUrl = optional(ctx, "TriggerUrl") ?? base?.triggerUrl ?? "";
  const problem = triggerUrlProblem(triggerUrl);
  if (problem) throw invalidParam("TriggerUrl", `${problem}.`);
  const triggerTag = optional(ctx, "TriggerTag") ?? (optional(ctx, "TriggerType") === undefined ? base?.triggerTag : undefined) ?? (triggerType === "ALL" ? "*" : "");
  if (triggerType === "TAG_LIST" && triggerTagList(triggerTag).length === 0) throw invalidParam("TriggerTag", "a TAG_LIST trigger needs tags, e.g. [v1, v2].");
  if (triggerType === "TAG_REG_EXP") {
    try {
      new RegExp(triggerTag);
    } catch {
      throw invalidParam("TriggerTag", `${triggerTag} is not a regular expression.`);
    }
  }
  return { triggerName, triggerType, triggerTag, triggerUrl };
}

function ownRepo(ctx: CrCallContext, action: string): RepoLocation {
  const instanceId = required(ctx, "InstanceId");
  const repoId = required(ctx, "RepoId");
  const instance = ownInstance(ctx, instanceId);
  const found = repoById(instance, repoId);
  if (!found) throw notFound.repo(instanceId, repoId);
  ctx.authorize(action, arn.repository(ctx, instanceId, found.namespace.namespaceName, found.repo.repoName));
  return found;
}

export const CreateRepoTrigger: CrHandler = (ctx) => {
  const { repo } = ownRepo(ctx, "cr:CreateRepoTrigger");
  const wanted = fields(ctx);
  const triggers = triggersOf(repo);
  if (Object.values(triggers).some((t) => t.triggerName === wanted.triggerName)) {
    throw crFail(CrCode.TriggerAlreadyExist, `Trigger ${wanted.triggerName} already exists on repository ${repo.repoId}.`);
  }
  const trigger: TriggerRecord = { triggerId: newTriggerId(), ...wanted };
  triggers[trigger.triggerId] = trigger;
  ctx.changed();
  return { TriggerId: trigger.triggerId };
};

export const UpdateRepoTrigger: CrHandler = (ctx) => {
  const { repo } = ownRepo(ctx, "cr:UpdateRepoTrigger");
  const triggerId = required(ctx, "TriggerId");
  const trigger = entry(triggersOf(repo), triggerId);
  if (!trigger) throw notFound.trigger(repo.repoId, triggerId);
  Object.assign(trigger, fields(ctx, trigger));
  ctx.changed();
  return {};
};

export const DeleteRepoTrigger: CrHandler = (ctx) => {
  const { repo } = ownRepo(ctx, "cr:DeleteRepoTrigger");
  const triggerId = required(ctx, "TriggerId");
  if (!entry(triggersOf(repo), triggerId)) throw notFound.trigger(repo.repoId, triggerId);
  delete triggersOf(repo)[triggerId];
  ctx.changed();
  return {};
};

/** Unpaginated (acr-api.md §3.8). RepoEvent is a build-event field; pushes have none. */
export const ListRepoTrigger: CrHandler = (ctx) => {
  const { repo } = ownRepo(ctx, "cr:ListRepoTrigger");
  return {
    Triggers: Object.values(triggersOf(repo)).map((t) => ({
      TriggerId: t.triggerId,
      TriggerName: t.triggerName,
      TriggerType: t.triggerType,
      TriggerTag: t.triggerTag,
      TriggerUrl: t.triggerUrl,
    })),
  };
};
