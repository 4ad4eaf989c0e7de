/**
 * Test helpers shared by the emulator tests: start a seeded emulator, build the unmodified
 * official RAM/STS clients against it, and send raw signed requests that a test may tamper with.
 */

import { $OpenApiUtil } from "@alicloud/openapi-core";
import Ram from "@alicloud/ram20150501";
import Sts from "@alicloud/sts20150401";
import { request } from "undici";
import { signV1, signV3, type SigningCredentials } from "../../../sdk/signing";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";

export type { RunningEmulator };

export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator(options);
}

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** Only endpoint, protocol and credentials differ from a production configuration. */
function config(emulator: RunningEmulator, keys: Keys, v2: boolean): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: keys.accessKeyId,
    accessKeySecret: keys.accessKeySecret,
    ...(keys.securityToken ? { securityToken: keys.securityToken } : {}),
    endpoint: `127.0.0.1:${emulator.port}`,
    protocol: "http",
    ...(v2 ? { signatureAlgorithm: "v2" } : {}),
  });
}

export function ramClient(emulator: RunningEmulator, keys: Keys, v2 = false): Ram {
  return new Ram(config(emulator, keys, v2));
}

export function stsClient(emulator: RunningEmulator, keys: Keys, v2 = false): Sts {
  return new Sts(config(emulator, keys, v2));
}

export function ownerKeys(emulator: RunningEmulator, index = 0): Keys {
  const account = emulator.seed.accounts[index]!;
  return { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret };
}

export function userKeys(emulator: RunningEmulator, index = 0): Keys {
  const user = emulator.seed.accounts[index]!.users[0]!;
  return { accessKeyId: user.accessKeyId, accessKeySecret: user.accessKeySecret };
}

/** Where raw requests go: a running emulator, in this process or a child. */
export type Target = Pick<RunningEmulator, "endpoint" | "port">;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

async function send(url: string, init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  const response = await request(url, init);
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export interface RawV1Options {
  method?: "GET" | "POST";
  version: string;
  action: string;
  params?: Record<string, string>;
  credentials: SigningCredentials;
  timestamp?: Date;
  nonce?: string;
  /** Change the signed parameters after signing, to prove tampering is caught. */
  tamper?: (params: Record<string, string>) => void;
}

/** A V1 request signed with our signer; GET puts everything in the query, POST in a form body. */
export function rawV1(emulator: Target, options: RawV1Options): Promise<RawResponse> {
  const method = options.method ?? "GET";
  const params = signV1({
    method,
    action: options.action,
    version: options.version,
    params: options.params ?? {},
    credentials: options.credentials,
    timestamp: options.timestamp,
    nonce: options.nonce,
  });
  options.tamper?.(params);
  const encoded = new URLSearchParams(params).toString();
  return method === "GET"
    ? send(`${emulator.endpoint}/?${encoded}`, { method })
    : send(`${emulator.endpoint}/`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: encoded });
}

export interface RawV3Options {
  version: string;
  action: string;
  query?: Record<string, string>;
  credentials: SigningCredentials;
  date?: Date;
  nonce?: string;
  body?: string;
  /** Change headers after signing. */
  tamperHeaders?: (headers: Record<string, string>) => void;
  /** Send a body other than the signed one. */
  sentBody?: string;
  /** Send a query other than the signed one. */
  sentQuery?: Record<string, string>;
}

export function rawV3(emulator: Target, options: RawV3Options): Promise<RawResponse> {
  const host = `127.0.0.1:${emulator.port}`;
  const headers = signV3({
    method: "POST",
    host,
    action: options.action,
    version: options.version,
    query: options.query,
    credentials: options.credentials,
    date: options.date,
    nonce: options.nonce,
    ...(options.body !== undefined ? { body: options.body, contentType: "application/x-www-form-urlencoded" } : {}),
  });
  options.tamperHeaders?.(headers);
  const query = new URLSearchParams(options.sentQuery ?? options.query ?? {}).toString().replace(/\+/g, "%20");
  const { host: _host, ...sendHeaders } = headers;
  return send(`${emulator.endpoint}/${query ? `?${query}` : ""}`, {
    method: "POST",
    headers: sendHeaders,
    body: options.sentBody ?? options.body,
  });
}
