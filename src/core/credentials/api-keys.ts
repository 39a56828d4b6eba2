/**
 * API keys are credentials too: a gateway or a vendor API reads them from a header of its own
 * (`X-API-Key`, Azure API Management's `Ocp-Apim-Subscription-Key`, Google's `x-goog-api-key`)
 * or from the URL (`?key=`, `?api_key=`, Azure's `?subscription-key=`). A request that sent one
 * did send credentials; the Credentials line names where, never the value.
 */
import type { Exchange } from "../exchange.ts";
import { fieldNames, headerValueLists } from "../headers.ts";
import { maskSecret } from "../text/mask.ts";

/** Request header fields that carry an API key, as gateways and vendor APIs name them (lower case). */
const HEADERS = ["x-api-key", "api-key", "apikey", "ocp-apim-subscription-key", "x-goog-api-key"] as const;
const HEADER_FIELDS = fieldNames(HEADERS);

/** URL query parameters that carry one (lower case). */
const PARAMS: ReadonlySet<string> = new Set(["key", "api_key", "apikey", "api-key", "x-api-key", "subscription-key"]);

/** Is this request header one that carries an API key (lower case)? */
export function isApiKeyHeader(lowerName: string): boolean {
  return (HEADERS as readonly string[]).includes(lowerName);
}

export interface ApiKeyCredential {
  readonly where: "header" | "query";
  /** The header or parameter name, as sent. */
  readonly name: string;
  /** First characters and length (text/mask.ts). */
  readonly masked: string;
}

/** The API keys a request sent, headers first. */
export function apiKeysOf(x: Exchange): ApiKeyCredential[] {
  const out: ApiKeyCredential[] = [];
  const lines = headerValueLists(x.request.headers, HEADER_FIELDS);
  for (let i = 0; i < HEADERS.length; i++) {
    const values = lines[i];
    const value = values?.find((v) => v.trim() !== "");
    if (value !== undefined) out.push({ where: "header", name: headerName(x, HEADERS[i]!), masked: maskSecret(value.trim()) });
  }
  // Most URLs carry no key: a parse only where the word appears.
  const url = x.request.url;
  if (url.includes("?") && /key=/i.test(url)) {
    let params: URLSearchParams | undefined;
    try {
      params = new URL(url).searchParams;
    } catch {
      params = undefined;
    }
    for (const [name, value] of params ?? []) {
      if (PARAMS.has(name.toLowerCase()) && value !== "") out.push({ where: "query", name, masked: maskSecret(value) });
    }
  }
  return out;
}

/** The header's name as the request spelled it. */
function headerName(x: Exchange, lower: string): string {
  return x.request.headers.find((h) => h.name.toLowerCase() === lower)?.name ?? lower;
}

/** "X-API-Key header", "key= in the URL". */
export function apiKeyPlace(k: ApiKeyCredential): string {
  return k.where === "header" ? `${k.name} header` : `${k.name}= in the URL`;
}
