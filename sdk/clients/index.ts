/**
 * The product clients and a factory that wires all three to one credential provider, one
 * connection pool and the configured endpoints.
 */

import type { CredentialProvider } from "../credentials/types";
import { resolveEndpoint, serviceHostHeader, type EndpointOverrides } from "../endpoints";
import { RpcClient, type RpcClientOptions } from "../rpc/client";
import type { SignatureVersion } from "../rpc/request";
import { HttpTransport, type HttpSender, type HttpTransportOptions } from "../transport/http";
import { CR_VERSION, CrClient } from "./cr";
import { RAM_VERSION, RamClient } from "./ram";
import { STS_VERSION, StsClient } from "./sts";

export * from "./cr";
export * from "./cr-inputs";
export * from "./cr-instance";
export * from "./cr-lifecycle";
export * from "./cr-trigger";
export * from "./cr-schemas";
export * from "./cr-sync-schemas";
export * from "./ram";
export * from "./ram-schemas";
export * from "./sts";
export * from "./sts-schemas";
export { collectPages, collectMarkerPages, DEFAULT_PAGE_SIZE, type Page, type PaginateOptions } from "./paginate";
export { EmptyResponse } from "./wire";

export interface CreateClientsOptions {
  /** The CR region, e.g. `cn-hangzhou`: it picks the host `cr.<region>.aliyuncs.com`. */
  region: string;
  /** Per-product host or URL overrides; the same URL for all three reaches the emulator. */
  endpoints?: EndpointOverrides;
  credentials: CredentialProvider;
  /** @default "v3" */
  signatureVersion?: SignatureVersion;
  /** Use `sts.<region>.aliyuncs.com` rather than the global STS host. @default false */
  stsRegional?: boolean;
  /** Options for the shared connection pool; ignored when `transport` is given. */
  http?: HttpTransportOptions;
  /** Bring your own sender; then `close()` leaves it open. */
  transport?: HttpSender;
  retry?: RpcClientOptions["retry"];
  retryDeps?: RpcClientOptions["retryDeps"];
  onRetry?: RpcClientOptions["onRetry"];
  userAgent?: string;
}

export interface Clients {
  cr: CrClient;
  ram: RamClient;
  sts: StsClient;
  /** Closes the shared connection pool (if the factory made it). */
  close(): Promise<void>;
}

export function createClients(options: CreateClientsOptions): Clients {
  const ownsTransport = options.transport === undefined;
  const transport = options.transport ?? new HttpTransport(options.http);
  const where = { region: options.region, overrides: options.endpoints, stsRegional: options.stsRegional };
  const common = {
    credentials: options.credentials,
    signatureVersion: options.signatureVersion,
    transport,
    retry: options.retry,
    retryDeps: options.retryDeps,
    onRetry: options.onRetry,
    userAgent: options.userAgent,
  };
  const rpc = (product: "cr" | "ram" | "sts", version: string) =>
    new RpcClient({ ...common, product, version, endpoint: resolveEndpoint(product, where), hostHeader: serviceHostHeader(product, where) });
  return {
    cr: new CrClient(rpc("cr", CR_VERSION)),
    ram: new RamClient(rpc("ram", RAM_VERSION)),
    sts: new StsClient(rpc("sts", STS_VERSION)),
    close: async () => {
      if (ownsTransport) await transport.close();
    },
  };
}
