/**
 * Image references: `host[:port]/path[:tag][@digest]`. The grammar is the distribution one: the
 * first component is a registry host only when it looks like one (a dot, a port or `localhost`),
 * otherwise the reference means Docker Hub, where a one-part name lives under `library/`.
 */

import { InvalidReferenceError } from "./errors";

export interface ImageReference {
  /** `host` or `host:port`, e.g. `registry.cn-hangzhou.aliyuncs.com`, `127.0.0.1:5000`. */
  registry: string;
  /** The repository path inside the registry, e.g. `ns/app`. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string;
}

export const DOCKER_HUB_REGISTRY = "docker.io";

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** A well-formed digest; sha256 must be exactly 64 lowercase hex characters. */
export function isValidDigest(digest: string): boolean {
  if (!DIGEST.test(digest)) return false;
  return !digest.startsWith("sha256:") || SHA256_DIGEST.test(digest);
}

export function isValidRepository(repository: string): boolean {
  return repository.length > 0 && repository.length <= 255 && repository.split("/").every((c) => PATH_COMPONENT.test(c));
}

function looksLikeHost(component: string): boolean {
  return component.includes(".") || component.includes(":") || component === "localhost" || component.startsWith("[");
}

export function parseReference(input: string): ImageReference {
  const fail = (reason: string): never => {
    throw new InvalidReferenceError(input, reason);
  };
  if (input.length === 0) fail("empty");
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) fail(`"${digest}" is not a valid digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) fail(`"${tag}" is not a valid tag`);
  }
  const components = rest.split("/");
  let registry = DOCKER_HUB_REGISTRY;
  if (components.length > 1 && looksLikeHost(components[0]!)) {
    registry = components.shift()!;
    if (!HOST.test(registry)) fail(`"${registry}" is not a valid registry host`);
  }
  let repository = components.join("/");
  if (registry === DOCKER_HUB_REGISTRY && components.length === 1) repository = `library/${repository}`;
  if (!isValidRepository(repository)) fail(`"${repository}" is not a valid repository name (lowercase path components)`);
  return { registry, repository, tag, digest };
}

/** The canonical string form; the tag is kept next to the digest when both are set. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** What to ask the registry for: the digest when pinned (immutable), else the tag, else `latest`. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}
