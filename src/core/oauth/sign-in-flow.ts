/**
 * An OAuth 2.0 / OpenID Connect sign-in linked across the capture, attempt by attempt: the
 * authorization request, the authorization response sent back to its redirect URI, and the token
 * request that exchanged the code. All three name the redirect URI (RFC 6749 §4.1.1, §4.1.2,
 * §4.1.3), so the capture-wide index files them under it: every rule and view of a sign-in reads
 * the one key, and a change to any part of it judges again only the exchanges that read it.
 *
 * Within one redirect URI, a response belongs to the latest earlier authorization request that
 * sent its state (RFC 6749 §10.12), else to the latest one still unanswered; a token request
 * belongs to the attempt whose response carried its code.
 */
import type { CaptureIndex } from "../analysis/capture-index.ts";
import type { CaptureLookup } from "../capture-lookup.ts";
import type { Exchange } from "../exchange.ts";
import { type AuthorizationRequest, type AuthorizationResponse, authorizationRequestOf, authorizationResponseOf, redirectTarget } from "./authorization.ts";
import { GRANT } from "./token-errors.ts";
import { type TokenRequest, tokenRequestOf } from "./token-request.ts";

export interface FlowAuthorize {
  readonly exchange: Exchange;
  readonly request: AuthorizationRequest;
}

export interface FlowResponse {
  readonly exchange: Exchange;
  readonly response: AuthorizationResponse;
}

export interface FlowToken {
  readonly exchange: Exchange;
  readonly request: TokenRequest;
}

/** One sign-in attempt: what the capture shows of it, each part possibly missing. */
export interface FlowAttempt {
  readonly authorize?: FlowAuthorize;
  /**
   * The exchanges that carried its authorization response, first first: the provider's 3xx, then
   * the request to the redirect URI (and a reload of it). Findings about the response go on the first.
   */
  readonly responses: readonly FlowResponse[];
  /** Token requests that sent its code, first first: a second one reuses the code. */
  readonly tokens: readonly FlowToken[];
}

/** What a sign-in part of an exchange is, and the redirect URI it is filed under. */
type Part =
  | { readonly kind: "authorize"; readonly key: string; readonly request: AuthorizationRequest }
  | { readonly kind: "response"; readonly key: string; readonly response: AuthorizationResponse }
  | { readonly kind: "token"; readonly key: string; readonly request: TokenRequest };

/** The sign-in part an exchange plays, if any. Cheap for the exchanges that play none. */
export function signInPartOf(x: Exchange, tokenRequest?: TokenRequest): Part | undefined {
  const authorize = authorizationRequestOf(x);
  if (authorize) {
    const key = authorize.redirectUri !== undefined ? redirectTarget(authorize.redirectUri) : undefined;
    return key !== undefined ? { kind: "authorize", key, request: authorize } : undefined;
  }
  // Most POST bodies are no code exchange: a substring test spares parsing them (keysOf runs on every exchange).
  if (x.request.method === "POST" && x.request.body && (tokenRequest !== undefined || x.request.body.text.includes("authorization_code"))) {
    const request = tokenRequest ?? tokenRequestOf(x);
    if (request.grantType === GRANT.code) {
      const redirect = request.params.get("redirect_uri");
      const key = redirect !== undefined ? redirectTarget(redirect) : undefined;
      return key !== undefined ? { kind: "token", key, request } : undefined;
    }
  }
  const response = authorizationResponseOf(x);
  return response ? { kind: "response", key: response.target, response } : undefined;
}

interface Building {
  authorize?: FlowAuthorize;
  responses: FlowResponse[];
  tokens: FlowToken[];
  /** Positions in the filed list: of the authorization request, and of the latest response. */
  startedAt: number;
  answeredAt: number;
}

/** The last item that passes (Array.prototype.findLast is ES2023). */
function lastOf<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return items[i];
  return undefined;
}

function sameResponse(a: AuthorizationResponse, b: AuthorizationResponse): boolean {
  return a.code === b.code && a.error === b.error && a.state === b.state && a.accessToken === b.accessToken && a.idToken === b.idToken;
}

/** The attempts of one redirect URI, from its exchanges in capture order. */
export function linkAttempts(filed: readonly Exchange[], key: string): FlowAttempt[] {
  const attempts: Building[] = [];
  for (let at = 0; at < filed.length; at++) {
    const x = filed[at]!;
    const part = signInPartOf(x);
    if (!part || part.key !== key) continue;
    if (part.kind === "authorize") {
      attempts.push({ authorize: { exchange: x, request: part.request }, responses: [], tokens: [], startedAt: at, answeredAt: -1 });
    } else if (part.kind === "response") {
      const r = part.response;
      const open = attempts.filter((a) => a.responses.length === 0 && a.authorize !== undefined);
      const byState = r.state !== undefined ? lastOf(open, (a) => a.authorize!.request.state === r.state) : undefined;
      // The same response seen again (the request that followed the provider's redirect, or a
      // reload), unless a sign-in started since: then it is that one's answer.
      const again = byState ? undefined : lastOf(attempts, (a) => a.responses.some((seen) => sameResponse(seen.response, r)));
      const startedSince = again ? lastOf(open, (a) => a.startedAt > again.answeredAt) : undefined;
      const owner = byState ?? startedSince ?? again ?? open[open.length - 1];
      if (owner) {
        owner.responses.push({ exchange: x, response: r });
        owner.answeredAt = at;
      }
      // A response no request of the capture asked for counts only when it looks like one (RFC 6749 §4.1.2 always returns state when sent).
      else if (r.state !== undefined || r.error !== undefined || r.iss !== undefined) attempts.push({ responses: [{ exchange: x, response: r }], tokens: [], startedAt: at, answeredAt: at });
    } else {
      const code = part.request.params.get("code");
      const owner = code !== undefined ? lastOf(attempts, (a) => a.responses.some((s) => s.response.code === code)) : undefined;
      if (owner) owner.tokens.push({ exchange: x, request: part.request });
      else attempts.push({ responses: [], tokens: [{ exchange: x, request: part.request }], startedAt: at, answeredAt: -1 });
    }
  }
  return attempts;
}

/** Exchanges by the redirect URI of the sign-in they take part in; what is read is its attempts. */
export const SIGN_INS: CaptureIndex<readonly FlowAttempt[]> = {
  name: "sign-in",
  keysOf: (x) => signInPartOf(x)?.key,
  derive: linkAttempts,
};

/** The attempt this exchange takes part in, with the part it plays. */
export function attemptOf(x: Exchange, ctx: Pick<CaptureLookup, "lookup">, tokenRequest?: TokenRequest): { attempt: FlowAttempt; part: Part } | undefined {
  const part = signInPartOf(x, tokenRequest);
  if (!part) return undefined;
  for (const attempt of ctx.lookup(SIGN_INS, part.key)) {
    const has =
      attempt.authorize?.exchange.id === x.id || attempt.responses.some((r) => r.exchange.id === x.id) || attempt.tokens.some((t) => t.exchange.id === x.id);
    if (has) return { attempt, part };
  }
  return undefined;
}
