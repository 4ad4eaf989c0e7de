import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { CredentialsError } from "../errors";
import type { AssumeRoleOptions, Found, Lookup } from "./source";

/** Older aliyun CLI versions write every field, unset ones as "" or 0: those mean "absent". */
const text = z.string().optional().transform((v) => v || undefined);
const seconds = z.coerce.number().optional().transform((v) => v || undefined);

/** The aliyun CLI's profile file; only the fields we use are described, the rest pass through. */
const ProfileSchema = z.looseObject({
  name: z.string().min(1),
  mode: z.string().default("AK"),
  access_key_id: text,
  access_key_secret: text,
  sts_token: text,
  ram_role_arn: text,
  ram_session_name: text,
  external_id: text,
  expired_seconds: seconds,
  source_profile: text,
});
const ConfigFileSchema = z.looseObject({ current: text, profiles: z.array(ProfileSchema).default([]) });
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
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new CredentialsError(`cannot read ${file} (${code ?? "unknown error"}); fix its permissions or remove it`);
    if (requested) throw new CredentialsError(`profile "${requested}" was requested but ${file} does not exist; create it with \`aliyun configure --profile ${requested}\``);
    return { skipped: `profile file: ${file} does not exist` };
  }
  const parsed = parseConfig(text, file);
  const name = requested ?? parsed.current;
  if (!name) return { skipped: `profile file: ${file} names no current profile` };
  return { found: resolveProfile(parsed.profiles, name, file, []) };
}

function parseConfig(text: string, file: string): z.infer<typeof ConfigFileSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8 quotes the file's text in its message, and this file holds secrets: keep only the position.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new CredentialsError(`${file} is not valid JSON${at ? ` (${lineAndColumn(text, Number(at))})` : ""}; fix or remove it`);
  }
  const result = ConfigFileSchema.safeParse(json);
  if (!result.success) {
    // Zod messages name the expected type, never the value, so they are safe to show.
    const detail = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new CredentialsError(`${file} is not a valid aliyun CLI config (${detail}); fix or remove it`);
  }
  return result.data;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Follows source_profile links; `visiting` holds the names on the current path, to catch cycles. */
function resolveProfile(profiles: Profile[], name: string, file: string, visiting: string[]): Found {
  if (visiting.includes(name)) throw new CredentialsError(`profiles in ${file} form a cycle: ${[...visiting, name].join(" -> ")}; point one source_profile at an AK or StsToken profile`);
  const profile = profiles.find((p) => p.name === name);
  if (!profile) {
    const known = profiles.map((p) => p.name).join(", ") || "none";
    throw new CredentialsError(`profile "${name}" is not in ${file} (profiles there: ${known})`);
  }
  const where = `profile "${name}" in ${file}`;
  switch (profile.mode.toLowerCase()) {
    case "ak":
      return { credentials: keyPair(profile, where), roles: [] };
    case "ststoken":
      if (!profile.sts_token) throw new CredentialsError(`${where} has mode StsToken but no sts_token; run \`aliyun configure --profile ${name} --mode StsToken\``);
      return { credentials: { ...keyPair(profile, where), securityToken: profile.sts_token }, roles: [] };
    case "ramrolearn":
      return { credentials: keyPair(profile, where), roles: [roleOf(profile, where)] };
    case "chainableramrolearn": {
      if (!profile.source_profile) throw new CredentialsError(`${where} has mode ChainableRamRoleArn but no source_profile`);
      const source = resolveProfile(profiles, profile.source_profile, file, [...visiting, name]);
      // Each hop assumes its role with the session the previous hop produced.
      return { credentials: source.credentials, roles: [...source.roles, roleOf(profile, where)] };
    }
    default:
      throw new CredentialsError(`${where} uses mode ${profile.mode}, which this provider does not support; use AK, StsToken, RamRoleArn or ChainableRamRoleArn, or pass keys explicitly`);
  }
}

function keyPair(profile: Profile, where: string) {
  if (!profile.access_key_id || !profile.access_key_secret) {
    const missing = profile.access_key_id ? "access_key_secret" : "access_key_id";
    throw new CredentialsError(`${where} has no ${missing}; run \`aliyun configure --profile ${profile.name}\``);
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
