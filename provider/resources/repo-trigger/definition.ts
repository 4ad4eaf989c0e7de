import type { RepoTrigger, RepoTriggerSettings } from "../../../sdk/clients";
import type { ResourceDefinition } from "../../resource-definition";
import { createOrAdopt, ignoreNotFound, orUndefined, partialOnFailure, waitUntilGone } from "../lifecycle";
import { repoTriggerInputs, repoTriggerOutputs, type RepoTriggerInputs, type RepoTriggerOutputs } from "./args";

type Ctx = Parameters<ResourceDefinition<object, object>["create"]>[0];

/** One `TriggerTag` string: a JSON array for TAG_LIST, the expression for TAG_REG_EXP, `*` for ALL (acr-api.md §3.8). */
function triggerTag(i: RepoTriggerInputs): string {
  if (i.type === "TAG_LIST") return JSON.stringify(i.tags ?? []);
  if (i.type === "TAG_REG_EXP") return i.tagRegexp ?? "";
  return "*";
}

function settings(i: RepoTriggerInputs): RepoTriggerSettings {
  return { TriggerName: i.name, TriggerUrl: i.url, TriggerType: i.type, TriggerTag: triggerTag(i) };
}

function parseTags(text: string | undefined): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text ?? "");
    return Array.isArray(value) ? value.map(String) : undefined;
  } catch {
    return undefined;
  }
}

/** The inputs as the service holds them. */
function observed(t: RepoTrigger, i: RepoTriggerInputs): RepoTriggerInputs {
  // The docs spell TAG_LIST as TAG_LISTTAG in responses; read both as TAG_LIST.
  const type = t.TriggerType === "TAG_LISTTAG" ? "TAG_LIST" : t.TriggerType;
  const known = type === "ALL" || type === "TAG_LIST" || type === "TAG_REG_EXP" ? type : i.type;
  return {
    ...i,
    name: t.TriggerName ?? i.name,
    url: t.TriggerUrl ?? i.url,
    type: known,
    tags: known === "TAG_LIST" ? (parseTags(t.TriggerTag) ?? i.tags) : undefined,
    tagRegexp: known === "TAG_REG_EXP" ? (t.TriggerTag ?? i.tagRegexp) : undefined,
  };
}

const outsOf = (t: RepoTrigger, i: RepoTriggerInputs): RepoTriggerOutputs => ({ ...observed(t, i), triggerId: t.TriggerId });

async function listTriggers(ctx: Ctx, i: RepoTriggerInputs): Promise<RepoTrigger[]> {
  const { cr } = await ctx.clients(i.connection);
  return (await orUndefined(() => cr.listRepoTrigger({ InstanceId: i.instanceId, RepoId: i.repoId })))?.Triggers ?? [];
}

export const repoTriggerDefinition: ResourceDefinition<RepoTriggerInputs, RepoTriggerOutputs> = {
  name: "RepoTrigger",
  description:
    "A webhook on an ACR EE repository: a push whose tag matches sends an event to the URL. The URL is a secret (webhook URLs often carry tokens). Name, URL, type and tags change in place.",
  inputs: repoTriggerInputs,
  outputs: repoTriggerOutputs,
  replaceKeys: ["instanceId", "repoId"],
  secretOutputs: ["url"],

  async create(ctx, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    const find = async () => (await listTriggers(ctx, inputs)).find((t) => t.TriggerName === inputs.name);
    const { found, adopted } = await createOrAdopt({
      what: `trigger ${inputs.name} on ${inputs.repoId}`,
      field: "name",
      adopt: inputs.adopt,
      find,
      create: () => cr.createRepoTrigger({ InstanceId: inputs.instanceId, RepoId: inputs.repoId, ...settings(inputs) }),
      idAfterCreate: (created) => (created as { TriggerId: string }).TriggerId,
    });
    if (!adopted) return { id: found.TriggerId, outs: outsOf(found, inputs) };
    return partialOnFailure(found.TriggerId, `adopted trigger ${inputs.name} but could not apply the inputs`, async () => {
      await cr.updateRepoTrigger({ InstanceId: inputs.instanceId, RepoId: inputs.repoId, TriggerId: found.TriggerId, ...settings(inputs) });
      return { id: found.TriggerId, outs: outsOf((await find()) ?? found, inputs) };
    });
  },

  async read(ctx, id, inputs) {
    const trigger = (await listTriggers(ctx, inputs)).find((t) => t.TriggerId === id);
    if (!trigger) return undefined;
    return { outs: outsOf(trigger, inputs), inputs: observed(trigger, inputs) };
  },

  async update(ctx, id, _olds, news) {
    const { cr } = await ctx.clients(news.connection);
    await cr.updateRepoTrigger({ InstanceId: news.instanceId, RepoId: news.repoId, TriggerId: id, ...settings(news) });
    const trigger = (await listTriggers(ctx, news)).find((t) => t.TriggerId === id);
    return trigger ? outsOf(trigger, news) : { ...news, triggerId: id };
  },

  async delete(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    await ignoreNotFound(() => cr.deleteRepoTrigger({ InstanceId: inputs.instanceId, RepoId: inputs.repoId, TriggerId: id }));
    await waitUntilGone(`trigger ${id}`, async () => !(await listTriggers(ctx, inputs)).some((t) => t.TriggerId === id));
  },
};
