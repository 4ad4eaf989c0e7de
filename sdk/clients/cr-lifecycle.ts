/**
 * CR 2018-12-01 tag retention (artifact lifecycle rules, `RuleId`). Names and types follow the
 * official Go SDK cr-20181201 v2.5.0 structs: Create/Update/Get/Delete/ListArtifactLifecycleRule
 * Request and ResponseBody. `RetentionTagCount` is an int64, `ScheduleTime` a string, times epoch ms.
 *
 * Retry safety: CreateArtifactLifecycleRule is NOT repeated after an ambiguous failure (a second
 * rule would be made; the caller lists and matches first); the rest are reads or converge.
 */
import { z } from "zod";
import type { CallOptions, RpcCaller } from "../rpc/client";
import { CrInstanceMethods } from "./cr-instance";
import { collectPages, type PaginateOptions } from "./paginate";
import { bool, envelope, list, num, text, EmptyResponse } from "./wire";

const READ: CallOptions = { idempotent: true };
const CREATE: CallOptions = { idempotent: false };
const CONVERGENT: CallOptions = { idempotent: true };

/** What a rule applies to; NAMESPACE needs `NamespaceName`, REPO needs both names. */
export type LifecycleScope = "INSTANCE" | "NAMESPACE" | "REPO";

export type ArtifactLifecycleRuleSettings = {
  Scope: LifecycleScope;
  NamespaceName?: string;
  RepoName?: string;
  /** Tags kept per repository, newest first. */
  RetentionTagCount?: number;
  /** Tags matching this are kept whatever their age. */
  TagRegexp?: string;
  /** Run on the schedule. */
  Auto?: boolean;
  /** The schedule, e.g. `WEEK` (official docs); passed through. */
  ScheduleTime?: string;
  EnableDeleteTag?: boolean;
};

export type CreateArtifactLifecycleRuleInput = { InstanceId: string } & ArtifactLifecycleRuleSettings;
export type UpdateArtifactLifecycleRuleInput = { InstanceId: string; RuleId: string } & ArtifactLifecycleRuleSettings;
export type ArtifactLifecycleRuleRef = { InstanceId: string; RuleId: string };
export type ListArtifactLifecycleRuleInput = { InstanceId: string; EnableDeleteTag?: boolean; PageNo?: number; PageSize?: number };

const crEnvelope = { ...envelope, Code: text.optional(), IsSuccess: bool.optional() };

export const ArtifactLifecycleRule = z.object({
  RuleId: text,
  InstanceId: text.optional(),
  Scope: text.optional(),
  NamespaceName: text.optional(),
  RepoName: text.optional(),
  RetentionTagCount: num.optional(),
  TagRegexp: text.optional(),
  Auto: bool.optional(),
  ScheduleTime: text.optional(),
  EnableDeleteTag: bool.optional(),
  /** Epoch ms of the next scheduled run. */
  NextTime: num.optional(),
  CreateTime: num.optional(),
  ModifiedTime: num.optional(),
});
export type ArtifactLifecycleRule = z.output<typeof ArtifactLifecycleRule>;

export const CreateArtifactLifecycleRuleResponse = z.object({ ...crEnvelope, RuleId: text });
export const GetArtifactLifecycleRuleResponse = z.object({ ...crEnvelope, ...ArtifactLifecycleRule.shape });
export type GetArtifactLifecycleRuleResponse = z.output<typeof GetArtifactLifecycleRuleResponse>;
export const ListArtifactLifecycleRuleResponse = z.object({
  ...crEnvelope,
  PageNo: num.optional(),
  PageSize: num.optional(),
  TotalCount: num.optional(),
  Rules: list(ArtifactLifecycleRule),
});
export type ListArtifactLifecycleRuleResponse = z.output<typeof ListArtifactLifecycleRuleResponse>;

/** Lifecycle rule calls, on top of the instance calls; CrClient inherits both. */
export class CrLifecycleMethods extends CrInstanceMethods {
  constructor(rpc: RpcCaller) {
    super(rpc);
  }

  createArtifactLifecycleRule(input: CreateArtifactLifecycleRuleInput) {
    return this.rpc.call("CreateArtifactLifecycleRule", input, CreateArtifactLifecycleRuleResponse, CREATE);
  }
  /** Every setting is sent: the service replaces the rule with what it is given. */
  updateArtifactLifecycleRule(input: UpdateArtifactLifecycleRuleInput) {
    return this.rpc.call("UpdateArtifactLifecycleRule", input, EmptyResponse, CONVERGENT);
  }
  getArtifactLifecycleRule(input: ArtifactLifecycleRuleRef) {
    return this.rpc.call("GetArtifactLifecycleRule", input, GetArtifactLifecycleRuleResponse, READ);
  }
  deleteArtifactLifecycleRule(input: ArtifactLifecycleRuleRef) {
    return this.rpc.call("DeleteArtifactLifecycleRule", input, EmptyResponse, CONVERGENT);
  }
  listArtifactLifecycleRule(input: ListArtifactLifecycleRuleInput) {
    return this.rpc.call("ListArtifactLifecycleRule", input, ListArtifactLifecycleRuleResponse, READ);
  }
  listAllArtifactLifecycleRules(input: Omit<ListArtifactLifecycleRuleInput, "PageNo" | "PageSize">, options?: PaginateOptions) {
    return collectPages("ListArtifactLifecycleRule", async (PageNo, PageSize) => {
      const page = await this.listArtifactLifecycleRule({ ...input, PageNo, PageSize });
      return { items: page.Rules, pageSize: page.PageSize, totalCount: page.TotalCount };
    }, options);
  }
}
