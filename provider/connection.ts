import { z } from "zod";

const text = (what: string) => z.string({ message: `must be a string: ${what}` });

const assumeRoleSchema = z.object({
  roleArn: z
    .string({ message: "roleArn is required, e.g. acs:ram::123:role/name" })
    .min(1, { message: "roleArn is required, e.g. acs:ram::123:role/name" }),
  sessionName: text("2-64 letters, digits, '.', '@', '-', '_'").optional(),
  externalId: text("the external ID the role's trust policy expects").optional(),
  sessionExpiration: z.number({ message: "must be a whole number of seconds, 900-43200" }).int({ message: "must be a whole number of seconds, 900-43200" }).optional(),
  policy: text("a JSON session policy").optional(),
});

const endpoint = text("a host or an http(s) URL");
const endpointsSchema = z.object({ cr: endpoint.optional(), ram: endpoint.optional(), sts: endpoint.optional() });

/** How one resource reaches Alibaba Cloud; every field is optional and falls back to stack config. */
export const connectionSchema = z.object({
  region: text("a region ID such as cn-hangzhou").optional().describe("Region, e.g. cn-hangzhou (alicloud:region)."),
  accessKey: text("an AccessKey ID").optional().describe("AccessKey ID (alicloud:accessKey)."),
  secretKey: text("an AccessKey secret").optional().describe("AccessKey secret (alicloud:secretKey)."),
  securityToken: text("an STS security token").optional().describe("STS token for temporary keys (alicloud:securityToken)."),
  profile: text("a profile name from ~/.aliyun/config.json").optional().describe("Profile in ~/.aliyun/config.json (alicloud:profile)."),
  assumeRole: assumeRoleSchema.optional().describe("Assume this RAM role on top of the keys found (alicloud:assumeRole)."),
  endpoints: endpointsSchema.optional().describe("Per-product host or URL overrides (alicloud:endpoints)."),
});
export type Connection = z.infer<typeof connectionSchema>;

/** Thrown when stack config holds malformed JSON; the message names the key, never its value (it may hold secrets). */
export class ConnectionConfigError extends Error {
  override readonly name = "ConnectionConfigError";
}

function parseJsonKey(config: Record<string, string>, key: string): unknown {
  const raw = config[key];
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConnectionConfigError(`${key} must be JSON`);
  }
}

/** Read the same alicloud:* stack config keys @pulumi/alicloud reads. endpoints may be a list of objects or one object. */
export function connectionFromStackConfig(config: Record<string, string>): Connection {
  let endpoints = parseJsonKey(config, "alicloud:endpoints");
  if (Array.isArray(endpoints)) endpoints = Object.assign({}, ...endpoints);
  const candidate = {
    region: config["alicloud:region"] || undefined,
    accessKey: config["alicloud:accessKey"] || undefined,
    secretKey: config["alicloud:secretKey"] || undefined,
    securityToken: config["alicloud:securityToken"] || undefined,
    profile: config["alicloud:profile"] || undefined,
    assumeRole: parseJsonKey(config, "alicloud:assumeRole"),
    endpoints,
  };
  const parsed = connectionSchema.safeParse(candidate);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => `alicloud:${i.path.map(String).join(".")}`))];
    throw new ConnectionConfigError(`invalid stack config: ${fields.join(", ")}`);
  }
  return parsed.data;
}

/** A per-resource connection wins field by field over the stack config. */
export function mergeConnection(resource: Connection | undefined, stack: Connection): Connection {
  const merged: Connection = { ...stack };
  for (const [k, v] of Object.entries(resource ?? {})) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}
