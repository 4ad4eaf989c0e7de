/**
 * The contract between the emulator's request pipeline (emulator/core, emulator/ram, emulator/sts)
 * and the service handlers (emulator/cr). The pipeline parses, verifies the signature, resolves the
 * caller and then hands a CallContext to one handler; handlers return the response fields or throw
 * ApiError, which the pipeline renders in the right envelope.
 */

export type Product = "cr" | "ram" | "sts";

/** Who is calling. The account owner may do anything; others are authorized by policy. */
export interface Principal {
  kind: "root" | "user" | "role-session";
  /** 16-digit account UID that owns the key, user or role. */
  accountId: string;
  /**
   * `acs:ram::<uid>:root`, `acs:ram::<uid>:user/<name>`, or for a role session the AssumeRole
   * `AssumedRoleUser.Arn` form `acs:ram::<uid>:role/<role>/<session>` (ram-sts-signing.md §3).
   */
  arn: string;
  userName?: string;
  roleName?: string;
  sessionName?: string;
  accessKeyId: string;
}

/** Where the error is rendered: POP gateway form (HTTP 4xx/5xx) or CR business form (HTTP 200 + IsSuccess:false). */
export type EnvelopeKind = "pop" | "cr";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    readonly envelope: EnvelopeKind = "pop",
    /** Extra top-level fields for the body, e.g. AccessDeniedDetail. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** A CR business error: HTTP 200 with `IsSuccess:false` unless the docs give another status. */
export function crError(code: string, message: string, httpStatus = 200): ApiError {
  return new ApiError(code, message, httpStatus, "cr");
}

/** Identity services the CR handlers need from RAM without knowing its state layout. */
export interface IdentityServices {
  /**
   * Seed 000/001: a cross-account sync from `sourceUid` into `targetUid` needs, in the target account,
   * the role `aliyuncontainerregistrycrossaccoutsyncrole`, trusting `<sourceUid>@cr.aliyuncs.com`, with an
   * attached policy allowing `ramAction` (`cr:CreateSyncRule` or `cr:CreateRepositorySync`) on `resourceArn`.
   * Throws an ApiError naming the missing piece.
   */
  assertCrossAccountSyncRole(targetUid: string, sourceUid: string, ramAction: string, resourceArn: string): void;
  /** True when the account exists in this emulator. */
  accountExists(uid: string): boolean;
}

export interface CallContext {
  requestId: string;
  product: Product;
  action: string;
  version: string;
  /** From the regional host (`cr.<region>.aliyuncs.com`), else a RegionId parameter, else the default. */
  regionId: string;
  /** Query and form parameters merged, already percent-decoded; signing parameters removed. */
  params: Record<string, string>;
  caller: Principal;
  now: Date;
  /**
   * Throws ApiError unless the caller may do `ramAction` on `resourceArn`: POP 403 `NoPermission`
   * for RAM and STS (their documented code), 403 `NoPrivilege` for CR (the code in the CR error tables).
   */
  authorize(ramAction: string, resourceArn: string): void;
  identity: IdentityServices;
  /** Marks the state dirty so the pipeline persists it after the call. */
  changed(): void;
}

export type Handler = (ctx: CallContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
