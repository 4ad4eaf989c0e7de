import { z } from "zod";
import { commonInputs } from "../common";
import { instanceIdSchema } from "../names";
import { regexProblem } from "../replication-rule/filters";
import { pairsFromConfig, parseTagSelection, splitImage, type SyncerConfig } from "./syncer-config";

const credentialsSchema = z.object(
  {
    username: z.string({ message: "is required: the registry user name" }).min(1, { message: "must not be empty" }),
    password: z.string({ message: "is required: the registry password or token" }),
  },
  { message: "must be { username, password }" },
);

const imageRefSchema = (example: string) =>
  z.string({ message: `must be <registry>/<repository>, e.g. ${example}` }).superRefine((ref, ctx) => {
    try {
      splitImage(ref);
    } catch {
      ctx.addIssue({ code: "custom", message: `must be <registry>/<repository>[:tags], e.g. ${example}` });
    }
  });

const tagsSchema = z.union([z.array(z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, { message: "each tag must be up to 128 of letters, digits, '_', '.', '-'" })).min(1, { message: "must list at least one tag, or be left out for all tags" }), z.string()], {
  message: 'must be a list of tags, "a,b", or a "/regex/"',
});

const authEntrySchema = z.object({ username: z.string().optional(), password: z.string().optional(), insecure: z.boolean().optional() });
const syncerConfigSchema = z.object({
  auth: z.record(z.string(), authEntrySchema).optional(),
  images: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

/** The config as an object (it may come as the JSON text of an image-syncer file). */
export function configObject(config: unknown): SyncerConfig | undefined {
  if (config === undefined) return undefined;
  return (typeof config === "string" ? JSON.parse(config) : config) as SyncerConfig;
}

const shape = {
  source: imageRefSchema("harbor.example.com/library/nginx").optional().describe("Source image, image-syncer style: <registry>/<repository>[:tag,tag|:/regex/]. Give this or config."),
  target: imageRefSchema("registry.cn-hangzhou.aliyuncs.com/team/nginx").optional().describe("Target repository <registry>/<repository> (tags keep their names)."),
  tags: tagsSchema.optional().describe('Tags to copy: a list, "a,b", or "/regex/" (matched anywhere in the tag, like image-syncer). Default: the source\'s tag part, else every tag.'),
  sourceCredentials: credentialsSchema.optional().describe("Basic credentials for the source registry. Stored as a secret."),
  targetCredentials: credentialsSchema.optional().describe("Basic credentials for the target registry. Default: a temporary token from targetInstanceId. Stored as a secret."),
  sourceInsecure: z.boolean({ message: "must be true or false" }).optional().describe("Plain http to the source registry."),
  targetInsecure: z.boolean({ message: "must be true or false" }).optional().describe("Plain http to the target registry."),
  config: z
    .union([z.string(), syncerConfigSchema], { message: "must be an image-syncer config: JSON text or an object with auth and images" })
    .optional()
    .describe("An image-syncer config (auth map + images map), as its JSON text or an object. Stored as a secret."),
  defaultTargetRegistry: z.string().optional().describe("image-syncer's --registry: target registry for config images with an empty target."),
  defaultTargetNamespace: z.string().optional().describe("image-syncer's --namespace: target namespace for config images with an empty target."),
  targetInstanceId: instanceIdSchema.optional().describe("The target ACR EE instance: without targetCredentials, log in with a temporary token from GetAuthorizationToken."),
  concurrency: z.number({ message: "must be a number from 1 to 32" }).int({ message: "must be a whole number from 1 to 32" }).min(1, { message: "must be at least 1" }).max(32, { message: "must be at most 32" }).optional().describe("Images (tags) copied at once (image-syncer --proc), and requests in flight at once across the whole sync. Default 16."),
  retries: z.number({ message: "must be a number from 0 to 10" }).int({ message: "must be a whole number from 0 to 10" }).min(0, { message: "must be at least 0" }).max(10, { message: "must be at most 10" }).optional().describe("Retries per tag after a failure (image-syncer --retries). Default 2."),
  triggers: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())], { message: "must be a list or a map of values" }).optional().describe("Any values; a change copies again."),
  plannedTags: z.array(z.string({ message: "must be a list of <source>:<tag>" }), { message: "must be a list of <source>:<tag>" }).optional().describe("Set by the ImageSync class from the source's tags at preview and up: shows what would copy, and a change (a new matching tag) copies again."),
  planAtPreview: z.boolean({ message: "must be true or false" }).optional().describe("List the source's tags in the program so preview shows plannedTags. Default true."),
  ...commonInputs,
};

const base = z.object(shape);
type Base = z.infer<typeof base>;

export const imageSyncInputs = base.superRefine((i, ctx) => {
  const add = (path: keyof Base, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (i.config === undefined && i.source === undefined) add("source", "is required unless config is given: <registry>/<repository>[:tags]");
  if (i.config !== undefined && i.source !== undefined) add("config", "cannot be combined with source/target: give either an image-syncer config or one source and target");
  if (i.source !== undefined && i.target === undefined) add("target", "is required with source: the target <registry>/<repository>");
  if (typeof i.tags === "string") {
    const selection = parseTagSelection(i.tags);
    const problem = selection.kind === "regex" ? regexProblem(selection.pattern) : undefined;
    if (problem) add("tags", `is not a valid regular expression (${problem}): fix the pattern between the slashes`);
  }
  if (i.config !== undefined) {
    let parsed: unknown;
    try {
      parsed = configObject(i.config);
    } catch {
      add("config", "is not valid JSON: give the image-syncer config file's text or an object");
      return;
    }
    const shapeCheck = syncerConfigSchema.safeParse(parsed);
    if (!shapeCheck.success) {
      add("config", "must have an images map of <source>: <target> (and optionally an auth map of <registry>: {username, password, insecure})");
      return;
    }
    try {
      const pairs = pairsFromConfig(shapeCheck.data, { registry: i.defaultTargetRegistry, namespace: i.defaultTargetNamespace });
      const badRegex = pairs.map((p) => (p.tags.kind === "regex" ? regexProblem(p.tags.pattern) : undefined)).find(Boolean);
      if (badRegex) add("config", `has a tag /regex/ that does not compile (${badRegex})`);
      if (pairs.length === 0) add("config", "has no images: add at least one <source>: <target> entry");
    } catch (error) {
      add("config", (error as Error).message);
    }
  }
});
export type ImageSyncInputs = Base;

const tagOutcome = z.object({ tag: z.string(), digest: z.string(), status: z.string().describe("copied or unchanged") });
export const imageSyncOutputs = base.extend({
  images: z.array(z.object({ source: z.string(), target: z.string(), tags: z.array(tagOutcome) })).describe("Per image: each tag's digest, the same at both ends."),
  copiedTags: z.array(z.string()).describe("<source>:<tag> for every tag the sync copied (or found unchanged)."),
  bytesMoved: z.number().describe("Blob bytes streamed from source to target."),
});
export type ImageSyncOutputs = z.infer<typeof imageSyncOutputs>;
