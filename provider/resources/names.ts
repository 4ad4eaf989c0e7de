import { z } from "zod";

// The provider accepts exactly what the service accepts (emulator/cr/rules.ts mirrors the sources).
// Namespace (acr-api.md §2.2, SDK and Terraform docs): 2–120 of a-z 0-9 _ - . ; no separator at either end.
const NAMESPACE_RE = /^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])$/;
// Repository (seed 003 §3.3, the only document with an explicit rule): 1–64 of a-z 0-9 - _ ,
// not starting with '-' or '_'. Neither '.' nor '/' is allowed.
const REPOSITORY_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const instanceIdSchema = z
  .string({ message: "is required: use the ACR EE instance id, e.g. cri-xxxxxxxx" })
  .regex(/^cri-[a-z0-9]+$/, { message: "must be an ACR EE instance id such as cri-abc123" });

export const namespaceNameSchema = z
  .string({ message: "is required: 2-120 characters of a-z, 0-9, '_', '-', '.'" })
  .regex(NAMESPACE_RE, {
    message: "use 2-120 characters of lower-case letters, digits, '_', '-' or '.', not starting or ending with a separator",
  });

export const repositoryNameSchema = z
  .string({ message: "is required: 1-64 characters of a-z, 0-9, '-', '_'" })
  .max(64, { message: "is too long: use 1-64 characters of lower-case letters, digits, '-' or '_'" })
  .regex(REPOSITORY_RE, {
    message: "use 1-64 characters of lower-case letters, digits, '-' or '_', not starting with '-' or '_' ('.' and '/' are not allowed)",
  });

export const repoTypeSchema = z.enum(["PUBLIC", "PRIVATE"], { message: "must be PUBLIC or PRIVATE" });
