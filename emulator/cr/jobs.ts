/**
 * The CR service's work besides API calls: due tag-retention rules run when the service clock
 * moves, and `POST /__emulator/lifecycle-rules/run` with `{"instanceId","ruleId"}` runs one rule now
 * (the console's "Execute"), answering `{"deleted":[{namespaceName,repoName,tag},…]}`.
 * `GET /__emulator/trigger-deliveries` lists every trigger's recent webhook deliveries (without
 * the URL, which may carry a token).
 */

import { z } from "zod";
import type { ServiceJobs } from "../core/runtime";
import { deliveriesOf, triggersOf } from "./governance-state";
import { runDueLifecycleRules, runLifecycleRuleNow } from "./retention";
import type { CrState } from "./state";

const RunRuleBody = z.object({ instanceId: z.string().min(1), ruleId: z.string().min(1) }).strict();

export function crJobs(state: CrState): ServiceJobs {
  return {
    onClockMoved: (now) => runDueLifecycleRules(state, now.getTime()).ran.length > 0,
    adminRoutes: {
      "POST lifecycle-rules/run": (body, now) => {
        const { instanceId, ruleId } = RunRuleBody.parse(body);
        const deleted = runLifecycleRuleNow(state, instanceId, ruleId, now.getTime());
        if (!deleted) return { status: 404, body: { error: `no lifecycle rule ${ruleId} on instance ${instanceId}` }, changed: false };
        return {
          status: 200,
          body: { deleted: deleted.map(({ namespaceName, repoName, tag }) => ({ namespaceName, repoName, tag })) },
          changed: deleted.length > 0,
        };
      },
      "GET trigger-deliveries": () => ({ status: 200, body: { triggers: triggerDeliveries(state) }, changed: false }),
    },
  };
}

function triggerDeliveries(state: CrState): unknown[] {
  return Object.values(state.instances).flatMap((instance) =>
    Object.values(instance.namespaces).flatMap((namespace) =>
      Object.values(namespace.repositories).flatMap((repo) =>
        Object.values(triggersOf(repo)).map((trigger) => ({
          instanceId: instance.instanceId,
          namespaceName: namespace.namespaceName,
          repoName: repo.repoName,
          triggerId: trigger.triggerId,
          triggerName: trigger.triggerName,
          deliveries: deliveriesOf(trigger),
        })),
      ),
    ),
  );
}
