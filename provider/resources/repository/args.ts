import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema, namespaceNameSchema, repoTypeSchema, repositoryNameSchema } from "../names";

/** Inputs of Repository, named after @pulumi/alicloud cs.RegistryEnterpriseRepo, plus tagImmutability. */
export const repositoryInputs = z.object({
  instanceId: instanceIdSchema.describe("The ACR EE instance, e.g. cri-xxxxxxxx."),
  namespace: namespaceNameSchema.describe("The namespace the repository lives in."),
  name: repositoryNameSchema.describe("Repository name: 1-64 of a-z 0-9 - _ , not starting with - or _."),
  summary: z
    .string({ message: "is required: a 1-100 character description" })
    .min(1, { message: "must not be empty: give a 1-100 character description" })
    .max(100, { message: "is too long: use at most 100 characters" })
    .describe("Short description, 1-100 characters."),
  repoType: repoTypeSchema.describe("PUBLIC or PRIVATE."),
  detail: z.string({ message: "must be a string" }).max(2000, { message: "is too long: use at most 2000 characters" }).optional().describe("Long description, at most 2000 characters."),
  tagImmutability: z.boolean({ message: "must be true or false" }).optional().describe("When true, existing tags (except latest) cannot be overwritten."),
  ...commonInputs,
});
export type RepositoryInputs = z.infer<typeof repositoryInputs>;

export const repositoryOutputs = repositoryInputs.extend({
  repoId: z.string().describe("The repository ID (crr-...)."),
  status: z.string().optional().describe("NORMAL, DELETING or DELETED."),
  buildType: z.string().optional().describe("MANUAL (created through the API) or AUTO (created by a push)."),
});
export type RepositoryOutputs = z.infer<typeof repositoryOutputs>;
