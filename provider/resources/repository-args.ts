import { z } from "zod";
import { instanceIdSchema, namespaceNameSchema, repoTypeSchema, repositoryNameSchema } from "./names";

/** Inputs of acr:Repository, named after @pulumi/alicloud cs.RegistryEnterpriseRepo plus tagImmutability. */
export const repositoryArgsSchema = z.object({
  instanceId: instanceIdSchema,
  namespace: namespaceNameSchema,
  name: repositoryNameSchema,
  summary: z
    .string({ message: "is required: a 1-100 character description" })
    .min(1, { message: "must not be empty: give a 1-100 character description" })
    .max(100, { message: "is too long: use at most 100 characters" }),
  repoType: repoTypeSchema,
  detail: z.string().max(2000, { message: "is too long: use at most 2000 characters" }).optional(),
  tagImmutability: z.boolean({ message: "must be true or false" }).optional(),
  adopt: z.boolean({ message: "must be true or false" }).optional(),
});
export type RepositoryArgs = z.infer<typeof repositoryArgsSchema>;
