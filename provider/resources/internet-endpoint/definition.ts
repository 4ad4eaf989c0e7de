import type { ResourceDefinition } from "../../resource-definition";
import { orUndefined } from "../lifecycle";
import { internetEndpointInputs, internetEndpointOutputs, type InternetEndpointInputs, type InternetEndpointOutputs } from "./args";

type Ctx = Parameters<ResourceDefinition<object, object>["create"]>[0];

/**
 * The state found at create travels in the id (`cri-x:internet:Registry@on`): the dispatcher hands
 * update and delete the inputs only, and delete must know what to restore.
 */
const idOf = (i: InternetEndpointInputs, enabledAtCreate: boolean) => `${i.instanceId}:internet:${i.moduleName ?? "Registry"}@${enabledAtCreate ? "on" : "off"}`;
const enabledAtCreateOf = (id: string): boolean | undefined => (id.endsWith("@on") ? true : id.endsWith("@off") ? false : undefined);

const locator = (i: InternetEndpointInputs) => ({ InstanceId: i.instanceId, EndpointType: "internet", ModuleName: i.moduleName ?? "Registry" });

async function endpointOf(ctx: Ctx, i: InternetEndpointInputs) {
  const { cr } = await ctx.clients(i.connection);
  return cr.getInstanceEndpoint(locator(i));
}

async function setEnable(ctx: Ctx, i: InternetEndpointInputs, enable: boolean) {
  const { cr } = await ctx.clients(i.connection);
  await cr.updateInstanceEndpointStatus({ ...locator(i), Enable: enable });
}

async function outsOf(ctx: Ctx, i: InternetEndpointInputs, enabledAtCreate: boolean): Promise<InternetEndpointOutputs> {
  const endpoint = await endpointOf(ctx, i);
  return { ...i, enable: endpoint.Enable ?? i.enable, enabledAtCreate, aclEnabled: endpoint.AclEnable, domains: endpoint.Domains.map((d) => d.Domain) };
}

export const internetEndpointDefinition: ResourceDefinition<InternetEndpointInputs, InternetEndpointOutputs> = {
  name: "InternetEndpoint",
  description:
    "Whether an ACR EE instance's internet endpoint is open (UpdateInstanceEndpointStatus). The instance always has the endpoint, so create records the state it found and delete restores that state.",
  inputs: internetEndpointInputs,
  outputs: internetEndpointOutputs,
  replaceKeys: ["instanceId", "moduleName"],

  async create(ctx, inputs) {
    const found = await endpointOf(ctx, inputs);
    const enabledAtCreate = found.Enable ?? false;
    if (enabledAtCreate !== inputs.enable) await setEnable(ctx, inputs, inputs.enable);
    return { id: idOf(inputs, enabledAtCreate), outs: await outsOf(ctx, inputs, enabledAtCreate) };
  },

  async read(ctx, id, inputs) {
    const endpoint = await orUndefined(() => endpointOf(ctx, inputs));
    if (!endpoint) return undefined;
    const outs = await outsOf(ctx, inputs, enabledAtCreateOf(id) ?? false);
    return { outs, inputs: { ...inputs, enable: outs.enable } };
  },

  async update(ctx, id, _olds, news) {
    await setEnable(ctx, news, news.enable);
    return outsOf(ctx, news, enabledAtCreateOf(id) ?? false);
  },

  async delete(ctx, id, inputs) {
    const restore = enabledAtCreateOf(id);
    if (restore === undefined) return;
    const endpoint = await orUndefined(() => endpointOf(ctx, inputs));
    if (!endpoint || endpoint.Enable === restore) return;
    await setEnable(ctx, inputs, restore);
    ctx.log(`InternetEndpoint: restored the internet endpoint of ${inputs.instanceId} to ${restore ? "enabled" : "disabled"}, as found at create`);
  },
};
