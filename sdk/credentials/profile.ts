import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { CredentialsError } from "../errors";
import type { AssumeRoleOptions, Found, Lookup } from "./source";

/** The aliyun CLI's profile file; only the fields we use are described, the rest pass through. */
const ProfileSchema = z.looseObject({
  name: z.string(),
  mode: z.string().default("AK"),
  access_key_id: z.string().optional(),
  access_key_secret: z.string().optional(),
  sts_token: z.string().optional(),
  ram_role_arn: z.string().optional(),
  ram_session_name: z.string().optional(),
  external_id: z.string().optional(),
  expired_seconds: z.coerce.number().optional(),
  source_profile: z.string().optional(),
  region_id: z.string().optional(),
});
const ConfigFileSchema = z.looseObject({ current: z.string().optional(), profiles: z.array(ProfileSchema).default([]) });
type Profile = z.infer<typeof ProfileSchema>;

export function configFilePath(homeDir: string): string {
  return path.join(homeDir, ".aliyun", "config.json");
}

/** @param requested a profile named by option or env var: its absence is an error, not a skip. */
export function fromProfileFile(homeDir: string, requested: string | undefined): Lookup {
  const file = configFilePath(homeDir);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new CredentialsError(`cannot read ${file}: ${(err as Error).message}`);
    if (requested) throw new CredentialsError(`profile "${requested}" was requested but ${file} does not exist; create it with \`aliyun configure --profile ${requested}\``);
    return { skipped: `profile file: ${file} does not exist` };
  }
  let parsed: z.infer<typeof ConfigFileSchema>;
  try {
    parsed = ConfigFileSchema.parse(JSON.parse(text));
  } catch (err) {
    const detail = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : (err as Error).message;
    throw new CredentialsError(`${file} is not a valid aliyun CLI config (${detail}); fix or remove it`);
  }
  const name = requested ?? parsed.current;
  if (!name) return { skipped: `profile file: ${file} names no current profile` };
  return { found: resolveProfile(parsed.profiles, name, file, []) };
}

function resolveProfile(profiles: Profile[], name: string, file: string, visiting: string[]): Found {
  if (visiting.includes(name)) throw new CredentialsError(`profiles in ${file} form a cycle: ${[...visiting, name].join(" -> ")}`);
  const profile = profiles.find((p) => p.name === name);
  if (!profile) {
    const known = profiles.map((p) => p.name).join(", ") || "none";
    throw new CredentialsError(`profile "${name}" is not in ${file} (profiles there: ${known})`);
  }
  const where = `profile "${name}" in ${file}`;
  const mode = profile.mode.toLowerCase();
  switch (mode) {
    case "ak":
      return { credentials: keyPair(profile, where) };
    case "ststoken":
      if (!profile.sts_token) throw new CredentialsError(`${where} has mode StsToken but no sts_token`);
      return { credentials: { ...keyPair(profile, where), securityToken: profile.sts_token } };
    case "ramrolearn":
      return { credentials: keyPair(profile, where), assumeRole: roleOf(profile, where) };
    case "chainableramrolearn": {
      if (!profile.source_profile) throw new CredentialsError(`${where} has mode ChainableRamRoleArn but no source_profile`);
      const source = resolveProfile(profiles, profile.source_profile, file, [...visiting, name]);
      if (source.assumeRole) {
        // Nested roles need two exchanges; we support one hop so the cached session stays simple.
        throw new CredentialsError(`${where} chains to profile "${profile.source_profile}", which itself assumes a role; point source_profile at an AK or StsToken profile`);
      }
      return { credentials: source.credentials, assumeRole: roleOf(profile, where) };
    }
    default:
      throw new CredentialsError(`${where} uses mode ${profile.mode}, which this provider does not support; use AK, StsToken, RamRoleArn or ChainableRamRoleArn`);
  }
}

function keyPair(profile: Profile, where: string) {
  if (!profile.access_key_id || !profile.access_key_secret) {
    throw new CredentialsError(`${where} lacks access_key_id or access_key_secret; run \`aliyun configure --profile ${profile.name}\``);
  }
  return { accessKeyId: profile.access_key_id, accessKeySecret: profile.access_key_secret, source: where };
}

function roleOf(profile: Profile, where: string): AssumeRoleOptions {
  if (!profile.ram_role_arn) throw new CredentialsError(`${where} has mode ${profile.mode} but no ram_role_arn`);
  return {
    roleArn: profile.ram_role_arn,
    sessionName: profile.ram_session_name,
    externalId: profile.external_id,
    durationSeconds: profile.expired_seconds,
  };
}
