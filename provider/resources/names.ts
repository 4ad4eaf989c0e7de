import { z } from "zod";

// ACR namespace rule: 2–120 lower-case letters, digits and _ - . ; no separator at either end.
const NAMESPACE_RE = /^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])$/;
// Repository rule (emulator rule, acr-api §2.2): 2–120 of [a-z0-9._/-], alphanumeric at both ends.
const REPOSITORY_RE = /^[a-z0-9](?:[a-z0-9._/-]{0,118}[a-z0-9])$/;

export const instanceIdSchema = z
  .string({ message: "instanceId is required: use the ACR EE instance id, e.g. cri-xxxxxxxx" })
  .regex(/^cri-[a-z0-9]+$/, { message: "must be an ACR EE instance id such as cri-abc123" });

export const namespaceNameSchema = z
  .string({ message: "is required: 2-120 characters of a-z, 0-9, '_', '-', '.'" })
  .regex(NAMESPACE_RE, {
    message: "use 2-120 characters of lower-case letters, digits, '_', '-' or '.', not starting or ending with a separator",
  });

export const repositoryNameSchema = z
  .string({ message: "is required: 2-120 characters of a-z, 0-9, '.', '_', '-', '/'" })
  .regex(REPOSITORY_RE, {
    message: "use 2-120 characters of lower-case letters, digits, '.', '_', '-' or '/', starting and ending with a letter or digit",
  });

export const repoTypeSchema = z.enum(["PUBLIC", "PRIVATE"], { message: "must be PUBLIC or PRIVATE" });
