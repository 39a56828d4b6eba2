/**
 * An OAuth 2.0 / OpenID Connect sign-in linked across the capture, attempt by attempt: the
 * authorization request, the authorization response sent back to its redirect URI, and the token
 * request that exchanged the code. All three name the redirect URI (RFC 6749 §4.1.1, §4.1.2,
 * §4.1.3), so a capture-wide index files them under it (SIGN_INS): the views read a sign-in
 * there. The rules read narrower keys (the state a response shares with its request, the code a
 * token request shares with its response; see below), so that a change judges again only the
 * exchanges of its own attempt.
 *
 * Within one redirect URI, a response belongs to the latest earlier authorization request that
 * sent its state (RFC 6749 §10.12), else to the latest one still unanswered; a token request
 * belongs to the attempt whose response carried its code.
 */
import { type CaptureIndex, listIndex } from "../analysis/capture-index.ts";
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
  /** `answer`: the response its own redirect carries (a provider that answers at once: a live session, prompt=none). */
  | { readonly kind: "authorize"; readonly key: string; readonly request: AuthorizationRequest; readonly answer?: AuthorizationResponse }
  | { readonly kind: "response"; readonly key: string; readonly response: AuthorizationResponse }
  | { readonly kind: "token"; readonly key: string; readonly request: TokenRequest };

/** The authorization response an exchange carries as its part: a response's, or an authorization request's own redirect. */
export function responseOfPart(part: Part | undefined): AuthorizationResponse | undefined {
  return part?.kind === "response" ? part.response : part?.kind === "authorize" ? part.answer : undefined;
}

