import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema } from "../names";
import { regexSource } from "../regex-source";
import { triggerUrlProblem } from "./url";

/**
 * Inputs of RepoTrigger (a webhook on pushes to one repository). @pulumi/alicloud has no trigger
 * for ACR EE; the names follow the API (CreateRepoTriggerRequest, Go SDK v2.5.0) in lowerCamel.
 */
const fields = {
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  repoId: z.string({ message: "is required: the repository ID (crr-...), e.g. a Repository's repoId" }).regex(/^crr-[a-z0-9]+$/, { message: "must be a repository ID such as crr-abc123 (a Repository's repoId output)" }).describe("The repository (crr-...)."),
  name: z.string({ message: "is required: the trigger's name" }).min(1, { message: "must not be empty" }).max(64, { message: "is too long: use at most 64 characters" }).describe("The trigger's name."),
  url: z
    .string({ message: "is required: the webhook URL" })
    .superRefine((value, ctx) => {
      const problem = triggerUrlProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .describe("The webhook URL (secret: webhook URLs often carry tokens). HTTP on 80, 21, 70, 210, 280, 443, 488, 591, 777 or 1025-65535; HTTPS on 443 only."),
  type: z.enum(["ALL", "TAG_LIST", "TAG_REG_EXP"], { message: "must be ALL, TAG_LIST or TAG_REG_EXP" }).describe("Which pushes fire it: ALL, the tags in `tags` (TAG_LIST) or those matching `tagRegexp` (TAG_REG_EXP)."),
  tags: z.array(z.string().min(1, { message: "must not be empty" }), { message: "must be a list of tags" }).optional().describe("The tags that fire it (type TAG_LIST)."),
  tagRegexp: regexSource.optional().describe("The expression tags must match to fire it (type TAG_REG_EXP)."),
  ...commonInputs,
};

export const repoTriggerInputs = z.object(fields).superRefine((i, ctx) => {
  if (i.type === "TAG_LIST" && !i.tags?.length) ctx.addIssue({ code: "custom", path: ["tags"], message: "is required when type is TAG_LIST: list at least one tag" });
  if (i.type !== "TAG_LIST" && i.tags !== undefined) ctx.addIssue({ code: "custom", path: ["tags"], message: `must be left out when type is ${i.type} (it is for TAG_LIST)` });
  if (i.type === "TAG_REG_EXP" && i.tagRegexp === undefined) ctx.addIssue({ code: "custom", path: ["tagRegexp"], message: "is required when type is TAG_REG_EXP" });
  if (i.type !== "TAG_REG_EXP" && i.tagRegexp !== undefined) ctx.addIssue({ code: "custom", path: ["tagRegexp"], message: `must be left out when type is ${i.type} (it is for TAG_REG_EXP)` });
});
export type RepoTriggerInputs = z.infer<typeof repoTriggerInputs>;

export const repoTriggerOutputs = z.object({ ...fields, triggerId: z.string().describe("The trigger ID.") });
export type RepoTriggerOutputs = z.infer<typeof repoTriggerOutputs>;
