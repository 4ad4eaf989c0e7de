import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema, namespaceNameSchema, repositoryNameSchema } from "../names";
import { regexSource } from "../regex-source";

/**
 * Inputs of ArtifactLifecycleRule (tag retention). @pulumi/alicloud has no such resource; the
 * names follow the API's parameters (CreateArtifactLifecycleRuleRequest, Go SDK v2.5.0).
 */
const fields = {
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  scope: z.enum(["INSTANCE", "NAMESPACE", "REPO"], { message: "must be INSTANCE, NAMESPACE or REPO" }).describe("What the rule cleans: every repository of the instance, of one namespace, or one repository."),
  namespaceName: namespaceNameSchema.optional().describe("The namespace (scope NAMESPACE or REPO)."),
  repoName: repositoryNameSchema.optional().describe("The repository (scope REPO)."),
  retentionTagCount: z
    .number({ message: "is required: how many of the newest tags each repository keeps" })
    .int({ message: "must be a whole number of tags" })
    .min(1, { message: "must keep at least 1 tag" })
    .max(1000, { message: "must be at most 1000 tags" })
    .describe("How many of the newest tags each repository keeps."),
  tagRegexp: regexSource.optional().describe("Tags matching this regular expression are kept as well, whatever their age."),
  auto: z.boolean({ message: "must be true or false" }).optional().describe("Run on the schedule (scheduleTime). Default false: run only on demand."),
  /** Values seen in Terraform's tests and the API docs (acr-api.md §3.9): WEEK, MONTH. */
  scheduleTime: z.enum(["WEEK", "MONTH"], { message: "must be WEEK or MONTH" }).optional().describe("How often an automatic rule runs: WEEK or MONTH."),
    enableDeleteTag: z.boolean({ message: "must be true or false" }).optional().describe("Whether the rule deletes tags (false keeps it as a dry rule). Default true."),
  ...commonInputs,
};

export const artifactLifecycleRuleInputs = z.object(fields).superRefine((i, ctx) => {
    const need = (field: "namespaceName" | "repoName", why: string) => ctx.addIssue({ code: "custom", path: [field], message: `is required when ${why}` });
    const forbid = (field: "namespaceName" | "repoName", why: string) => ctx.addIssue({ code: "custom", path: [field], message: `must be left out when ${why}` });
    if (i.scope === "INSTANCE") {
      if (i.namespaceName !== undefined) forbid("namespaceName", "scope is INSTANCE");
      if (i.repoName !== undefined) forbid("repoName", "scope is INSTANCE");
    }
    if (i.scope === "NAMESPACE") {
      if (i.namespaceName === undefined) need("namespaceName", "scope is NAMESPACE");
      if (i.repoName !== undefined) forbid("repoName", "scope is NAMESPACE (use scope REPO for one repository)");
    }
    if (i.scope === "REPO") {
      if (i.namespaceName === undefined) need("namespaceName", "scope is REPO");
      if (i.repoName === undefined) need("repoName", "scope is REPO");
    }
    if (i.auto === true && i.scheduleTime === undefined) ctx.addIssue({ code: "custom", path: ["scheduleTime"], message: "is required when auto is true: WEEK or MONTH" });
  });
export type ArtifactLifecycleRuleInputs = z.infer<typeof artifactLifecycleRuleInputs>;

export const artifactLifecycleRuleOutputs = z.object({
  ...fields,
  ruleId: z.string().describe("The rule ID (cralr-...)."),
  nextTime: z.number().optional().describe("When an automatic rule runs next, epoch milliseconds."),
});
export type ArtifactLifecycleRuleOutputs = z.infer<typeof artifactLifecycleRuleOutputs>;
