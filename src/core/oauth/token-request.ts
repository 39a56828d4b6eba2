/**
 * A request to an OAuth 2.0 token endpoint (RFC 6749 §3.2) and the error it got back (§5.2), as
 * far as the capture shows them. The request's parameters are form-encoded in its body (§4.1.3,
 * §6, Appendix B); the answer is a JSON object with `error`, `error_description`, `error_uri`.
 * Either body may be missing from a capture (getHAR() leaves response bodies out): what is not
 * there is reported as unknown, never guessed.
 */
import { parseBoundedJson } from "../bounded-json.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import { splitBasic } from "../basic-credentials.ts";

/** How the request body was encoded, as far as the capture shows it. */
export type TokenBodyKind = "form" | "json" | "other" | "absent";

/** The parameters of a token request that a diagnosis may name or compare (never display secrets). */
export interface TokenRequest {
  readonly bodyKind: TokenBodyKind;
  /** Parameter name → value, from a form or JSON body; empty when the body is absent or unreadable. */
  readonly params: ReadonlyMap<string, string>;
  readonly grantType?: string;
}

/** What the token endpoint answered in its body. */
export type TokenErrorBody =
  /** An RFC 6749 §5.2 error object. */
  | { readonly kind: "error"; readonly error: string; readonly description?: string; readonly uri?: string }
  /** A body the capture holds, with no `error` string member. */
  | { readonly kind: "other" }
  /** The capture holds no response body. */
  | { readonly kind: "absent" };

/** A token request answered 400 or 401 (RFC 6749 §5.2), with what is known of it. */
export interface RefusedTokenRequest {
  readonly request: TokenRequest;
  readonly answer: TokenErrorBody;
}

/** Error codes only a token endpoint answers (RFC 6749 §5.2): they identify one without the request. */
const TOKEN_ENDPOINT_ONLY: ReadonlySet<string> = new Set(["invalid_grant", "invalid_client", "unauthorized_client", "unsupported_grant_type"]);

/** A body larger than this is not an error object worth parsing (and real ones are under 1 KB). */
const MAX_ERROR_BODY = 65_536;

const NO_PARAMS: ReadonlyMap<string, string> = new Map();

function formParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  // RFC 6749 §3.2: parameters MUST NOT be included more than once; the first is kept for display.
  for (const [name, value] of new URLSearchParams(text)) if (!out.has(name)) out.set(name, value);
  return out;
}

function jsonParams(text: string): Map<string, string> | undefined {
  const parsed = parseBoundedJson(text, "request body");
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return undefined;
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed.value as Record<string, unknown>)) {
    if (typeof value === "string") out.set(name, value);
  }
  return out;
}

/**
 * The request's body as token request parameters (whatever the endpoint). Rules read it from
 * the exchange's view (ctx.view(x).tokenRequest), read once per analysis.
 */
export function tokenRequestOf(x: Exchange): TokenRequest {
  const body = x.request.body;
  let read: TokenRequest;
  if (!body) read = { bodyKind: "absent", params: NO_PARAMS };
  else if (/json/.test(body.mimeType)) {
    const params = jsonParams(body.text);
    read = params ? { bodyKind: "json", params } : { bodyKind: "other", params: NO_PARAMS };
  } else if (/x-www-form-urlencoded/.test(body.mimeType) || /^[\w.~%+-]+=/.test(body.text)) {
    read = { bodyKind: "form", params: formParams(body.text) };
  } else read = { bodyKind: "other", params: NO_PARAMS };
  const grant = read.params.get("grant_type");
  if (grant !== undefined) read = { ...read, grantType: grant };
  return read;
}

/** The response body as a §5.2 error object, when the capture holds it. */
export function tokenErrorBody(x: Exchange): TokenErrorBody {
  const body = x.response?.body;
  if (!body) return { kind: "absent" };
  const text = body.text.trim();
  if (text.length > MAX_ERROR_BODY || !(/json/.test(body.mimeType) || text.startsWith("{"))) return { kind: "other" };
  const parsed = parseBoundedJson(text, "response body");
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return { kind: "other" };
  const { error, error_description: description, error_uri: uri } = parsed.value as Record<string, unknown>;
  if (typeof error !== "string" || error.trim() === "") return { kind: "other" };
  return {
    kind: "error",
    error,
    ...(typeof description === "string" && description !== "" ? { description } : {}),
    ...(typeof uri === "string" && uri !== "" ? { uri } : {}),
  };
}

/** `…/token`, `…/oauth2/v2.0/token`, `…/protocol/openid-connect/token`: the path names a token endpoint. */
function tokenLikePath(url: string): boolean {
  const q = url.search(/[?#]/);
  const path = q === -1 ? url : url.slice(0, q);
  return /\/(oauth2?\/)?token\/?$/i.test(path) || /\/openid-connect\/token\/?$/i.test(path);
}

/**
 * The refused token request, when this exchange is one: a POST answered 400 or 401 (RFC 6749
 * §5.2) that carried `grant_type` in its body, or, when the capture lost the request body,
 * whose answer names an error only a token endpoint gives (or a §5.2 error at a `/token` path).
 * Rules pass the exchange's view, whose tokenRequest is read once per analysis.
 */
export function refusedTokenRequest(x: Exchange, view?: { readonly tokenRequest: TokenRequest }): RefusedTokenRequest | undefined {
  const status = statusOf(x);
  if ((status !== 400 && status !== 401) || x.request.method !== "POST") return undefined;
  const request = view ? view.tokenRequest : tokenRequestOf(x);
  const answer = tokenErrorBody(x);
  if (request.grantType !== undefined) return { request, answer };
  if (answer.kind !== "error") return undefined;
  if (TOKEN_ENDPOINT_ONLY.has(answer.error) || tokenLikePath(x.request.url)) return { request, answer };
  return undefined;
}

/** How the client authenticated to the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2, OIDC Core §9). */
export type ClientAuthentication =
  | { readonly method: "basic"; readonly clientId?: string }
  | { readonly method: "secret-in-body" }
  | { readonly method: "assertion" }
  | { readonly method: "none" };

/** RFC 6749 §2.3.1: the client id is form-encoded before it goes into Basic. */
function basicClientId(credentials: string): string | undefined {
  const split = splitBasic(credentials);
  if (!split.ok) return undefined;
  try {
    return decodeURIComponent(split.parts.user.replaceAll("+", " "));
  } catch {
    return split.parts.user;
  }
}

/** The client's authentication as the request shows it; Basic's client id is read (never its secret). */
export function clientAuthentication(x: Exchange, request: TokenRequest): ClientAuthentication {
  const authorization = headerValue(x.request.headers, "authorization")?.trim();
  if (authorization !== undefined && /^basic(\s|$)/i.test(authorization)) {
    const clientId = basicClientId(authorization.slice(5).trim());
    return clientId !== undefined ? { method: "basic", clientId } : { method: "basic" };
  }
  if (request.params.has("client_assertion")) return { method: "assertion" };
  if (request.params.has("client_secret")) return { method: "secret-in-body" };
  return { method: "none" };
}
