import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema, namespaceNameSchema, repoTypeSchema } from "../names";

/** Inputs of Namespace, named after @pulumi/alicloud cs.RegistryEnterpriseNamespace. */
export const namespaceInputs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  name: namespaceNameSchema.describe("Namespace name: 2-120 of a-z 0-9 _ - . , no separator at either end."),
  autoCreateRepo: z.boolean({ message: "must be true or false" }).optional().describe("Create a repository on first push. Default true."),
  defaultRepoType: repoTypeSchema.optional().describe("Type of repositories created on push: PUBLIC or PRIVATE. Default PRIVATE."),
  ...commonInputs,
});
export type NamespaceInputs = z.infer<typeof namespaceInputs>;

export const namespaceOutputs = namespaceInputs.extend({
  namespaceId: z.string().optional().describe("The namespace ID (crn-...)."),
  status: z.string().optional().describe("NORMAL, or DELETING while being deleted."),
});
export type NamespaceOutputs = z.infer<typeof namespaceOutputs>;
