/** One IPv4 CIDR block, as an endpoint ACL entry takes it (`192.168.1.0/24`). */
import { z } from "zod";

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The block's canonical form (host bits cleared), or undefined when `text` is not an IPv4 CIDR. */
export function canonicalCidr(text: string): string | undefined {
  const match = IPV4_CIDR.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".")}/${prefix}`;
}

/**
 * Refuses anything but a canonical IPv4 CIDR. A block with host bits set (10.1.2.3/8) is refused
 * with its canonical form as the fix, so state never holds a spelling the service may rewrite.
 */
export const ipv4CidrSchema = z.string({ message: "is required: an IPv4 CIDR block such as 203.0.113.0/24" }).superRefine((value, ctx) => {
  const canonical = canonicalCidr(value);
  if (canonical === undefined) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not an IPv4 CIDR block: write it as a.b.c.d/n with each number 0-255 and n 0-32, e.g. 203.0.113.0/24 or 127.0.0.1/32` });
  } else if (canonical !== value) {
    ctx.addIssue({ code: "custom", message: `"${value}" has host bits set: use ${canonical}` });
  }
});
