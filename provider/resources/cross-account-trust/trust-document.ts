/**
 * Adding and removing one Service principal in a role's trust policy while leaving every other
 * principal, statement and condition alone, so several source accounts can share B's one
 * cross-account sync role without clobbering each other.
 */

type Statement = Record<string, unknown>;
interface TrustDocument {
  Version: string;
  Statement: Statement[];
}

const ASSUME = "sts:AssumeRole";

function asList(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function parseTrust(text: string | undefined): TrustDocument {
  if (!text) return { Version: "1", Statement: [] };
  const raw = JSON.parse(text) as { Version?: string; Statement?: unknown };
  return { Version: raw.Version ?? "1", Statement: asList(raw.Statement) as Statement[] };
}

/** An Allow statement for sts:AssumeRole without conditions: the one a principal may join. */
function isPlainAssume(s: Statement): boolean {
  return s.Effect === "Allow" && asList(s.Action).includes(ASSUME) && s.Condition === undefined && typeof s.Principal === "object" && s.Principal !== null;
}

/** Is `service` trusted by some Allow statement? */
export function trustsService(doc: TrustDocument, service: string): boolean {
  return doc.Statement.some((s) => s.Effect === "Allow" && asList(s.Action).includes(ASSUME) && asList((s.Principal as Record<string, unknown> | undefined)?.Service).includes(service));
}

/** The document with `service` added (unchanged when already trusted). */
export function addService(doc: TrustDocument, service: string): TrustDocument {
  if (trustsService(doc, service)) return doc;
  const statements = doc.Statement.map((s) => ({ ...s }));
  const host = statements.find(isPlainAssume);
  if (host) {
    const principal = { ...(host.Principal as Record<string, unknown>) };
    principal.Service = [...asList(principal.Service), service];
    host.Principal = principal;
  } else {
    statements.push({ Action: ASSUME, Effect: "Allow", Principal: { Service: [service] } });
  }
  return { Version: doc.Version, Statement: statements };
}

/** The document without `service`; statements left with no principal at all are dropped. */
export function removeService(doc: TrustDocument, service: string): TrustDocument {
  const statements: Statement[] = [];
  for (const s of doc.Statement) {
    const principal = s.Principal as Record<string, unknown> | undefined;
    const services = asList(principal?.Service);
    if (!principal || !services.includes(service)) {
      statements.push(s);
      continue;
    }
    const rest = { ...principal, Service: services.filter((v) => v !== service) };
    if ((rest.Service as unknown[]).length === 0) delete (rest as Record<string, unknown>).Service;
    if (Object.keys(rest).length > 0) statements.push({ ...s, Principal: rest });
  }
  return { Version: doc.Version, Statement: statements };
}

export function trustText(doc: TrustDocument): string {
  return JSON.stringify(doc);
}
