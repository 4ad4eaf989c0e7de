/**
 * Keeps key material out of error messages and logs. V1 puts the signature and the STS token in
 * the query string, and a misbehaving server may echo a request back in its error text, so both
 * URLs and free text are scrubbed before they reach an AcsError.
 */

const REDACTED = "[redacted]";

/** Query parameters whose values are secret or let a reader replay the request. */
const SECRET_QUERY_PARAMS = new Set(["signature", "securitytoken", "accesskeysecret", "password"]);

/**
 * Returns the URL with secret query values replaced. `AccessKeyId` stays: it names the key
 * (useful when debugging which key was used) without granting anything.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf("?");
  if (mark < 0) return url;
  const query = url
    .slice(mark + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed name is kept as sent; it cannot be one of ours.
      }
      return SECRET_QUERY_PARAMS.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
  return `${url.slice(0, mark + 1)}${query}`;
}

/** Every form a secret may take once it has been through a URL or a form body. */
function variants(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, "+")]);
  return [...forms];
}

/**
 * Replaces each secret (raw or percent-encoded) in `text`. Very short strings are skipped: a real
 * secret is long, and scrubbing a 1–3 character value would mangle ordinary words.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of variants(secret)) out = out.split(form).join(REDACTED);
  }
  return out;
}
