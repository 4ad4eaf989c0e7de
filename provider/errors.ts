/**
 * Errors the provider raises itself (the sdk's AcsError passes through as is). Messages name the
 * field and the fix and never carry secret values.
 */

const PROVIDER_ERROR_BRAND = Symbol.for("pulumi-acr-ee.ProviderError");

export interface ProviderErrorOptions {
  /** The input field at fault, when there is one. */
  field?: string;
  /** A stable machine-readable code, e.g. `AlreadyExists`, `NotFound`, `Timeout`. */
  code?: string;
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly field?: string;
  readonly code: string;

  constructor(message: string, options: ProviderErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.field = options.field;
    this.code = options.code ?? "ProviderError";
    Object.defineProperty(this, PROVIDER_ERROR_BRAND, { value: true });
  }

  /** True for a ProviderError from any copy of this package. */
  static is(value: unknown): value is ProviderError {
    return typeof value === "object" && value !== null && Boolean((value as Record<symbol, unknown>)[PROVIDER_ERROR_BRAND]);
  }
}

/**
 * A create that got part of the way: the engine records `id` (and `properties` as outputs) so the
 * object is not orphaned, and the next `up` continues with an update.
 */
export class PartialCreateError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, reason: string, cause?: unknown) {
    super(`created ${id} but did not finish: ${reason}`, { cause });
    this.name = "PartialCreateError";
    this.id = id;
    this.properties = properties;
    this.reasons = [reason];
  }
}