/** The sign-in part an exchange plays, if any. Cheap for the exchanges that play none. */
export function signInPartOf(x: Exchange, tokenRequest?: TokenRequest): Part | undefined {
  const authorize = authorizationRequestOf(x);
  if (authorize) {
    const key = authorize.redirectUri !== undefined ? redirectTarget(authorize.redirectUri) : undefined;
    if (key === undefined) return undefined;
    const answer = authorizationResponseOf(x);
    return answer?.carrier === "redirect" && answer.target === key ? { kind: "authorize", key, request: authorize, answer } : { kind: "authorize", key, request: authorize };
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

/** A response's identity: the same one seen again (after the provider's redirect, or on a reload) has the same. */
function responseKey(r: AuthorizationResponse): string {
  return [r.code, r.error, r.state, r.accessToken, r.idToken].map((v) => v ?? "").join("\u0000");
}

/**
 * The newest attempt of a stack still unanswered: answered ones are dropped from the top as they
 * are met, so each lookup costs O(1) amortised (a sign-in loop files thousands of attempts).
 */
function newestOpen(stack: Building[] | undefined): Building | undefined {
  while (stack && stack.length > 0 && stack[stack.length - 1]!.responses.length > 0) stack.pop();
  return stack?.[stack.length - 1];
}

/** The attempts of one redirect URI and, for each exchange filed there, its attempt. */
export interface SignInAttempts {
  readonly attempts: readonly FlowAttempt[];
  readonly byExchange: ReadonlyMap<string, FlowAttempt>;
}

/** The attempts of one redirect URI, from its exchanges in capture order, in one pass. */
export function linkAttempts(filed: readonly Exchange[], key: string): SignInAttempts {
  const attempts: Building[] = [];
  const byExchange = new Map<string, FlowAttempt>();
  /** Unanswered attempts, newest last: all of them, and by the state they sent. */
  const open: Building[] = [];
  const openByState = new Map<string, Building[]>();
  /** The latest attempt answered with a given response, and the latest whose response carried a given code. */
  const byResponse = new Map<string, Building>();
  const byCode = new Map<string, Building>();
  const add = (a: Building) => {
    attempts.push(a);
    return a;
  };
  for (let at = 0; at < filed.length; at++) {
    const x = filed[at]!;
    const part = signInPartOf(x);
    if (!part || part.key !== key) continue;
    let owner: Building | undefined;
    if (part.kind === "authorize") {
      owner = add({ authorize: { exchange: x, request: part.request }, responses: [], tokens: [], startedAt: at, answeredAt: -1 });
      open.push(owner);
      const state = part.request.state ?? "";
      const list = openByState.get(state);
      if (list) list.push(owner);
      else openByState.set(state, [owner]);
      if (part.answer) {
        owner.responses.push({ exchange: x, response: part.answer });
        owner.answeredAt = at;
        byResponse.set(responseKey(part.answer), owner);
        if (part.answer.code !== undefined) byCode.set(part.answer.code, owner);
      }
    } else if (part.kind === "response") {
      const r = part.response;
      const byState = r.state !== undefined ? newestOpen(openByState.get(r.state)) : undefined;
      const latest = newestOpen(open);
      // The same response seen again (the request that followed the provider's redirect, or a
      // reload), unless a sign-in started since: then it is that one's answer.
      const again = byState ? undefined : byResponse.get(responseKey(r));
      const startedSince = again && latest && latest.startedAt > again.answeredAt ? latest : undefined;
      owner = byState ?? startedSince ?? again ?? latest;
      // A response no request of the capture asked for counts only when it looks like one (RFC 6749 §4.1.2 always returns state when sent).
      if (!owner && (r.state !== undefined || r.error !== undefined || r.iss !== undefined)) owner = add({ responses: [], tokens: [], startedAt: at, answeredAt: at });
      if (owner) {
        owner.responses.push({ exchange: x, response: r });
        owner.answeredAt = at;
        byResponse.set(responseKey(r), owner);
        if (r.code !== undefined) byCode.set(r.code, owner);
      }
    } else {
      const code = part.request.params.get("code");
      owner = (code !== undefined ? byCode.get(code) : undefined) ?? add({ responses: [], tokens: [], startedAt: at, answeredAt: -1 });
      owner.tokens.push({ exchange: x, request: part.request });
    }
    if (owner) byExchange.set(x.id, owner);
  }
  return { attempts, byExchange };
}

/** Exchanges by the redirect URI of the sign-in they take part in; what is read is its attempts. */
export const SIGN_INS: CaptureIndex<SignInAttempts> = {
  name: "sign-in",
  keysOf: (x) => signInPartOf(x)?.key,
  derive: linkAttempts,
};

/**
 * The attempt this exchange takes part in, with the part it plays. With `only`, an exchange
 * playing another part reads nothing: a rule about responses does not make every authorization
 * request of a sign-in loop a reader of its redirect URI (each would be judged again at each change).
 */
export function attemptOf(
  x: Exchange,
  ctx: Pick<CaptureLookup, "lookup">,
  tokenRequest?: TokenRequest,
  only?: Part["kind"],
): { attempt: FlowAttempt; part: Part } | undefined {
  const part = signInPartOf(x, tokenRequest);
  // An authorization request whose own redirect answers it plays both parts.
  const plays = only === undefined || part?.kind === only || (only === "response" && responseOfPart(part) !== undefined);
  if (!part || !plays) return undefined;
  const attempt = ctx.lookup(SIGN_INS, part.key).byExchange.get(x.id);
  return attempt ? { attempt, part } : undefined;
}

/*
 * What the rules read. A rule reading a whole redirect URI's attempts would be judged again each
 * time any exchange of it changes: in a sign-in loop (thousands of authorization requests to one
 * redirect URI) that is every exchange of the loop, at every change. So a response reads the
 * exchanges that share its state, and a token request those that share its code; only a response
 * whose state no authorization request sent (or that carries none) reads the whole redirect URI,
 * as linkAttempts pairs it there.
 */

/** Authorization requests and responses by redirect URI and state. */
const BY_STATE = listIndex("sign-in-state", (x) => {
  const part = signInPartOf(x);
  const state = part?.kind === "authorize" ? part.request.state : part?.kind === "response" ? part.response.state : undefined;
  return part && state !== undefined ? `${part.key}\u0000${state}` : undefined;
});

/** Responses and token requests by redirect URI and code. */
const BY_CODE = listIndex("sign-in-code", (x) => {
  const part = signInPartOf(x);
  const code = part?.kind === "token" ? part.request.params.get("code") : responseOfPart(part)?.code;
  return part && code !== undefined && code !== "" ? `${part.key}\u0000${code}` : undefined;
});

/** What a rule knows of a response: the request it answers, and the other exchanges that carried it. */
export interface ResponseInAttempt {
  readonly response: AuthorizationResponse;
  readonly authorize?: FlowAuthorize;
  /** The exchanges that carried the same answer to the same request, first first (x among them). */
  readonly carriers: readonly FlowResponse[];
}

/**
 * The authorization request that sent this response's state (the newest before it) and the
 * responses that answered it with that state, from the exchanges sharing the state alone.
 */
function byState(x: Exchange, r: AuthorizationResponse, key: string, state: string, ctx: Pick<CaptureLookup, "lookup">): { authorize: FlowAuthorize; carriers: FlowResponse[] } | undefined {
  const same = responseKey(r);
  let authorize: FlowAuthorize | undefined;
  let carriers: FlowResponse[] = [];
  let found = false;
  for (const y of ctx.lookup(BY_STATE, `${key}\u0000${state}`)) {
    const part = signInPartOf(y);
    if (part?.kind === "authorize") {
      if (found) break;
      authorize = { exchange: y, request: part.request };
      carriers = [];
    }
    const answer = responseOfPart(part);
    if (answer && authorize && responseKey(answer) === same) carriers.push({ exchange: y, response: answer });
    if (y.id === x.id) found = true;
  }
  return found && authorize ? { authorize, carriers } : undefined;
}

/** The response this exchange carries, as a rule about responses reads it. */
export function responseInAttempt(x: Exchange, ctx: Pick<CaptureLookup, "lookup">): ResponseInAttempt | undefined {
  const part = signInPartOf(x);
  const r = responseOfPart(part);
  if (!part || !r) return undefined;
  const paired = r.state !== undefined ? byState(x, r, part.key, r.state, ctx) : undefined;
  if (paired) return { response: r, authorize: paired.authorize, carriers: paired.carriers };
  const attempt = attemptOf(x, ctx, undefined, "response")?.attempt;
  return attempt ? { response: r, ...(attempt.authorize ? { authorize: attempt.authorize } : {}), carriers: attempt.responses } : undefined;
}

/** What a rule knows of a code exchange: the authorization request behind its code, and whether it is the code's first exchange. */
export function tokenInAttempt(x: Exchange, request: TokenRequest, ctx: Pick<CaptureLookup, "lookup">): { authorize?: FlowAuthorize; first: boolean } | undefined {
  const part = signInPartOf(x, request);
  if (part?.kind !== "token") return undefined;
  const code = request.params.get("code");
  if (code === undefined || code === "") return attemptInfo(x, ctx, request);
  let response: { exchange: Exchange; response: AuthorizationResponse } | undefined;
  let firstToken: Exchange | undefined;
  for (const y of ctx.lookup(BY_CODE, `${part.key}\u0000${code}`)) {
    if (y.id === x.id) {
      firstToken ??= y;
      break;
    }
    const other = signInPartOf(y);
    const answer = responseOfPart(other);
    if (answer) {
      response = { exchange: y, response: answer };
      firstToken = undefined;
    } else if (other?.kind === "token") firstToken ??= y;
  }
  const first = firstToken?.id === x.id;
  if (!response) return { first };
  const state = response.response.state;
  const paired = state !== undefined ? byState(response.exchange, response.response, part.key, state, ctx) : undefined;
  if (paired) return { authorize: paired.authorize, first };
  return attemptInfo(x, ctx, request);
}

function attemptInfo(x: Exchange, ctx: Pick<CaptureLookup, "lookup">, request: TokenRequest): { authorize?: FlowAuthorize; first: boolean } | undefined {
  const attempt = attemptOf(x, ctx, request, "token")?.attempt;
  if (!attempt) return undefined;
  return { ...(attempt.authorize ? { authorize: attempt.authorize } : {}), first: attempt.tokens[0]?.exchange.id === x.id };
}
