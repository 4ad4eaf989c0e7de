/**
 * R3: forged requests never get through the gateway. Valid CreateRole requests (V1 over query and
 * form, V3 with a form body and with a JSON body; with permanent keys and with an STS session) are each mutated in every
 * signed field, header and parameter, re-signed stale/future/with a wrong key, smuggled with
 * duplicates, case changes, encoded slashes and look-alike unicode, and replayed. Every mutant must be
 * refused with its documented code and the emulator state must not move; the valid originals are
 * then accepted (so the mutants were refused for what they changed, not by accident).
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { signV1, signV3, type SigningCredentials } from "../../../sdk/signing";
import { ownerKeys, rawV1, start, userKeys, type Keys, type RunningEmulator } from "../core/harness";
import { v3JsonBodyMutants } from "./json-mutants";
import { encodePairs, seededRandom, v1Mutants, v3Mutants, type Mutant, type Pair, type WireRequest } from "./mutants";

const RAM = "2015-05-01";
const STS = "2015-04-01";
const SEED = Number(process.env.FORGERY_SEED ?? 20261204);
// 8 flavours × 12 originals (+ the session role) stay under the account's 100-role limit.
const BASES_PER_FLAVOUR = 12;
const RANDOM_PER_BASE = 40;
const CONCURRENCY = 16;

let emulator: RunningEmulator;
let pool: Pool;
let session: Keys;

interface Reply {
  status: number;
  code: string | undefined;
}

async function send(r: WireRequest): Promise<Reply> {
  const query = r.query.length ? `?${encodePairs(r.query)}` : "";
  const response = await pool.request({
    method: r.method,
    path: `${r.path}${query}`,
    headers: r.headers,
    ...(r.form ? { body: encodePairs(r.form) } : r.body !== undefined ? { body: r.body } : {}),
  });
  const text = await response.body.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { Code?: string }).Code;
  } catch {
    code = undefined;
  }
  return { status: response.statusCode, code };
}

async function sendAll(requests: WireRequest[]): Promise<Reply[]> {
  const replies: Reply[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      replies[i] = await send(requests[i]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return replies;
}

function trustRoot(uid: string): string {
  return JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:root`] } }] });
}

function business(name: string): Record<string, string> {
  return { RoleName: name, AssumeRolePolicyDocument: trustRoot(emulator.seed.accounts[0]!.uid), Description: "forgery base" };
}

type Flavour = "v1-get" | "v1-post" | "v3-form" | "v3-json";

/** One validly signed CreateRole, as wire pairs a mutant can edit. */
function signed(flavour: Flavour, name: string, credentials: SigningCredentials, at = new Date()): WireRequest {
  if (flavour === "v3-json") {
    // The emulator reads RPC parameters from the query and form only, so the operation's own
    // parameters go in the query; the JSON body is still covered by x-acs-content-sha256.
    const { Description, ...query } = business(name);
    const body = JSON.stringify({ Description, MaxSessionDuration: 3600 });
    const host = `127.0.0.1:${emulator.port}`;
    const headers = signV3({ method: "POST", host, action: "CreateRole", version: RAM, query, body, contentType: "application/json; charset=utf-8", credentials, date: at });
    return { method: "POST", path: "/", query: Object.entries(query) as Pair[], headers, body };
  }
  if (flavour === "v3-form") {
    const form = Object.entries(business(name)) as Pair[];
    const host = `127.0.0.1:${emulator.port}`;
    const headers = signV3({ method: "POST", host, action: "CreateRole", version: RAM, body: encodePairs(form), contentType: "application/x-www-form-urlencoded", credentials, date: at });
    return { method: "POST", path: "/", query: [], headers, form };
  }
  const method = flavour === "v1-get" ? "GET" : "POST";
  const pairs = Object.entries(signV1({ method, action: "CreateRole", version: RAM, params: business(name), credentials, timestamp: at })) as Pair[];
  return method === "GET"
    ? { method, path: "/", query: pairs, headers: {} }
    : { method, path: "/", query: [], headers: { "content-type": "application/x-www-form-urlencoded" }, form: pairs };
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/** Mutants re-signed with a valid signature over a wrong clock or key. */
function resignedMutants(flavour: Flavour, name: string, credentials: SigningCredentials): Mutant[] {
  const wrongSecret = { ...credentials, accessKeySecret: `${credentials.accessKeySecret}x` };
  const unknownKey = { ...credentials, accessKeyId: `LTAI${credentials.accessKeyId.slice(4)}Z` };
  return [
    { what: `${flavour} signed 16 minutes ago`, request: signed(flavour, name, credentials, minutes(-16)), codes: ["InvalidTimeStamp.Expired"] },
    { what: `${flavour} signed a day ago`, request: signed(flavour, name, credentials, minutes(-1440)), codes: ["InvalidTimeStamp.Expired"] },
    { what: `${flavour} signed 16 minutes ahead`, request: signed(flavour, name, credentials, minutes(16)), codes: ["InvalidTimeStamp.Expired"] },
    { what: `${flavour} signed with a wrong secret`, request: signed(flavour, name, wrongSecret), codes: ["SignatureDoesNotMatch"] },
    { what: `${flavour} signed with an unknown key id`, request: signed(flavour, name, unknownKey), codes: ["InvalidAccessKeyId.NotFound"] },
  ];
}

beforeAll(async () => {
  emulator = await start();
  pool = new Pool(emulator.endpoint, { connections: CONCURRENCY });
  const owner = ownerKeys(emulator, 0);
  const uid = emulator.seed.accounts[0]!.uid;
  const role = await rawV1(emulator, { method: "POST", version: RAM, action: "CreateRole", params: { RoleName: "ForgerySession", AssumeRolePolicyDocument: trustRoot(uid) }, credentials: owner });
  expect(role.status, JSON.stringify(role.body)).toBe(200);
  const attach = await rawV1(emulator, { method: "POST", version: RAM, action: "AttachPolicyToRole", params: { PolicyType: "System", PolicyName: "AliyunRAMFullAccess", RoleName: "ForgerySession" }, credentials: owner });
  expect(attach.status, JSON.stringify(attach.body)).toBe(200);
  // Root accounts may not assume roles: a RAM user allowed to call AssumeRole does.
  const userName = emulator.seed.accounts[0]!.users[0]!.name;
  const allowUser = await rawV1(emulator, { method: "POST", version: RAM, action: "AttachPolicyToUser", params: { PolicyType: "System", PolicyName: "AliyunSTSAssumeRoleAccess", UserName: userName }, credentials: owner });
  expect(allowUser.status, JSON.stringify(allowUser.body)).toBe(200);
  const assumed = await rawV1(emulator, { method: "POST", version: STS, action: "AssumeRole", params: { RoleArn: `acs:ram::${uid}:role/ForgerySession`, RoleSessionName: "forger" }, credentials: userKeys(emulator, 0) });
  expect(assumed.status, JSON.stringify(assumed.body)).toBe(200);
  const c = assumed.body.Credentials as Record<string, string>;
  session = { accessKeyId: c.AccessKeyId!, accessKeySecret: c.AccessKeySecret!, securityToken: c.SecurityToken! };
}, 30_000);
afterAll(async () => {
  await pool?.close();
  await emulator?.stop();
});

describe("forged gateway requests", () => {
  it("refuses at least 10,000 mutants of valid V1/V3 requests with their documented codes, leaves state unchanged, then accepts the originals once", async () => {
    const rand = seededRandom(SEED);
    const originals: WireRequest[] = [];
    const mutants: Mutant[] = [];
    const flavours: Flavour[] = ["v1-get", "v1-post", "v3-form", "v3-json"];
    for (const withToken of [false, true]) {
      const credentials = withToken ? session : ownerKeys(emulator, 0);
      for (const flavour of flavours) {
        for (let b = 0; b < BASES_PER_FLAVOUR; b++) {
          const name = `Forged-${withToken ? "sts" : "ak"}-${flavour}-${b}`;
          const valid = signed(flavour, name, credentials);
          originals.push(valid);
          mutants.push(...(flavour.startsWith("v3") ? v3Mutants(valid, rand, RANDOM_PER_BASE) : v1Mutants(valid, rand, RANDOM_PER_BASE)));
          if (flavour === "v3-json") mutants.push(...v3JsonBodyMutants(valid, rand, RANDOM_PER_BASE / 2));
          mutants.push(...resignedMutants(flavour, name, credentials));
        }
      }
    }
    expect(mutants.length).toBeGreaterThanOrEqual(10_000);
    console.info(`forgery seed ${SEED}: ${mutants.length} mutants of ${originals.length} valid requests`);

    const before = JSON.stringify(emulator.admin.state());
    const replies = await sendAll(mutants.map((m) => m.request));
    const accepted = mutants.filter((_m, i) => replies[i]!.status < 400).map((m) => m.what);
    // Grouped by kind of mutation, so a failure names each kind once with what it answered.
    const wrongCode = [
      ...new Set(
        mutants
          .map((m, i) => ({ what: m.what, expected: m.codes, got: replies[i]!.code }))
          .filter((r) => !r.expected.includes(r.got ?? ""))
          .map((r) => `${r.what}: got ${r.got}, expected one of ${r.expected.join("|")}`),
      ),
    ];
    expect(accepted).toEqual([]);
    expect(wrongCode).toEqual([]);
    expect(JSON.stringify(emulator.admin.state())).toBe(before);

    // The originals are valid: each is accepted once, and its replay is refused without a state change.
    const accepts = await sendAll(originals);
    expect(accepts.filter((r) => r.status !== 200)).toEqual([]);
    const afterOriginals = JSON.stringify(emulator.admin.state());
    const replays = await sendAll(originals);
    expect(new Set(replays.map((r) => r.code))).toEqual(new Set(["SignatureNonceUsed"]));
    expect(JSON.stringify(emulator.admin.state())).toBe(afterOriginals);
  }, 120_000);
});
