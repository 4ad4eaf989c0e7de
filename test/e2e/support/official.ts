/**
 * The UNMODIFIED official clients the e2e tests check and change the emulator with: CR through
 * @alicloud/openapi-client callApi (V3 signing), RAM through @alicloud/ram20150501.
 */
import { $OpenApiUtil } from "@alicloud/openapi-core";
import Ram, * as $Ram from "@alicloud/ram20150501";
import { v3Driver, type Body } from "../../emulator/cr/official-drivers";
import type { Keys } from "./example-stack";

export type { Body };

/** A CR caller for one account and region; throws on refusals so a test reads like a script. */
export function crClient(port: number, keys: Keys, regionId: string) {
  const driver = v3Driver(port);
  return {
    async call(action: string, params: Record<string, string | number | boolean> = {}): Promise<Body> {
      const outcome = await driver.call(action, { RegionId: regionId, ...params }, keys);
      if (!outcome.ok) throw new Error(`${action} refused: ${outcome.code} (${outcome.status})`);
      return outcome.body;
    },
    /** The call's outcome, refusals included (for existence checks). */
    async try(action: string, params: Record<string, string | number | boolean> = {}) {
      return driver.call(action, { RegionId: regionId, ...params }, keys);
    },
  };
}
export type CrClient = ReturnType<typeof crClient>;

export function ramClient(port: number, keys: Keys): Ram {
  return new Ram(new $OpenApiUtil.Config({ ...keys, endpoint: `127.0.0.1:${port}`, protocol: "http" }));
}
export { $Ram };

/** Every namespace, repository and sync rule of one instance, by name. */
export async function listInstance(cr: CrClient, instanceId: string): Promise<{ namespaces: string[]; repositories: string[]; syncRules: string[] }> {
  const ns = await cr.call("ListNamespace", { InstanceId: instanceId, PageSize: 100 });
  const repos = await cr.call("ListRepository", { InstanceId: instanceId, PageSize: 100 });
  const rules = await cr.call("ListRepoSyncRule", { InstanceId: instanceId, PageSize: 100 });
  const names = (items: unknown, key: string) => ((items as Body[] | undefined) ?? []).map((i) => String(i[key])).sort();
  return {
    namespaces: names(ns.Namespaces, "NamespaceName"),
    repositories: ((repos.Repositories as Body[] | undefined) ?? []).map((r) => `${r.RepoNamespaceName}/${r.RepoName}`).sort(),
    syncRules: names(rules.SyncRules, "SyncRuleName"),
  };
}

/** Every role and custom policy of one account, by name. */
export async function listRam(ram: Ram): Promise<{ roles: string[]; customPolicies: string[] }> {
  const roles = await ram.listRoles(new $Ram.ListRolesRequest({ maxItems: 1000 }));
  const policies = await ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: "Custom", maxItems: 1000 }));
  return {
    roles: (roles.body?.roles?.role ?? []).map((r) => r.roleName ?? "").sort(),
    customPolicies: (policies.body?.policies?.policy ?? []).map((p) => p.policyName ?? "").sort(),
  };
}
