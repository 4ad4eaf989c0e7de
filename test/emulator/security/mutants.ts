/**
 * Forged-request generator for the gateway property test: takes one validly signed request (V1 over
 * query or form, V3 with a form or JSON body; json-mutants.ts adds the JSON body's own) and returns every mutant of it, each with the error code the
 * gateway documents for it (ram-sts-signing.md §4.3). A seeded PRNG adds random byte-level mutants
 * so a run is reproducible from its seed.
 */

import { percentEncode } from "../../../sdk/signing";

export type Pair = [string, string];

/** A request exactly as it goes on the wire; pairs keep order and allow duplicates. */
export interface WireRequest {
  method: "GET" | "POST";
  path: string;
  query: Pair[];
  headers: Record<string, string>;
  form?: Pair[];
  /** A raw body (JSON), sent as is when there is no form. */
  body?: string;
}

export interface Mutant {
  what: string;
  request: WireRequest;
  /** Any of these codes is the documented refusal (routing may answer before the signature check). */
  codes: string[];
}

export function encodePairs(pairs: Pair[]): string {
  return pairs.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join("&");
}

export { seededRandom } from "../../../emulator/core/seeded-random";

const SIG = "SignatureDoesNotMatch";
const MISSING = "MissingParameter";
const ROUTING = ["InvalidAction.NotFound", "InvalidVersion", MISSING];
/** Values that look equal to a human or a lax decoder but are different bytes. */
const SMUGGLED = ["\u0130", "e\u0301", "\uFF0F", "/", "%2F", "\u202E", "\u0000", " ", "+"];

function clone(r: WireRequest): WireRequest {
  return { ...r, query: r.query.map((p) => [...p] as Pair), headers: { ...r.headers }, ...(r.form ? { form: r.form.map((p) => [...p] as Pair) } : {}) };
}

/** The pair list a V1 request's parameters live in (query for GET, form for POST). */
function v1Params(r: WireRequest): Pair[] {
  return r.method === "GET" ? r.query : r.form!;
}

function v1ChangedValueCodes(name: string): string[] {
  switch (name) {
    case "AccessKeyId":
      return ["InvalidAccessKeyId.NotFound"];
    case "Timestamp":
      return ["InvalidTimeStamp.Format"];
    case "SignatureMethod":
      return ["InvalidSignatureMethod"];
    case "SignatureVersion":
      return ["IncompleteSignature"];
    case "Action":
    case "Version":
      return [...ROUTING, SIG];
    default:
      return [SIG];
  }
}

const V1_REQUIRED = new Set(["AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"]);

function v1RemovedCodes(name: string): string[] {
  if (V1_REQUIRED.has(name)) return [MISSING];
  if (name === "Action" || name === "Version") return ROUTING;
  return [SIG];
}

/** Every deterministic mutant of a V1 request, plus `randomCount` random byte changes. */
export function v1Mutants(valid: WireRequest, rand: () => number, randomCount: number): Mutant[] {
  const out: Mutant[] = [];
  const params = v1Params(valid);
  const add = (what: string, codes: string[], edit: (r: WireRequest, p: Pair[]) => void) => {
    const r = clone(valid);
    edit(r, v1Params(r));
    out.push({ what, request: r, codes });
  };
  params.forEach(([name], i) => {
    add(`v1 ${name} value changed`, v1ChangedValueCodes(name), (_r, p) => void (p[i]![1] += "x"));
    add(`v1 ${name} removed`, v1RemovedCodes(name), (_r, p) => void p.splice(i, 1));
    add(`v1 ${name} name lower-cased`, name.toLowerCase() === name ? [SIG] : v1RemovedCodes(name), (_r, p) => void (p[i]![0] = name.toLowerCase()));
    // The first occurrence wins, so a forged copy in front must not ride on the signature.
    add(`v1 ${name} duplicated in front`, v1ChangedValueCodes(name), (_r, p) => void p.unshift([name, `${p[i]![1]}x`]));
    // …and a copy behind the signed one carries bytes no signature covers, so it is refused too.
    add(`v1 ${name} duplicated at the end`, [SIG], (_r, p) => void p.push([name, `${p[i]![1]}x`]));
    if (valid.method === "POST") add(`v1 ${name} also sent in the query`, [SIG], (r) => void r.query.push([name, `${params[i]![1]}x`]));
  });
  for (const s of SMUGGLED) {
    add(`v1 business value smuggles ${JSON.stringify(s)}`, [SIG], (_r, p) => {
      const target = p.find(([n]) => n === "RoleName")!;
      target[1] = `${target[1]}${s}`;
    });
  }
  add("v1 unsigned extra parameter", [SIG], (_r, p) => void p.push(["Extra", "1"]));
  add("v1 signature replaced by another request's", [SIG], (_r, p) => {
    const sig = p.find(([n]) => n === "Signature")!;
    sig[1] = Buffer.from(sig[1], "base64").reverse().toString("base64");
  });
  add("v1 sent with the other method", [SIG], (r) => {
    if (r.method === "GET") {
      r.method = "POST";
      r.form = r.query;
      r.query = [];
      r.headers["content-type"] = "application/x-www-form-urlencoded";
    } else {
      r.method = "GET";
      r.query = r.form!;
      delete r.form;
      delete r.headers["content-type"];
    }
  });
  for (let k = 0; k < randomCount; k++) {
    const i = Math.floor(rand() * params.length);
    const [name, value] = params[i]!;
    if (value.length === 0) continue;
    const at = Math.floor(rand() * value.length);
    const replacement = String.fromCharCode(32 + Math.floor(rand() * 95));
    if (replacement === value[at]) continue;
    add(`v1 ${name} random byte`, [...v1ChangedValueCodes(name), SIG, "InvalidTimeStamp.Expired", "InvalidTimeStamp.Format", MISSING, "IncompleteSignature", "InvalidSignatureMethod", "InvalidAccessKeyId.NotFound"], (_r, p) => {
      p[i]![1] = value.slice(0, at) + replacement + value.slice(at + 1);
    });
  }
  return out;
}

