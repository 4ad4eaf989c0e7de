/**
 * bcrypt password hashes for a distribution `htpasswd` file, so tests can start a basic-auth
 * registry without apache2-utils. Written from the bcrypt paper's description (EksBlowfish with
 * a 2^cost key schedule, 64 encryptions of "OrpheanBeholderScryDoubt"). Blowfish's initial
 * P-array and S-boxes are the hexadecimal digits of pi, so they are computed here with BigInt
 * (Machin's formula) instead of being pasted in as a 4 KiB table.
 */

import { randomBytes } from "node:crypto";

const WORDS = 18 + 4 * 256;
let piWords: Uint32Array | undefined;

/** atan(1/x) · 2^bits, by the alternating Taylor series, truncating at every step. */
function arctanInverse(x: bigint, bits: bigint): bigint {
  const xSquared = x * x;
  let term = (1n << bits) / x;
  let sum = term;
  for (let k = 1n; term !== 0n; k++) {
    term /= xSquared;
    const part = term / (2n * k + 1n);
    sum = k % 2n === 1n ? sum - part : sum + part;
  }
  return sum;
}

/** The first 1042 32-bit words of pi's fractional part: P[0..17], then S0..S3. */
function blowfishInit(): Uint32Array {
  if (piWords) return piWords;
  const bits = BigInt(WORDS * 32);
  const guard = 64n;
  const pi = 16n * arctanInverse(5n, bits + guard) - 4n * arctanInverse(239n, bits + guard);
  const fraction = (pi - (3n << (bits + guard))) >> guard;
  const words = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) words[i] = Number((fraction >> (bits - BigInt(32 * (i + 1)))) & 0xffffffffn);
  piWords = words;
  return words;
}

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;

  constructor() {
    const init = blowfishInit();
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
  }

  private f(x: number): number {
    const s = this.s;
    return (((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) ^ s[512 + ((x >>> 8) & 0xff)]!) + s[768 + (x & 0xff)]!) >>> 0;
  }

  /** Encrypts the pair in place: block[0] is the left half. */
  encrypt(block: Uint32Array): void {
    let left = block[0]!;
    let right = block[1]!;
    left = (left ^ this.p[0]!) >>> 0;
    for (let i = 1; i < 16; i += 2) {
      right = (right ^ this.f(left) ^ this.p[i]!) >>> 0;
      left = (left ^ this.f(right) ^ this.p[i + 1]!) >>> 0;
    }
    block[0] = (right ^ this.p[17]!) >>> 0;
    block[1] = left;
  }

  /** The key schedule; with `salt`, bcrypt's variant that folds the salt into every block. */
  expand(key: Uint8Array, salt?: Uint8Array): void {
    const keyAt = { i: 0 };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ nextWord(key, keyAt)) >>> 0;
    const saltAt = { i: 0 };
    const block = new Uint32Array(2);
    const fill = (table: Uint32Array, offset: number, count: number) => {
      for (let i = 0; i < count; i += 2) {
        if (salt) {
          block[0] = (block[0]! ^ nextWord(salt, saltAt)) >>> 0;
          block[1] = (block[1]! ^ nextWord(salt, saltAt)) >>> 0;
        }
        this.encrypt(block);
        table[offset + i] = block[0]!;
        table[offset + i + 1] = block[1]!;
      }
    };
    fill(this.p, 0, 18);
    fill(this.s, 0, 1024);
  }
}

/** Four bytes of `data` read cyclically, big-endian. */
function nextWord(data: Uint8Array, at: { i: number }): number {
  let word = 0;
  for (let n = 0; n < 4; n++) {
    word = ((word << 8) | data[at.i]!) >>> 0;
    at.i = (at.i + 1) % data.length;
  }
  return word;
}

const ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** bcrypt's own base64: its alphabet, no padding. */
function encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

function decode(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n < length) out[n++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** `$2a$<cost>$<salt><hash>`; `salt` is the 22-character encoded form (random when omitted). */
export function bcryptHash(password: string, cost = 5, salt?: string): string {
  if (cost < 4 || cost > 31) throw new RangeError("bcrypt cost must be 4..31");
  const saltBytes = salt ? decode(salt, 16) : randomBytes(16);
  const key = Buffer.concat([Buffer.from(password, "utf8"), Buffer.from([0])]).subarray(0, 72);
  const cipher = new Blowfish();
  cipher.expand(key, saltBytes);
  for (let round = 0; round < 2 ** cost; round++) {
    cipher.expand(key);
    cipher.expand(saltBytes);
  }
  const text = Buffer.from("OrpheanBeholderScryDoubt", "latin1");
  const words = new Uint32Array(6);
  for (let i = 0; i < 6; i++) words[i] = text.readUInt32BE(i * 4);
  for (let round = 0; round < 64; round++) {
    for (let i = 0; i < 6; i += 2) {
      const pair = words.subarray(i, i + 2);
      cipher.encrypt(pair);
    }
  }
  const digest = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) digest.writeUInt32BE(words[i]!, i * 4);
  return `$2a$${String(cost).padStart(2, "0")}$${encode(saltBytes)}${encode(digest.subarray(0, 23))}`;
}

/** One `user:hash` line per entry, as distribution's htpasswd access controller reads it. */
export function htpasswdFile(users: Record<string, string>): string {
  return Object.entries(users)
    .map(([user, password]) => `${user}:${bcryptHash(password)}\n`)
    .join("");
}
