/**
 * Reading and checking a seed (seed.ts): from a file, an object, or the bundled default. UIDs,
 * key IDs and instance IDs must be unique across the whole seed, since keys and UIDs are global.
 */

import { readFileSync } from "node:fs";
import { z } from "zod";
import defaultSeed from "../seed/default.json";
import type { SeedFile } from "./seed";

const SeedUserSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    accessKeyId: z.string().min(1),
    accessKeySecret: z.string().min(1),
    policies: z.array(z.string()).optional(),
  })
  .strict();

const SeedInstanceSchema = z
  .object({
    instanceId: z.string().regex(/^cri-[a-z0-9]+$/),
    instanceName: z.string().min(1),
    regionId: z.string().regex(/^[a-z0-9-]+$/),
    edition: z.enum(["Basic", "Standard", "Advanced"]),
    linkedVpcs: z
      .array(z.object({ vpcId: z.string().regex(/^vpc-[a-z0-9]+$/), vswitchId: z.string().regex(/^vsw-[a-z0-9]+$/), ip: z.ipv4() }).strict())
      .optional(),
  })
  .strict();

const SeedAccountSchema = z
  .object({
    name: z.string().min(1),
    uid: z.string().regex(/^\d{16}$/, "uid must be 16 digits"),
    accessKeyId: z.string().min(1),
    accessKeySecret: z.string().min(1),
    users: z.array(SeedUserSchema),
    instances: z.array(SeedInstanceSchema),
  })
  .strict();

export const SeedFileSchema = z
  .object({ accounts: z.array(SeedAccountSchema).min(1) })
  .strict()
  .superRefine((seed, ctx) => {
    const seen = new Set<string>();
    const unique = (kind: string, value: string) => {
      if (seen.has(`${kind}:${value}`)) ctx.addIssue({ code: "custom", message: `duplicate ${kind} ${value}` });
      seen.add(`${kind}:${value}`);
    };
    for (const account of seed.accounts) {
      unique("uid", account.uid);
      unique("accessKeyId", account.accessKeyId);
      for (const user of account.users) unique("accessKeyId", user.accessKeyId);
      for (const instance of account.instances) unique("instanceId", instance.instanceId);
    }
  });

/** A path to a JSON seed file, a seed object, or nothing for the bundled default. */
export function loadSeed(source?: string | SeedFile): SeedFile {
  const raw: unknown = source === undefined ? defaultSeed : typeof source === "string" ? JSON.parse(readFileSync(source, "utf8")) : source;
  const result = SeedFileSchema.safeParse(raw);
  if (!result.success) {
    const where = typeof source === "string" ? source : source === undefined ? "default seed" : "seed object";
    throw new Error(`${where} is not a valid seed:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