const V3_REQUIRED = new Set(["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-security-token"]);

function v3ChangedHeaderCodes(name: string): string[] {
  if (name === "x-acs-date") return ["InvalidTimeStamp.Format"];
  if (name === "x-acs-action" || name === "x-acs-version") return [...ROUTING, SIG];
  return [SIG];
}

function v3RemovedCodes(name: string): string[] {
  if (name === "x-acs-action" || name === "x-acs-version") return ROUTING;
  // The session key still signed the token, so the signature check fails before the token check.
  if (name === "x-acs-security-token") return [SIG, "MissingSecurityToken"];
  return V3_REQUIRED.has(name) ? [MISSING] : [SIG];
}

/** Every deterministic mutant of a V3 request (form body), plus random ones. */
export function v3Mutants(valid: WireRequest, rand: () => number, randomCount: number): Mutant[] {
  const out: Mutant[] = [];
  const add = (what: string, codes: string[], edit: (r: WireRequest) => void) => {
    const r = clone(valid);
    edit(r);
    out.push({ what, request: r, codes });
  };
  const auth = valid.headers.authorization!;
  const signedNames = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(";");
  for (const name of signedNames) {
    add(`v3 ${name} changed`, v3ChangedHeaderCodes(name), (r) => void (r.headers[name] = `${r.headers[name]}x`));
    // HTTP/1.1 always carries a Host, so only the other headers can be dropped.
    if (name !== "host") add(`v3 ${name} removed`, v3RemovedCodes(name), (r) => {
      delete r.headers[name];
    });
    add(`v3 ${name} left out of SignedHeaders`, V3_REQUIRED.has(name) ? ["IncompleteSignature"] : [SIG], (r) => {
      r.headers.authorization = auth.replace(/SignedHeaders=([^,]+)/, (_m, list: string) => `SignedHeaders=${list.split(";").filter((n) => n !== name).join(";")}`);
    });
  }
  (valid.form ?? []).forEach(([name], i) => {
    add(`v3 form ${name} changed`, [SIG], (r) => void (r.form![i]![1] += "x"));
    add(`v3 form ${name} duplicated in front`, [SIG], (r) => void r.form!.unshift([name, "forged"]));
  });
  for (const s of SMUGGLED) {
    add(`v3 query smuggles ${JSON.stringify(s)}`, [SIG], (r) => void r.query.push(["RoleName", `x${s}`]));
  }
  // RPC calls live at "/": another path is answered by routing before the signature is read.
  add("v3 path changed to /%2F", ["InvalidAction.NotFound", SIG], (r) => void (r.path = "/%2F"));
  add("v3 path changed to /x", ["InvalidAction.NotFound", SIG], (r) => void (r.path = "/x"));
  add("v3 signature hex flipped", [SIG], (r) => {
    r.headers.authorization = auth.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === "0" ? "1" : "0"}`);
  });
  add("v3 unknown key in Credential", ["InvalidAccessKeyId.NotFound"], (r) => {
    r.headers.authorization = auth.replace(/Credential=([^,]+)/, "Credential=LTAI-no-such-key");
  });
  add("v3 algorithm renamed", ["InvalidSignatureMethod", "IncompleteSignature"], (r) => {
    r.headers.authorization = auth.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SHA1");
  });
  add("v3 sent as GET", [SIG], (r) => void (r.method = "GET"));
  for (let k = 0; k < randomCount; k++) {
    const at = 20 + Math.floor(rand() * (auth.length - 20));
    const replacement = "0123456789abcdef"[Math.floor(rand() * 16)]!;
    if (auth[at] === replacement) continue;
    add("v3 authorization random byte", [SIG, "InvalidAccessKeyId.NotFound", "IncompleteSignature", MISSING], (r) => {
      r.headers.authorization = auth.slice(0, at) + replacement + auth.slice(at + 1);
    });
  }
  return out;
}
