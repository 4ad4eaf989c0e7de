/**
 * Every request our CrClient (sdk/clients/cr.ts) can send, as it goes on the wire. The TypeScript
 * compiler reads each CrClient method that calls one CR action and the properties of its input
 * type; each method is then called with every property filled (the first literal of a union, a
 * number, `true`, a one-item list), through the real client factory (createClients), with a
 * transport that records the request instead of sending it.
 */
import * as path from "node:path";
import ts from "typescript";
import { createClients } from "../../sdk/clients";
import type { HttpRequest, HttpResponse, HttpSender } from "../../sdk/transport/http";

/** CrClient and the method classes it inherits from, each in its own file. */
const CR_CLASSES: Record<string, string> = {
  CrClient: "cr.ts",
  CrInstanceMethods: "cr-instance.ts",
  CrLifecycleMethods: "cr-lifecycle.ts",
  CrTriggerMethods: "cr-trigger.ts",
};
const CR_SOURCES = Object.values(CR_CLASSES).map((file) => path.resolve(__dirname, "../../sdk/clients", file));

export interface RecordedCall {
  method: string;
  action: string;
  /** Wire parameters (flattened, as signed), common signing parameters excluded. */
  params: Record<string, string>;
}

interface MethodSpec {
  method: string;
  action: string;
  sample: Record<string, unknown>;
}

/** The CrClient methods that send exactly one action, each with an input that fills every property. */
export function crClientMethods(): MethodSpec[] {
  const program = ts.createProgram(CR_SOURCES, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const specs: MethodSpec[] = [];
  for (const file of CR_SOURCES) program.getSourceFile(file)!.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || !node.name || !(node.name.text in CR_CLASSES)) return;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body || !ts.isIdentifier(member.name)) continue;
      const actions = rpcActions(member.body);
      if (actions.length !== 1) continue; // helpers that page through or combine calls reuse the single-action methods
      const param = member.parameters[0];
      const sample = param ? sampleOf(checker, checker.getTypeAtLocation(param), param) : {};
      specs.push({ method: member.name.text, action: actions[0]!, sample: sample as Record<string, unknown> });
    }
  });
  return specs;
}

/** The string-literal actions of `this.rpc.call("Action", …)` inside a method body. */
function rpcActions(body: ts.Node): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "call" && node.expression.expression.getText().endsWith("rpc")) {
      const first = node.arguments[0];
      if (first && ts.isStringLiteral(first)) found.push(first.text);
    }
    node.forEachChild(visit);
  };
  visit(body);
  return found;
}

function sampleOf(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): unknown {
  const t = checker.getNonNullableType(type);
  if (t.isUnion()) {
    const literal = t.types.find((u) => u.isStringLiteral() || u.isNumberLiteral());
    if (literal) return (literal as ts.LiteralType).value;
    if (t.types.every((u) => u.flags & ts.TypeFlags.BooleanLiteral)) return true;
    return sampleOf(checker, t.types[0]!, at);
  }
  if (t.isStringLiteral() || t.isNumberLiteral()) return t.value;
  if (t.flags & ts.TypeFlags.StringLike) return "sample";
  if (t.flags & ts.TypeFlags.NumberLike) return 2;
  if (t.flags & ts.TypeFlags.BooleanLike) return true;
  if (checker.isArrayType(t)) return [sampleOf(checker, checker.getTypeArguments(t as ts.TypeReference)[0]!, at)];
  const out: Record<string, unknown> = {};
  for (const property of checker.getPropertiesOfType(t)) out[property.name] = sampleOf(checker, checker.getTypeOfSymbolAtLocation(property, at), at);
  return out;
}

/** Parameters every signed request carries (acr-api.md §1, ram-sts-signing.md); not business fields. */
const SIGNING_PARAMS = new Set(["Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "SecurityToken"]);

class RecordingSender implements HttpSender {
  readonly requests: HttpRequest[] = [];
  async send(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ RequestId: "recorded", Code: "success", IsSuccess: true }), truncated: false };
  }
  async close(): Promise<void> {}
}

function wireParams(request: HttpRequest): Record<string, string> {
  const url = new URL(request.url);
  const all = new URLSearchParams(url.search);
  if (request.body) for (const [k, v] of new URLSearchParams(request.body)) all.append(k, v);
  return Object.fromEntries([...all].filter(([k]) => !SIGNING_PARAMS.has(k)));
}

/** Calls each method once with its full sample and returns what went on the wire. */
export async function recordCrClientCalls(): Promise<RecordedCall[]> {
  const sender = new RecordingSender();
  const clients = createClients({
    region: "cn-hangzhou",
    endpoints: { cr: "http://127.0.0.1:9/" },
    credentials: async () => ({ accessKeyId: "LTAIRECORDER", accessKeySecret: "recorder-secret", source: "the request-recording test" }),
    transport: sender,
    retry: { maxAttempts: 1 },
  });
  const calls: RecordedCall[] = [];
  for (const spec of crClientMethods()) {
    const before = sender.requests.length;
    const method = (clients.cr as unknown as Record<string, (input: unknown) => Promise<unknown>>)[spec.method]!;
    await method.call(clients.cr, spec.sample).catch(() => undefined); // the recorded answer need not satisfy the schema
    const request = sender.requests[before];
    if (!request) throw new Error(`CrClient.${spec.method} sent no request`);
    calls.push({ method: spec.method, action: spec.action, params: wireParams(request) });
  }
  return calls;
}
