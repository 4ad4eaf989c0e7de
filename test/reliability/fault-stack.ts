/**
 * The stack R1 converges under faults: about 220 resources over two accounts, generated from a few
 * numbers so the test can say exactly which objects the emulator must hold afterwards.
 */

export const A_INSTANCE = "cri-emuaadvanced0001";
export const B_INSTANCE = "cri-emubshanghai0001";
export const SYNC_ROLE = "aliyuncontainerregistrycrossaccoutsyncrole";

export interface StackShape {
  namespaces: number;
  repositoriesPerNamespace: number;
  roles: number;
  extraRules: number;
}

export const FULL_STACK: StackShape = { namespaces: 40, repositoriesPerNamespace: 4, roles: 3, extraRules: 2 };

const ns = (i: number) => `ns-${String(i).padStart(2, "0")}`;

/** A JavaScript Pulumi program declaring the stack. */
export function faultStackProgram(shape: StackShape): string {
  return `
const pulumi = require("@pulumi/pulumi");
const acr = require("pulumi-acr-ee");
const cfg = new pulumi.Config();
const endpoints = JSON.parse(cfg.require("endpoints"));
const conn = (who, region) => ({ region, accessKey: cfg.require(who + "Key"), secretKey: cfg.requireSecret(who + "Secret"), endpoints });
const a = conn("a", "cn-hangzhou");
const b = conn("b", "cn-shanghai");

const xacct = new acr.CrossAccountReplication("a-to-b", {
  sourceConnection: a, targetConnection: b,
  sourceInstanceId: "${A_INSTANCE}", sourceNamespaceName: "shared",
  targetInstanceId: "${B_INSTANCE}", targetRegionId: "cn-shanghai", targetNamespaceName: "from-a",
  syncScope: "NAMESPACE", tagFilter: ".*",
});

for (let i = 0; i < ${shape.namespaces}; i++) {
  const name = "ns-" + String(i).padStart(2, "0");
  const namespace = new acr.Namespace(name, { instanceId: "${A_INSTANCE}", name, autoCreateRepo: false, defaultRepoType: "PRIVATE", connection: a });
  for (let r = 0; r < ${shape.repositoriesPerNamespace}; r++) {
    new acr.Repository(name + "-r" + r, { instanceId: "${A_INSTANCE}", namespace: namespace.name, name: "r" + r, summary: "repository " + r, repoType: "PRIVATE", connection: a });
  }
  if (i < ${shape.extraRules}) {
    new acr.ReplicationRule(name + "-to-b", {
      instanceId: "${A_INSTANCE}", namespaceName: namespace.name, syncRuleName: name + "-to-b",
      targetRegionId: "cn-shanghai", targetInstanceId: "${B_INSTANCE}", targetNamespaceName: "from-a",
      targetUserId: xacct.targetAccountId, syncScope: "NAMESPACE", tagFilter: "release-.*", connection: a,
    }, { dependsOn: [xacct] });
  }
}

for (let i = 0; i < ${shape.roles}; i++) {
  const role = new acr.RamRole("role-" + i, {
    name: "fault-role-" + i, description: "role " + i,
    assumeRolePolicyDocument: { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: ["acs:ram::" + cfg.require("aUid") + ":root"] } }] },
    connection: a,
  });
  const policy = new acr.RamPolicy("policy-" + i, {
    name: "fault-policy-" + i, description: "policy " + i,
    document: { Version: "1", Statement: [{ Effect: "Allow", Action: ["cr:PullRepository"], Resource: ["acs:cr:*:*:repository/${A_INSTANCE}/ns-0" + i + "/*"] }] },
    connection: a,
  });
  new acr.RamRolePolicyAttachment("attach-" + i, { roleName: role.name, policyName: policy.name, policyType: "Custom", connection: a });
}

const copy = new acr.ImageReplication("manual-copy", {
  instanceId: "${A_INSTANCE}", namespaceName: "shared", repoName: "app", tag: "v1",
  targetRegionId: "cn-shanghai", targetInstanceId: "${B_INSTANCE}", targetNamespaceName: "from-a", targetTag: "manual",
  targetUserId: xacct.targetAccountId, waitTimeoutSeconds: 300, connection: a,
}, { dependsOn: [xacct] });

const sync = new acr.ImageSync("mirror", {
  source: cfg.require("syncSource"), target: cfg.require("syncTarget"), tags: "/^v/",
  sourceCredentials: { username: cfg.require("syncUser"), password: cfg.requireSecret("syncPassword") },
  sourceInsecure: true, targetInsecure: true, targetInstanceId: "${A_INSTANCE}", connection: a,
});

exports.copyStatus = copy.status;
exports.copiedTags = sync.copiedTags;
exports.syncRuleId = xacct.syncRuleId;
`;
}

/** Namespace → repositories the program declares on A's instance. */
export function declaredNamespaces(shape: StackShape): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < shape.namespaces; i++) out[ns(i)] = Array.from({ length: shape.repositoriesPerNamespace }, (_, r) => `r${r}`);
  return out;
}

export function declaredRuleNames(shape: StackShape): string[] {
  return ["a-to-b", ...Array.from({ length: shape.extraRules }, (_, i) => `${ns(i)}-to-b`)].sort();
}
