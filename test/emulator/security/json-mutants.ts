/**
 * Mutants of a V3 request with an `application/json` body (ram-sts-signing.md §4.2): the body is
 * covered by `x-acs-content-sha256` and that header by the signature, so any change to the body
 * bytes — a flipped byte, re-ordered keys (same JSON, other bytes), an added key, other whitespace —
 * is refused whether the forger leaves the hash header alone (the body no longer matches it) or
 * recomputes it (the signature no longer matches). A changed content-type is refused because
 * content-type is a signed header.
 */

import { createHash } from "node:crypto";
import type { Mutant, WireRequest } from "./mutants";

const SIG = "SignatureDoesNotMatch";

function clone(r: WireRequest): WireRequest {
  return { ...r, query: r.query.map(([n, v]) => [n, v]), headers: { ...r.headers } };
}

/** The same JSON value with its top-level keys in reverse order. */
function reordered(json: string): string {
  const value = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(value).reverse()));
}

function withKey(json: string, key: string, added: unknown): string {
  return JSON.stringify({ ...(JSON.parse(json) as Record<string, unknown>), [key]: added });
}

/** Every deterministic body/content-type mutant of a JSON-body V3 request, plus `randomCount` random byte flips. */
export function v3JsonBodyMutants(valid: WireRequest, rand: () => number, randomCount: number): Mutant[] {
  const body = valid.body!;
  const out: Mutant[] = [];
  const bodies: Array<[string, string]> = [
    ["keys re-ordered", reordered(body)],
    ["unsigned key added", withKey(body, "RoleName", "Forged")],
    ["nested key added", withKey(body, "Extra", { Admin: true })],
    ["pretty-printed", JSON.stringify(JSON.parse(body), null, 1)],
    ["trailing newline", `${body}\n`],
    ["emptied", ""],
    ["replaced by the form encoding", new URLSearchParams(JSON.parse(body) as Record<string, string>).toString()],
  ];
  for (let k = 0; k < randomCount; k++) {
    const at = Math.floor(rand() * body.length);
    const replacement = String.fromCharCode(32 + Math.floor(rand() * 95));
    if (replacement !== body[at]) bodies.push(["random byte", body.slice(0, at) + replacement + body.slice(at + 1)]);
  }
  for (const [what, forged] of bodies) {
    const stale = clone(valid);
    stale.body = forged;
    out.push({ what: `v3 json body ${what}, hash header kept`, request: stale, codes: [SIG] });
    const rehashed = clone(stale);
    rehashed.headers["x-acs-content-sha256"] = createHash("sha256").update(forged).digest("hex");
    out.push({ what: `v3 json body ${what}, hash header recomputed`, request: rehashed, codes: [SIG] });
  }
  for (const contentType of ["application/x-www-form-urlencoded", "text/plain", "application/json", "APPLICATION/JSON; charset=utf-8"]) {
    if (contentType === valid.headers["content-type"]) continue;
    const r = clone(valid);
    r.headers["content-type"] = contentType;
    out.push({ what: `v3 json content-type changed to ${contentType}`, request: r, codes: [SIG] });
  }
  const dropped = clone(valid);
  delete dropped.headers["content-type"];
  out.push({ what: "v3 json content-type removed", request: dropped, codes: [SIG] });
  return out;
}
