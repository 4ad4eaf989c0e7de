/**
 * Seed 003 §3.7 "Security rules on trigger usage": HTTP on port 80 by default, or 21, 443, 70, 210,
 * 280, 488, 591, 777 and 1025-65535; HTTPS on port 443 only ("if you want another port, use HTTP").
 */
const HTTP_PORTS = new Set([80, 21, 443, 70, 210, 280, 488, 591, 777]);

/** Why the URL cannot be a trigger URL, or undefined when it can. Never repeats the URL: it may carry a token. */
export function triggerUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL: give http://host[:port]/path or https://host/path";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must use http or https, not ${url.protocol.replace(/:$/, "")}`;
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  if (url.protocol === "https:" && port !== 443) return `uses HTTPS on port ${port}: HTTPS triggers may only use port 443; use HTTP for another port`;
  if (url.protocol === "http:" && !HTTP_PORTS.has(port) && !(port >= 1025 && port <= 65535)) {
    return `uses HTTP port ${port}: allowed are 80, 21, 70, 210, 280, 443, 488, 591, 777 and 1025-65535`;
  }
  return undefined;
}
