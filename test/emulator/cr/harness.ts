/**
 * A hand-made CallContext for calling CR handlers directly: a fixed seed, a settable clock, an
 * authorizer that records (and can deny), a mock identity service, and `fail()`, which asserts a
 * call is refused AND left the state exactly as it was.
 */

import { expect } from "vitest";
import { ApiError, type IdentityServices, type Principal } from "../../../emulator/core/context";
import type { SeedAccount } from "../../../emulator/core/seed";
import { createCrService, type CrService, type CrState, type SyncExecutor } from "../../../emulator/cr";

export const UID_A = "1000000000000001";
export const UID_B = "2000000000000002";

/** Account A: Advanced, Standard and Basic in Hangzhou, Advanced in Shanghai. Account B: Shanghai, Finance, Gov. */
export const SEED: SeedAccount[] = [
  {
    name: "account-a",
    uid: UID_A,
    accessKeyId: "LTAIEMUTESTA000000000001",
    accessKeySecret: "unused-in-handler-tests",
    users: [],
    instances: [
      { instanceId: "cri-aadvanced000001", instanceName: "a-adv", regionId: "cn-hangzhou", edition: "Advanced" },
      { instanceId: "cri-astandard000001", instanceName: "a-std", regionId: "cn-hangzhou", edition: "Standard" },
      { instanceId: "cri-abasic000000001", instanceName: "a-basic", regionId: "cn-hangzhou", edition: "Basic" },
      { instanceId: "cri-ashanghai000001", instanceName: "a-sh", regionId: "cn-shanghai", edition: "Advanced" },
      { instanceId: "cri-afinance0000001", instanceName: "a-fin", regionId: "cn-shanghai-finance-1", edition: "Advanced" },
    ],
  },
  {
    name: "account-b",
    uid: UID_B,
    accessKeyId: "LTAIEMUTESTB000000000001",
    accessKeySecret: "unused-in-handler-tests",
    users: [],
    instances: [
      { instanceId: "cri-bshanghai000001", instanceName: "b-sh", regionId: "cn-shanghai", edition: "Basic" },
      { instanceId: "cri-bfinance0000001", instanceName: "b-fin", regionId: "cn-shanghai-finance-1", edition: "Basic" },
      { instanceId: "cri-bgov00000000001", instanceName: "b-gov", regionId: "cn-north-2-gov-1", edition: "Basic" },
    ],
  },
];

export const A_ADV = "cri-aadvanced000001";
export const A_STD = "cri-astandard000001";
export const A_BASIC = "cri-abasic000000001";
export const A_SH = "cri-ashanghai000001";
export const A_FIN = "cri-afinance0000001";
export const B_SH = "cri-bshanghai000001";
export const B_FIN = "cri-bfinance0000001";
export const B_GOV = "cri-bgov00000000001";

export const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

export interface CallOptions {
  account?: string;
  region?: string;
  principal?: Partial<Principal>;
}

export type CrossAccountCheck = (targetUid: string, sourceUid: string, action: string, arn: string) => void;

export class Harness {
  readonly service: CrService;
  readonly state: CrState;
  now = T0;
  /** Every `ctx.authorize(action, arn)` in order. */
  readonly authorizations: Array<[string, string]> = [];
  readonly crossAccountCalls: Array<[string, string, string, string]> = [];
  /** Return an error to deny an authorisation. */
  deny: (action: string, arn: string) => ApiError | undefined = () => undefined;
  crossAccount: CrossAccountCheck = () => undefined;
  changes = 0;

  constructor(executor?: SyncExecutor) {
    this.service = createCrService({ executor });
    this.state = this.service.initialState(SEED);
  }

  call(action: string, params: Record<string, string | number | boolean>, options: CallOptions = {}): Record<string, unknown> {
    const handler = this.service.handlers[action];
    if (!handler) throw new Error(`no handler ${action}`);
    const accountId = options.account ?? UID_A;
    const identity: IdentityServices = {
      accountExists: (uid) => SEED.some((a) => a.uid === uid),
      assertCrossAccountSyncRole: (target, source, ramAction, arn) => {
        this.crossAccountCalls.push([target, source, ramAction, arn]);
        this.crossAccount(target, source, ramAction, arn);
      },
    };
    return handler({
      requestId: "00000000-0000-0000-0000-000000000000",
      product: "cr",
      action,
      version: "2018-12-01",
      regionId: options.region ?? "cn-hangzhou",
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
      caller: { kind: "root", accountId, arn: `acs:ram::${accountId}:root`, accessKeyId: "LTAIEMUTEST", ...options.principal },
      now: new Date(this.now),
      authorize: (ramAction, arn) => {
        this.authorizations.push([ramAction, arn]);
        const denial = this.deny(ramAction, arn);
        if (denial) throw denial;
      },
      identity,
      changed: () => {
        this.changes++;
      },
      cr: this.state,
    });
  }

  /** Asserts the call throws an ApiError with `code`, and that neither the state nor the change count moved. */
  fail(action: string, params: Record<string, string | number | boolean>, code: string, options: CallOptions = {}): ApiError {
    const before = JSON.stringify(this.state);
    const changesBefore = this.changes;
    let caught: unknown;
    try {
      this.call(action, params, options);
    } catch (error) {
      caught = error;
    }
    expect(caught, `${action} should fail with ${code}`).toBeInstanceOf(ApiError);
    const error = caught as ApiError;
    expect(error.code, error.message).toBe(code);
    expect(JSON.parse(JSON.stringify(this.state))).toEqual(JSON.parse(before));
    expect(this.changes).toBe(changesBefore);
    return error;
  }

  /** A namespace and a repository in it, through the handlers. */
  repo(instanceId: string, namespace: string, repo: string, extra: Record<string, string | boolean> = {}, options: CallOptions = {}): string {
    if (!this.state.instances[instanceId]!.namespaces[namespace]) {
      this.call("CreateNamespace", { InstanceId: instanceId, NamespaceName: namespace }, options);
    }
    const created = this.call(
      "CreateRepository",
      { InstanceId: instanceId, RepoNamespaceName: namespace, RepoName: repo, RepoType: "PRIVATE", Summary: "test", ...extra },
      options,
    );
    return created.RepoId as string;
  }
}

export const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;
