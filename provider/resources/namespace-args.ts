import { z } from "zod";
import { instanceIdSchema, namespaceNameSchema, repoTypeSchema } from "./names";

/** Inputs of acr:Namespace, named after @pulumi/alicloud cs.RegistryEnterpriseNamespace. */
export const namespaceArgsSchema = z.object({
  instanceId: instanceIdSchema,
  name: namespaceNameSchema,
  autoCreateRepo: z.boolean({ message: "must be true or false" }).optional(),
  defaultRepoType: repoTypeSchema.optional(),
  adopt: z.boolean({ message: "must be true or false" }).optional(),
});
export type NamespaceArgs = z.infer<typeof namespaceArgsSchema>;
