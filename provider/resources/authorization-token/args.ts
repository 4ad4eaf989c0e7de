import { z } from "zod";
import { connectionSchema } from "../../connection";
import { instanceIdSchema } from "../names";

/** Arguments of getAuthorizationToken(). */
export const authorizationTokenArgs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  /** Registry host for the docker config; default: the instance's internet registry domain. */
  registry: z.string({ message: "must be a host name such as myreg-registry.cn-hangzhou.cr.aliyuncs.com" }).min(1).optional().describe("Registry host for the docker config; default: the instance's internet domain."),
  expiresInHours: z
    .number({ message: "must be a whole number of hours from 1 to 24" })
    .int({ message: "must be a whole number of hours from 1 to 24" })
    .min(1, { message: "must be 1 to 24 hours" })
    .max(24, { message: "must be 1 to 24 hours" })
    .optional()
    .describe("Token lifetime, 1-24 hours. Default 1."),
  connection: connectionSchema.optional(),
});
export type AuthorizationTokenArgs = z.infer<typeof authorizationTokenArgs>;

export const authorizationTokenResult = z.object({
  registry: z.string().describe("The registry host the token is for."),
  username: z.string().describe("The temporary user name."),
  password: z.string().describe("The temporary token (secret)."),
  expiresAt: z.number().describe("Expiry, epoch milliseconds."),
  dockerConfigJson: z.string().describe("A ~/.docker/config.json body (secret), usable as a kubernetes.io/dockerconfigjson pull secret."),
});
export type AuthorizationTokenResult = z.infer<typeof authorizationTokenResult>;
