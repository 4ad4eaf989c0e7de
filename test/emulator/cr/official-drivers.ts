/**
 * The UNMODIFIED official clients as CR callers, behind one small interface so a test runs the
 * same script through each:
 * - @alicloud/openapi-client `callApi` (V3, ACS3-HMAC-SHA256), business parameters in the query,
 *   POST except for the operations the SDK sends with GET (acr-api.md §1.2);
 * - @alicloud/pop-core (V1, HMAC-SHA1) with GET (everything in the query) and with POST
 *   (everything in a form body).
 * Only endpoint, protocol and credentials are set. Outcomes are normalised: a success body, or the
 * code, HTTP status and body of a refusal — whether the client threw (HTTP ≥ 400; pop-core on any
 * non-success Code) or returned a 200 business error.
 */

import Client, { Config, OpenApiRequest, Params } from "@alicloud/openapi-client";
import RPCClient from "@alicloud/pop-core";

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
}

export type Body = Record<string, unknown>;
export type Outcome = { ok: true; body: Body } | { ok: false; code: string; status: number; body: Body };

export interface CrDriver {
  name: string;
  call(action: string, params: Record<string, string | number | boolean>, keys: Keys): Promise<Outcome>;
}

const VERSION = "2018-12-01";
const GET_ACTIONS = new Set(["GetRepoTag"]);

const strings = (params: Record<string, string | number | boolean>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));

function fromBody(body: Body, status: number): Outcome {
  return body.IsSuccess === false || (typeof body.Code === "string" && body.Code !== "success")
    ? { ok: false, code: String(body.Code), status, body }
    : { ok: true, body };
}

export function v3Driver(port: number): CrDriver {
  return {
    name: "openapi-client V3 callApi",
    async call(action, params, keys) {
      const client = new Client(new Config({ ...keys, endpoint: `127.0.0.1:${port}`, protocol: "http" }));
      const method = GET_ACTIONS.has(action) ? "GET" : "POST";
      const spec = new Params({ action, version: VERSION, protocol: "HTTP", pathname: "/", method, authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
      try {
        const response = await client.callApi(spec, new OpenApiRequest({ query: strings(params) }), { autoretry: false } as never);
        return fromBody(response.body as Body, response.statusCode as number);
      } catch (error) {
        const e = error as { code?: string; data?: Body & { statusCode?: number } };
        if (!e.data) throw error;
        return { ok: false, code: String(e.code), status: e.data.statusCode ?? 0, body: e.data };
      }
    },
  };
}

export function popCoreDriver(endpoint: string, method: "GET" | "POST"): CrDriver {
  return {
    name: `pop-core V1 ${method}`,
    async call(action, params, keys) {
      const client = new RPCClient({ endpoint, apiVersion: VERSION, ...keys });
      try {
        const json = await client.request<Body>(action, params, { method });
        return fromBody(json, 200);
      } catch (error) {
        const e = error as { code?: string; data?: Body; entry?: { response?: { statusCode?: number } } };
        if (!e.data) throw error;
        return { ok: false, code: String(e.code), status: e.entry?.response?.statusCode ?? 0, body: e.data };
      }
    },
  };
}

/** RAM (2015-05-01) through pop-core, for the target account's cross-account sync role. */
export async function ramCall(endpoint: string, keys: Keys, action: string, params: Record<string, string>): Promise<Body> {
  const client = new RPCClient({ endpoint, apiVersion: "2015-05-01", ...keys });
  return client.request<Body>(action, params, { method: "POST" });
}
