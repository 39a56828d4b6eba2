/** What a token endpoint's JSON answer issued (RFC 6749 §5.1) or refused with (§5.2), read leniently. */
import { parseBoundedJson } from "../bounded-json.ts";
import type { Exchange } from "../exchange.ts";

export interface Issued {
  readonly accessToken?: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly expiresIn?: number;
  readonly scope?: string;
  readonly error?: string;
  readonly errorDescription?: string;
}

export function issuedBy(x: Exchange): Issued {
  const body = x.response?.body;
  if (!body?.text.trimStart().startsWith("{")) return {};
  const parsed = parseBoundedJson(body.text, "response body");
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) return {};
  const o = parsed.value as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : undefined);
  const out: { -readonly [K in keyof Issued]: Issued[K] } = {};
  const fields: [keyof Issued, string][] = [
    ["accessToken", "access_token"],
    ["refreshToken", "refresh_token"],
    ["idToken", "id_token"],
    ["scope", "scope"],
    ["error", "error"],
    ["errorDescription", "error_description"],
  ];
  for (const [key, name] of fields) {
    const v = str(name);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  if (typeof o.expires_in === "number" && Number.isFinite(o.expires_in)) out.expiresIn = o.expires_in;
  return out;
}

