/**
 * The dynamic provider object Pulumi serializes into state as `__provider`. It must stay tiny and
 * capture nothing but the type name: every method requires the dispatcher from the installed
 * package at call time, so the provider process runs the package's current code and no SDK,
 * client or secret is ever serialized.
 */
import type * as pulumi from "@pulumi/pulumi";

const cache: Record<string, pulumi.dynamic.ResourceProvider> = {};

/** One provider object per type, reused, so Pulumi serializes it once per run. */
export function makeProvider(name: string): pulumi.dynamic.ResourceProvider {
  const existing = cache[name];
  if (existing) return existing;
  const provider: pulumi.dynamic.ResourceProvider = {
    async configure(req) {
      require("pulumi-acr-ee/dist/provider/dispatch.js").configure((key: string) => req.config.get(key));
    },
    async check(olds, news) {
      return require("pulumi-acr-ee/dist/provider/dispatch.js").check(name, olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-acr-ee/dist/provider/dispatch.js").diff(name, id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-acr-ee/dist/provider/dispatch.js").create(name, inputs);
    },
    async read(id, props) {
      return require("pulumi-acr-ee/dist/provider/dispatch.js").read(name, id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-acr-ee/dist/provider/dispatch.js").update(name, id, olds, news);
    },
    async delete(id, props) {
      await require("pulumi-acr-ee/dist/provider/dispatch.js").delete(name, id, props);
    },
  };
  cache[name] = provider;
  return provider;
}
