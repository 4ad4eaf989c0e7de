/** Clients for one connection; filled in by the connection cache (see clientsFor). */
import type { CrClient, RamClient, StsClient } from "../sdk/clients";

export interface AcrClients {
  cr: CrClient;
  ram: RamClient;
  sts: StsClient;
  /** The caller's account (STS GetCallerIdentity), fetched once per connection. */
  accountId(): Promise<string>;
  close(): Promise<void>;
}
