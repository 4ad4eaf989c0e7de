/** The STS 2015-04-01 service. */

import type { ServiceDefinition } from "../core/services";
import { assumeRoleHandlers } from "./assume-role";
import { callerIdentityHandlers } from "./caller-identity";

export const STS_VERSION = "2015-04-01";

export function createStsService(): ServiceDefinition {
  return {
    product: "sts",
    version: STS_VERSION,
    hostId: (regionId) => (regionId ? `sts.${regionId}.aliyuncs.com` : "sts.aliyuncs.com"),
    handlers: { ...assumeRoleHandlers, ...callerIdentityHandlers },
  };
}
