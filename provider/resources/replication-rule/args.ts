import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema, namespaceNameSchema, repositoryNameSchema } from "../names";
import { filterSchema } from "./filters";
import { regionProblem } from "./regions";

export const regionIdSchema = z
  .string({ message: "is required: a region ID such as cn-shanghai" })
  .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, { message: "must be a region ID such as cn-shanghai or ap-southeast-1" });

/** Alibaba Cloud account UIDs are numeric; a RAM user replicates on behalf of its main account's UID (seed 000). */
export const accountUidSchema = z
  .string({ message: "must be the destination account's numeric UID, e.g. 1234567890123456" })
  .regex(/^\d{6,20}$/, { message: "must be the destination Alibaba Cloud account's numeric UID (the main account's UID, even for a RAM user)" });

export const syncRuleNameSchema = z
  .string({ message: "is required: 1-64 letters, digits, '_', '-' or '.'" })
  .min(1, { message: "must not be empty: use 1-64 letters, digits, '_', '-' or '.'" })
  .max(64, { message: "is too long: use at most 64 characters" })
  .regex(/^[A-Za-z0-9_.-]+$/, { message: "may contain only letters, digits, '_', '-' and '.'" });

export const syncScopeSchema = z.enum(["NAMESPACE", "REPO"], { message: "must be NAMESPACE or REPO" });
export const syncTriggerSchema = z.enum(["PASSIVE", "INITIATIVE"], { message: "must be PASSIVE (on push) or INITIATIVE (manual)" });

/** The account in an assume-role ARN (`acs:ram::<uid>:role/<name>`): the account the rule is created in. */
export function accountOfRoleArn(roleArn: string | undefined): string | undefined {
  return roleArn?.match(/^acs:ram::(\d+):role\//)?.[1];
}

/** What a rule copies and when; CrossAccountReplication passes these through to its rule. */
export const ruleFilterShape = {
  tagFilter: filterSchema("tags", "release-.*").optional().describe("Regular expression over whole tag names. Default .*"),
  repoNameFilter: filterSchema("repository names", "app-.*").optional().describe("Regular expression over whole repository names (NAMESPACE scope only)."),
  syncTrigger: syncTriggerSchema.optional().describe("PASSIVE replicates on push; INITIATIVE only when run by hand. Default PASSIVE."),
};

/** Fields of ReplicationRule, named after @pulumi/alicloud cs.RegistryEnterpriseSyncRule. */
const shape = {
  instanceId: instanceIdSchema.describe("The source ACR EE instance (the rule is created and deleted on this side)."),
  namespaceName: namespaceNameSchema.describe("The source namespace."),
  syncRuleName: syncRuleNameSchema.describe("Rule name, unique per source instance: 1-64 letters, digits, '_', '-', '.'."),
  targetRegionId: regionIdSchema.describe("Region of the destination instance."),
  targetInstanceId: instanceIdSchema.describe("The destination ACR EE instance."),
  targetNamespaceName: namespaceNameSchema.describe("The destination namespace (it needs autoCreateRepo for NAMESPACE scope)."),
  targetUserId: accountUidSchema.optional().describe("The destination account's UID, for cross-account replication; must differ from the source account."),
  syncScope: syncScopeSchema.optional().describe("NAMESPACE or REPO. Default: REPO when repoName and targetRepoName are given, else NAMESPACE."),
  repoName: repositoryNameSchema.optional().describe("Source repository (REPO scope; give targetRepoName with it)."),
  targetRepoName: repositoryNameSchema.optional().describe("Destination repository (REPO scope; give repoName with it)."),
  ...ruleFilterShape,
  backfill: z.boolean({ message: "must be true or false" }).optional().describe("At create, also copy the tags that already exist and match (one CreateRepoSyncTask each); later pushes are the rule's job."),
  ...commonInputs,
};

const base = z.object(shape);
type Base = z.infer<typeof base>;

/** The scope the rule gets: as given, or derived like Terraform (REPO when both repository names are set). */
export function effectiveScope(i: Pick<Base, "syncScope" | "repoName" | "targetRepoName">): "NAMESPACE" | "REPO" {
  return i.syncScope ?? (i.repoName !== undefined && i.targetRepoName !== undefined ? "REPO" : "NAMESPACE");
}

/** Cross-field rules the service enforces, checked at preview with no API call. */
function crossFieldIssues(i: Base, add: (path: keyof Base, message: string) => void): void {
  if ((i.repoName === undefined) !== (i.targetRepoName === undefined)) {
    add(i.repoName === undefined ? "repoName" : "targetRepoName", "must be given together with " + (i.repoName === undefined ? "targetRepoName" : "repoName") + " (REPO scope needs both, NAMESPACE scope neither)");
  }
  const scope = effectiveScope(i);
  if (scope === "REPO" && i.repoName === undefined && i.targetRepoName === undefined) add("repoName", "is required for syncScope REPO: give repoName and targetRepoName, or use syncScope NAMESPACE");
  if (i.syncScope === "NAMESPACE" && i.repoName !== undefined && i.targetRepoName !== undefined) add("syncScope", "is NAMESPACE but repoName/targetRepoName are set: use syncScope REPO, or drop the repository names");
  if (scope === "REPO" && i.repoNameFilter !== undefined) add("repoNameFilter", "applies to syncScope NAMESPACE only: drop it for REPO scope");
  const sourceAccount = accountOfRoleArn(i.connection?.assumeRole?.roleArn);
  if (i.targetUserId !== undefined && sourceAccount !== undefined && sourceAccount === i.targetUserId) {
    add("targetUserId", `is the source account ${sourceAccount} itself: leave targetUserId out for same-account replication, or give the destination account's UID`);
  }
  const sourceRegion = i.connection?.region;
  const problem = sourceRegion === undefined ? undefined : regionProblem(sourceRegion, i.targetRegionId);
  if (problem) add("targetRegionId", problem);
}

export const replicationRuleInputs = base.superRefine((i, ctx) =>
  crossFieldIssues(i, (path, message) => ctx.addIssue({ code: "custom", path: [path], message })),
);
export type ReplicationRuleInputs = Base;

export const latestTaskSchema = z.object({
  syncTaskId: z.string(),
  status: z.string().describe("PENDING, SYNCHRONIZING, SUCCESS, ERROR or CANCELED."),
  issue: z.string().optional().describe("Why the task failed, e.g. TAG_CONFLICT."),
  repoName: z.string().optional(),
  tag: z.string().optional(),
  trigger: z.string().optional().describe("PASSIVE (a push) or INITIATIVE (by hand or backfill)."),
  modifiedTime: z.number().optional().describe("Epoch milliseconds."),
});
export type LatestTask = z.infer<typeof latestTaskSchema>;

export const replicationRuleOutputs = base.extend({
  syncRuleId: z.string().describe("The rule ID (crsr-...)."),
  crossUser: z.boolean().optional().describe("True when the destination belongs to another account."),
  backfillTaskIds: z.array(z.string()).optional().describe("The sync tasks backfill started at create."),
  latestTasks: z.array(latestTaskSchema).optional().describe("The newest outcomes of tasks this rule ran (up to 10), refreshed by read."),
});
export type ReplicationRuleOutputs = z.infer<typeof replicationRuleOutputs>;
