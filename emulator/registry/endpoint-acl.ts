/**
 * The instance's internet endpoint as a network gate (seed 003: access over the Internet is
 * controlled by the endpoint's switch and its IP whitelist). Every registry port here stands for the
 * internet endpoint, so a client is refused when the endpoint is disabled, or when its ACL is on
 * (AclEnable) and the client's address matches no entry — with no entry at all, nobody gets in.
 * Seeded instances start with AclEnable off, so everyone gets in until the first entry. The emulator's own sync executor is internal traffic, as replication is in the
 * service, and is never refused.
 */
import { BlockList, isIPv4 } from "node:net";
import { aclEnabled, internetEndpoint } from "../cr/governance-state";
import type { InstanceRecord } from "../cr/state";
import type { RegistryIdentity } from "./auth/identity";
import { RegistryApiError } from "./errors";

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
function ipv4Of(peer: string): string | undefined {
  const bare = peer.replace(/^::ffff:/i, "");
  return isIPv4(bare) ? bare : undefined;
}

export function endpointRefusal(instance: InstanceRecord, peer: string, identity: RegistryIdentity): RegistryApiError | undefined {
  if (identity.kind === "system") return undefined;
  const endpoint = internetEndpoint(instance);
  if (!endpoint.enabled) {
    return new RegistryApiError(403, "DENIED", `the internet endpoint of instance ${instance.instanceId} is disabled; enable it (UpdateInstanceEndpointStatus) or use a VPC endpoint`);
  }
  if (!aclEnabled(endpoint)) return undefined;
  const address = ipv4Of(peer);
  if (endpoint.acl.length === 0) {
    return new RegistryApiError(403, "DENIED", `access from ${address ?? peer} is denied: the internet endpoint's ACL of instance ${instance.instanceId} is on and has no entry; add one covering it (CreateInstanceEndpointAclPolicy)`);
  }
  const allowed = new BlockList();
  for (const { entry } of endpoint.acl) {
    const [network, prefix] = entry.split("/");
    allowed.addSubnet(network!, Number(prefix), "ipv4");
  }
  if (address && allowed.check(address, "ipv4")) return undefined;
  return new RegistryApiError(403, "DENIED", `access from ${address ?? peer} is denied by the internet endpoint's ACL of instance ${instance.instanceId}; add an entry covering it (CreateInstanceEndpointAclPolicy)`);
}
