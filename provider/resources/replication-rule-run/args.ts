import { z } from "zod";
import { commonInputs } from "../common";
import { rerunTriggersSchema, waitTimeoutSchema } from "../rerun-inputs";
import { tagSchema } from "../image-replication/args";
import { instanceIdSchema, namespaceNameSchema, repositoryNameSchema } from "../names";

/** Inputs of ReplicationRuleRun: run a manual (INITIATIVE) replication rule now. No IaC tool offers it. */
const shape = {
  instanceId: instanceIdSchema.describe("The rule's source ACR EE instance."),
  syncRuleId: z.string({ message: "is required: the rule ID (crsr-...), e.g. a ReplicationRule's id" }).regex(/^crsr-[a-z0-9]+$/, { message: "must be a sync rule ID such as crsr-abc123 (a ReplicationRule's syncRuleId)" }).describe("The manual (INITIATIVE) rule to run."),
  namespaceName: namespaceNameSchema.describe("The source namespace the rule covers."),
  repoName: repositoryNameSchema.describe("The source repository to replicate."),
  tag: tagSchema.optional().describe("One tag to replicate. Default: every tag of the repository that matches the rule's tag filter."),
  triggers: rerunTriggersSchema("runs the rule again"),
  waitTimeoutSeconds: waitTimeoutSchema("run", "How long create waits for the tasks; default 1200 (20 min), or customTimeouts.create."),
  ...commonInputs,
};

export const replicationRuleRunInputs = z.object(shape);
export type ReplicationRuleRunInputs = z.infer<typeof replicationRuleRunInputs>;

export const replicationRuleRunOutputs = replicationRuleRunInputs.extend({
  taskIds: z.array(z.string()).describe("The sync tasks the run started (rst-...), one per tag."),
  tags: z.array(z.string()).describe("The tags replicated."),
  status: z.string().describe("SUCCESS once every task succeeded."),
  syncedSize: z.number().describe("Bytes the tasks moved."),
});
export type ReplicationRuleRunOutputs = z.infer<typeof replicationRuleRunOutputs>;
