/**
 * CR 2018-12-01 repository webhooks (triggers, `TriggerId`). Names and types follow the official
 * Go SDK cr-20181201 v2.5.0 structs: Create/Update/Delete/ListRepoTriggerRequest and ResponseBody.
 * `TriggerTag` is one string: for TAG_LIST a JSON array (`["v1"]`), for TAG_REG_EXP an expression.
 * ListRepoTrigger has no paging. There is no GetRepoTrigger; a trigger is found by listing.
 *
 * Retry safety: CreateRepoTrigger is NOT repeated after an ambiguous failure (the caller lists
 * and matches by name first); updates, deletes and lists are.
 */
import { z } from "zod";
import type { CallOptions, RpcCaller } from "../rpc/client";
import { CrLifecycleMethods } from "./cr-lifecycle";
import { bool, envelope, list, text, EmptyResponse } from "./wire";

const READ: CallOptions = { idempotent: true };
const CREATE: CallOptions = { idempotent: false };
const CONVERGENT: CallOptions = { idempotent: true };

export type RepoTriggerType = "ALL" | "TAG_LIST" | "TAG_REG_EXP";

export type RepoTriggerSettings = {
  TriggerName: string;
  /** The webhook URL; may carry a token, so callers treat it as a secret. */
  TriggerUrl: string;
  TriggerType: RepoTriggerType;
  TriggerTag?: string;
};

export type RepoTriggerLocator = { InstanceId: string; RepoId: string };
export type CreateRepoTriggerInput = RepoTriggerLocator & RepoTriggerSettings;
export type UpdateRepoTriggerInput = RepoTriggerLocator & { TriggerId: string } & Partial<RepoTriggerSettings>;
export type DeleteRepoTriggerInput = RepoTriggerLocator & { TriggerId: string };

const crEnvelope = { ...envelope, Code: text.optional(), IsSuccess: bool.optional() };

export const RepoTrigger = z.object({
  TriggerId: text,
  TriggerName: text.optional(),
  TriggerUrl: text.optional(),
  TriggerType: text.optional(),
  TriggerTag: text.optional(),
  /** The SDK comments name build events (BUILD_SUCCESS); kept as given. */
  RepoEvent: text.optional(),
});
export type RepoTrigger = z.output<typeof RepoTrigger>;

export const CreateRepoTriggerResponse = z.object({ ...crEnvelope, TriggerId: text });
export const ListRepoTriggerResponse = z.object({ ...crEnvelope, Triggers: list(RepoTrigger) });
export type ListRepoTriggerResponse = z.output<typeof ListRepoTriggerResponse>;

/** Trigger calls, on top of the lifecycle and instance calls; CrClient inherits all three. */
export class CrTriggerMethods extends CrLifecycleMethods {
  constructor(rpc: RpcCaller) {
    super(rpc);
  }

  createRepoTrigger(input: CreateRepoTriggerInput) {
    return this.rpc.call("CreateRepoTrigger", input, CreateRepoTriggerResponse, CREATE);
  }
  updateRepoTrigger(input: UpdateRepoTriggerInput) {
    return this.rpc.call("UpdateRepoTrigger", input, EmptyResponse, CONVERGENT);
  }
  deleteRepoTrigger(input: DeleteRepoTriggerInput) {
    return this.rpc.call("DeleteRepoTrigger", input, EmptyResponse, CONVERGENT);
  }
  listRepoTrigger(input: RepoTriggerLocator) {
    return this.rpc.call("ListRepoTrigger", input, ListRepoTriggerResponse, READ);
  }
}
