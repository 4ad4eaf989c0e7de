/** The RAM 2015-05-01 service: its handlers, gathered by concern. */

import type { ServiceDefinition } from "../core/services";
import { attachmentHandlers } from "./handlers/attachments";
import { policyHandlers } from "./handlers/policies";
import { roleHandlers } from "./handlers/roles";
import { userHandlers } from "./handlers/users";
import { versionHandlers } from "./handlers/versions";

export const RAM_VERSION = "2015-05-01";

export function createRamService(): ServiceDefinition {
  return {
    product: "ram",
    version: RAM_VERSION,
    hostId: () => "ram.aliyuncs.com",
    handlers: { ...roleHandlers, ...policyHandlers, ...versionHandlers, ...attachmentHandlers, ...userHandlers },
  };
}

export { createIdentityServices, CROSS_ACCOUNT_SYNC_ROLE } from "./cross-account";
