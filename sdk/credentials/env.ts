import { CredentialsError } from "../errors";
import type { Lookup } from "./source";

/**
 * Two families of names: ALICLOUD_* (read by @pulumi/alicloud and Terraform, which check them first)
 * and ALIBABA_CLOUD_* (the official SDKs). We keep Terraform's precedence so one shell works for both.
 */
const FAMILIES = [
  { id: "ALICLOUD_ACCESS_KEY", secret: "ALICLOUD_SECRET_KEY", token: "ALICLOUD_SECURITY_TOKEN" },
  { id: "ALIBABA_CLOUD_ACCESS_KEY_ID", secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET", token: "ALIBABA_CLOUD_SECURITY_TOKEN" },
] as const;

export function fromEnvironment(env: NodeJS.ProcessEnv): Lookup {
  for (const names of FAMILIES) {
    const id = env[names.id]?.trim();
    const secret = env[names.secret]?.trim();
    if (!id && !secret) continue;
    // A half-set pair is a mistake, not an absence: moving on would silently pick other credentials.
    if (!id || !secret) {
      const missing = id ? names.secret : names.id;
      throw new CredentialsError(`${missing} is not set but ${id ? names.id : names.secret} is; set both, or unset both`);
    }
    const token = env[names.token]?.trim() || undefined;
    return { found: { credentials: { accessKeyId: id, accessKeySecret: secret, securityToken: token, source: `env ${names.id}` }, roles: [] } };
  }
  return { skipped: `environment: neither ${FAMILIES.map((f) => `${f.id}/${f.secret}`).join(" nor ")} is set` };
}
