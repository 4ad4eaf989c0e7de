import { randomBytes, randomInt } from "node:crypto";
import type { ResourceDefinition } from "../../resource-definition";
import { orUndefined } from "../lifecycle";
import { instanceCredentialInputs, instanceCredentialOutputs, type InstanceCredentialInputs, type InstanceCredentialOutputs } from "./args";

/** 24 random URL-safe characters plus a letter and a digit, so the service's two-classes rule always holds. */
export function generateLoginPassword(): string {
  const letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  return `${randomBytes(18).toString("base64url")}${letters[randomInt(letters.length)]}${randomInt(10)}`;
}

async function setPassword(ctx: Parameters<ResourceDefinition<object, object>["create"]>[0], inputs: InstanceCredentialInputs, password: string) {
  const { cr } = await ctx.clients(inputs.connection);
  await cr.resetLoginPassword({ InstanceId: inputs.instanceId, Password: password });
  return { loginPassword: password, rotatedAt: Date.now() };
}

export const instanceCredentialDefinition: ResourceDefinition<InstanceCredentialInputs, InstanceCredentialOutputs> = {
  name: "InstanceCredential",
  description:
    "The fixed `docker login` password of an ACR EE instance. Write-only and secret: the service cannot show it, so refresh keeps the stored one. Rotation is explicit, through `password` or `rotation`.",
  inputs: instanceCredentialInputs,
  outputs: instanceCredentialOutputs,
  replaceKeys: ["instanceId"],
  secretOutputs: ["password", "loginPassword"],

  async create(ctx, inputs) {
    const outs = await setPassword(ctx, inputs, inputs.password ?? generateLoginPassword());
    return { id: inputs.instanceId, outs: { ...inputs, ...outs } };
  },

  async read(ctx, id, inputs) {
    const { cr } = await ctx.clients(inputs.connection);
    // The password cannot be read back; the credential lives as long as its instance.
    const instance = await orUndefined(() => cr.getInstance({ InstanceId: id }));
    if (!instance || instance.InstanceStatus === "DELETED") return undefined;
    return { outs: inputs as InstanceCredentialOutputs, inputs };
  },

  async update(ctx, _id, olds, news) {
    const rotate = news.rotation !== olds.rotation;
    if (news.password !== undefined && (news.password !== olds.password || rotate)) return { ...news, ...(await setPassword(ctx, news, news.password)) };
    // A password no longer given, or a new rotation value: generate one. Otherwise keep the stored one.
    if (news.password === undefined && (olds.password !== undefined || rotate)) return { ...news, ...(await setPassword(ctx, news, generateLoginPassword())) };
    return news as InstanceCredentialOutputs;
  },

  async delete() {
    // There is nothing to remove: the instance keeps its last password. Forgetting it is enough.
  },
};
