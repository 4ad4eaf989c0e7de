/**
 * A loopback stand-in for the POP gateway: it decodes each call (V3 headers or V1 parameters),
 * records action, version and business parameters, and answers from a per-action table.
 */
import { createClients, type Clients, type CreateClientsOptions } from "../../../sdk/clients";
import { json, startScriptedServer, type Received, type Reply, type ScriptedServer } from "../transport/scripted-server";

export interface Call {
  action: string;
  version: string;
  params: Record<string, string>;
}

/** A table entry: a success body, or a full reply (for errors), chosen from the call. */
export type Route = Record<string, unknown> | ((call: Call) => Record<string, unknown> | Reply);

const SIGNING = new Set(["Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Signature", "SecurityToken"]);

function decode(received: Received): Call {
  const all = Object.fromEntries(new URLSearchParams(received.url.split("?")[1] ?? ""));
  if ((received.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    Object.assign(all, Object.fromEntries(new URLSearchParams(received.body.toString("utf8"))));
  }
  const params = Object.fromEntries(Object.entries(all).filter(([name]) => !SIGNING.has(name)));
  return {
    action: received.headers["x-acs-action"] ?? all.Action ?? "",
    version: received.headers["x-acs-version"] ?? all.Version ?? "",
    params,
  };
}

export interface FakePop {
  clients: Clients;
  calls: Call[];
  server: ScriptedServer;
  close(): Promise<void>;
}

export async function startFakePop(routes: Record<string, Route>, options: Partial<CreateClientsOptions> = {}): Promise<FakePop> {
  const calls: Call[] = [];
  const server = await startScriptedServer((_n, received) => {
    const call = decode(received);
    calls.push(call);
    const route = routes[call.action];
    if (!route) return json(404, { Code: "InvalidAction.NotFound", Message: `no route for ${call.action}` });
    const answer = typeof route === "function" ? route(call) : route;
    return typeof answer === "function" ? (answer as Reply) : json(200, { RequestId: `REQ-${calls.length}`, ...answer });
  });
  const clients = createClients({
    region: "cn-hangzhou",
    // One URL for all three products, as with the emulator.
    endpoints: { cr: server.url, ram: server.url, sts: server.url },
    credentials: async () => ({ accessKeyId: "AKIDTEST", accessKeySecret: "test-secret-0001", source: "test" }),
    retry: { maxAttempts: 1 },
    ...options,
  });
  return {
    clients,
    calls,
    server,
    async close() {
      await clients.close();
      await server.close();
    },
  };
}
