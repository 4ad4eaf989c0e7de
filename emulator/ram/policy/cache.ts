/**
 * Stored documents were grammar-checked when written, so re-parsing them on every authorised call
 * is wasted work; parsed forms are cached by text (bounded, reset when full).
 */

import { parsePolicyDocument, type PolicyDocument, type PolicyKind } from "./document";

const LIMIT = 4096;
const cache = new Map<string, PolicyDocument>();

export function parseStored(text: string, kind: PolicyKind): PolicyDocument {
  const key = `${kind}\n${text}`;
  let document = cache.get(key);
  if (!document) {
    document = parsePolicyDocument(text, kind);
    if (cache.size >= LIMIT) cache.clear();
    cache.set(key, document);
  }
  return document;
}
