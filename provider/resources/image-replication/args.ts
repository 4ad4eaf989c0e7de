import { z } from "zod";
import { commonInputs } from "../common";
import { rerunTriggersSchema, waitTimeoutSchema } from "../rerun-inputs";
import { instanceIdSchema, namespaceNameSchema, repositoryNameSchema } from "../names";
import { accountOfRoleArn, accountUidSchema, regionIdSchema } from "../replication-rule/args";
import { regionProblem } from "../replication-rule/regions";

/** An image tag as the distribution spec and the service accept it. */
export const tagSchema = z
  .string({ message: "is required: an image tag such as v1.2.3" })
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, { message: "must be up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'" });

const shape = {
  instanceId: instanceIdSchema.describe("The source ACR EE instance."),
  namespaceName: namespaceNameSchema.describe("The source namespace."),
  repoName: repositoryNameSchema.describe("The source repository."),
  tag: tagSchema.describe("The source tag to copy."),
  targetRegionId: regionIdSchema.describe("Region of the destination instance."),
  targetInstanceId: instanceIdSchema.describe("The destination ACR EE instance."),
  targetNamespaceName: namespaceNameSchema.describe("The destination namespace."),
  targetRepoName: repositoryNameSchema.optional().describe("The destination repository. Default: repoName."),
  targetTag: tagSchema.optional().describe("The destination tag. Default: tag."),
  targetUserId: accountUidSchema.optional().describe("The destination account's UID, for a cross-account copy."),
  override: z.boolean({ message: "must be true or false" }).optional().describe("Overwrite the destination tag when it exists. Default false: the copy fails instead."),
  triggers: rerunTriggersSchema("copies again"),
  waitTimeoutSeconds: waitTimeoutSchema("copy", "How long create waits for the task. The ImageReplication class sets it from customTimeouts.create; default 1200 (20 min)."),
  ...commonInputs,
};

const base = z.object(shape);
type Base = z.infer<typeof base>;

export const imageReplicationInputs = base.superRefine((i, ctx) => {
  const sourceAccount = accountOfRoleArn(i.connection?.assumeRole?.roleArn);
  if (i.targetUserId !== undefined && sourceAccount === i.targetUserId) {
    ctx.addIssue({ code: "custom", path: ["targetUserId"], message: `is the source account ${sourceAccount} itself: leave it out for a same-account copy` });
  }
  const problem = i.connection?.region === undefined ? undefined : regionProblem(i.connection.region, i.targetRegionId);
  if (problem) ctx.addIssue({ code: "custom", path: ["targetRegionId"], message: problem });
  if (i.targetInstanceId === i.instanceId) {
    ctx.addIssue({ code: "custom", path: ["targetInstanceId"], message: "is the source instance: replicate into another instance" });
  }
});
export type ImageReplicationInputs = Base;

export const imageReplicationOutputs = base.extend({
  taskId: z.string().describe("The sync task (rst-...)."),
  status: z.string().describe("The task's final status: SUCCESS."),
  syncedSize: z.number().optional().describe("Bytes the task moved."),
  digest: z.string().optional().describe("The manifest digest of the copied tag."),
});
export type ImageReplicationOutputs = z.infer<typeof imageReplicationOutputs>;
