/**
 * Where each product is served. Defaults follow the official SDKs: CR is regional
 * (`cr.<region>.aliyuncs.com`), RAM is global (`ram.aliyuncs.com`), STS is global
 * (`sts.aliyuncs.com`) unless the regional form is asked for. Overrides mirror @pulumi/alicloud's
 * `endpoints` config: per product, a bare host or a full URL. The emulator serves all three
 * products on one URL, so the same URL may be given for every product.
 */

export type Product = "cr" | "ram" | "sts";

export const PRODUCTS: readonly Product[] = ["cr", "ram", "sts"];

/** Per-product override; each value is `host[:port]` (HTTPS assumed) or an `http(s)://` URL. */
export interface EndpointOverrides {
  cr?: string;
  ram?: string;
  sts?: string;
}

export interface ResolveEndpointOptions {
  region?: string;
  overrides?: EndpointOverrides;
  /** Use `sts.<region>.aliyuncs.com` instead of the global STS host. @default false */
  stsRegional?: boolean;
}

/** A configured endpoint or region that cannot be used. */
export class EndpointConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EndpointConfigError";
  }
}

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function checkRegion(region: string | undefined, product: Product): string {
  if (!region) throw new EndpointConfigError(`a region is required to reach ${product} (e.g. "cn-hangzhou")`);
  if (!REGION.test(region)) throw new EndpointConfigError(`region "${region}" is not a valid region ID (e.g. "cn-hangzhou")`);
  return region;
}

/** The default host of a product, without scheme. */
export function defaultHost(product: Product, region?: string, stsRegional = false): string {
  switch (product) {
    case "cr":
      return `cr.${checkRegion(region, product)}.aliyuncs.com`;
    case "ram":
      return "ram.aliyuncs.com";
    case "sts":
      return stsRegional ? `sts.${checkRegion(region, product)}.aliyuncs.com` : "sts.aliyuncs.com";
  }
}

/**
 * Normalises a host or URL to a base URL string with a path ending in `/` and no query or
 * fragment, e.g. `localhost:8080` → `https://localhost:8080/`, `http://127.0.0.1:9/` unchanged.
 */
export function normaliseEndpoint(value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new EndpointConfigError("endpoint is empty");
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EndpointConfigError(`endpoint "${value}" is neither a host nor a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new EndpointConfigError(`endpoint "${value}" must use http or https`);
  }
  if (url.username || url.password) throw new EndpointConfigError("endpoint must not contain credentials");
  if (url.search || url.hash) throw new EndpointConfigError(`endpoint "${value}" must not have a query or fragment`);
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `${url.protocol}//${url.host}${path}`;
}

/** The base URL to call for a product: the override if one is set, else the default host over HTTPS. */
export function resolveEndpoint(product: Product, options: ResolveEndpointOptions = {}): string {
  const override = options.overrides?.[product];
  if (override !== undefined && override.trim() !== "") return normaliseEndpoint(override);
  return `https://${defaultHost(product, options.region, options.stsRegional)}/`;
}

/** True for `localhost` and IPv4/IPv6 literals: names no gateway is ever addressed by. */
function isAddress(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || /^\d{1,3}(\.\d{1,3}){3}$/.test(bare) || bare.includes(":");
}

/**
 * The Host header to send when it must differ from the endpoint URL's host. Alibaba Cloud's
 * gateways route by the name a request is addressed to (CR learns the region from
 * `cr.<region>.aliyuncs.com`; none of its official request structs carries a `RegionId`), so a
 * request that reaches the service through an address (a local emulator, an SSH tunnel, a test
 * proxy) names the product's regional host instead. Named overrides (a VPC endpoint, a private
 * domain) are sent as they are.
 */
export function serviceHostHeader(product: Product, options: ResolveEndpointOptions = {}): string | undefined {
  const endpoint = new URL(resolveEndpoint(product, options));
  if (!isAddress(endpoint.hostname)) return undefined;
  if (product === "cr" && !options.region) return undefined;
  return defaultHost(product, options.region, options.stsRegional);
}
