/**
 * A sign-in shown as steps, each with its status: the authorization request, the response back
 * at the redirect URI, the code exchange and the tokens it issued, the API calls that presented
 * the access token, and the refreshes that followed (refresh token rotation followed up to
 * MAX_REFRESHES). The detail's Timeline section and the CLI's report render it; nothing here
 * decides more than the rules already did.
 *
 * Secrets (codes, verifiers, tokens, client secrets) are carried as FlowSecret: their masked
 * form (text/mask.ts) and the value itself, which the panel's screening drops unless the user
 * shows secrets (share/screen.ts). URLs are masked the same way (share/values.ts). state, nonce
 * and code_challenge are not secrets of the user: they stay visible, as the rules show them.
 */
import { Capture } from "../analysis/capture.ts";
import type { CaptureLookup } from "../capture-lookup.ts";
import { type CaptureFacts, DEFAULT_OPTIONS } from "../options.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import { SCREEN_MASK } from "../share/rules.ts";
import { redactExchange } from "../share/redact-exchange.ts";
import { textScrubber } from "../share/scrub.ts";
import { redactUrl } from "../share/values.ts";
import { maskSecret } from "../text/mask.ts";
import { isoOf } from "../text/time.ts";
import { requestRef } from "../text/describe.ts";
import { fnv1a64 } from "../tokens/hash.ts";
import { timelineOfHash } from "../tokens/timeline.ts";
import { redirectMismatchIn } from "./authorization-errors.ts";
import { grantUses } from "./grant-reuse.ts";
import { checkPkce } from "./pkce.ts";
import { attemptOf, type FlowAttempt, SIGN_INS, signInPartOf } from "./sign-in-flow.ts";
import { GRANT } from "./token-errors.ts";
import { type Issued, issuedBy } from "./token-response.ts";
import { clientAuthentication, type TokenRequest, tokenRequestOf } from "./token-request.ts";

/** A secret as shown: masked, and the value itself until the view screens it out. */
export interface FlowSecret {
  readonly masked: string;
  readonly value?: string;
}

export type FlowStepKind = "authorize" | "response" | "token" | "api" | "refresh";
export type FlowStepStatus = "ok" | "warning" | "failed";

export interface FlowItem {
  readonly label: string;
  /** A value that is no secret (state, scope, a verdict). */
  readonly text?: string;
  readonly secret?: FlowSecret;
}

export interface FlowStep {
  readonly step: FlowStepKind;
  readonly title: string;
  readonly exchangeId: string;
  readonly iso: string;
  readonly method: string;
  readonly url: FlowSecret;
  /** The response status, 0 where none came. */
  readonly httpStatus: number;
  readonly status: FlowStepStatus;
  /** Why the status is not "ok", in a sentence. */
  readonly note?: string;
  readonly items: readonly FlowItem[];
}

export interface SignInFlow {
  readonly clientId?: string;
  readonly authorizationEndpoint?: string;
  readonly redirectUri: string;
  readonly steps: readonly FlowStep[];
  /** API calls that presented a token of this sign-in and are not listed (beyond MAX_API_CALLS). */
  readonly apiCallsOmitted: number;
}

const MAX_API_CALLS = 8;
const MAX_REFRESHES = 10;
/** How far back a token is traced to the sign-in that issued it (refresh after refresh). */
const MAX_TRACE = 12;

type Lookup = Pick<CaptureLookup, "lookup" | "exchange">;

const ignore = (): void => {};

function secret(value: string): FlowSecret {
  return { masked: maskSecret(value), value };
}

/**
 * A step's URL as that step's own row shows it: the policy's masks, and then its exchange's other
 * secrets scrubbed too (share/screen.ts). oidc-provider's interaction id is both a path segment
 * and the value of its `_interaction_resume` cookie: the cookie's redaction must hide the path.
 */
function urlOf(x: Exchange): FlowSecret {
  const url = x.request.url;
  const scrub = textScrubber(redactExchange(x, SCREEN_MASK).secrets, SCREEN_MASK);
  return { masked: scrub(redactUrl(url, ignore, SCREEN_MASK)), value: url };
}

function baseStep(x: Exchange, step: FlowStepKind, title: string): Omit<FlowStep, "status" | "items"> {
  return { step, title, exchangeId: x.id, iso: isoOf(x.observedAt), method: x.request.method, url: urlOf(x), httpStatus: statusOf(x) };
}

function httpFailed(x: Exchange): boolean {
  const s = statusOf(x);
  return s === 0 || s >= 400;
}

function issuedItems(issued: Issued): FlowItem[] {
  const items: FlowItem[] = [];
  if (issued.accessToken !== undefined) items.push({ label: "access_token", secret: secret(issued.accessToken) });
  if (issued.idToken !== undefined) items.push({ label: "id_token", secret: secret(issued.idToken) });
  if (issued.refreshToken !== undefined) items.push({ label: "refresh_token", secret: secret(issued.refreshToken) });
  if (issued.expiresIn !== undefined) items.push({ label: "expires_in", text: `${issued.expiresIn} s` });
  if (issued.scope !== undefined) items.push({ label: "scope", text: issued.scope });
  if (issued.error !== undefined) items.push({ label: "error", text: issued.errorDescription !== undefined ? `${issued.error}: ${issued.errorDescription}` : issued.error });
  return items;
}

/** RFC 6749 §2.1: a browser app is a public client; a secret it sends is readable by anyone using it. */
function clientSecretNote(x: Exchange, req: TokenRequest): string | undefined {
  const origin = headerValue(x.request.headers, "origin");
  if (origin === undefined || origin === "null") return undefined;
  const auth = clientAuthentication(x, req);
  if (auth.method !== "basic" && auth.method !== "secret-in-body") return undefined;
  const how = auth.method === "basic" ? "HTTP Basic client credentials" : "a client_secret in the body";
  return `Sent ${how} from a browser page (Origin ${origin}): anyone using the app can read that secret. A browser app is a public client (RFC 6749 §2.1): register it as one (SPA, no secret) and use PKCE.`;
}

function tokenStep(x: Exchange, attempt: FlowAttempt, index: number, title: string): FlowStep {
  const req = tokenRequestOf(x);
  const items: FlowItem[] = [{ label: "grant_type", text: req.grantType ?? "unknown" }];
  const code = req.params.get("code");
  if (code !== undefined) items.push({ label: "code", secret: secret(code) });
  const verifier = req.params.get("code_verifier");
  if (verifier !== undefined) items.push({ label: "code_verifier", secret: secret(verifier) });
  const clientSecret = req.params.get("client_secret");
  if (clientSecret !== undefined) items.push({ label: "client_secret", secret: secret(clientSecret) });
  const notes: string[] = [];
  let status: FlowStepStatus = httpFailed(x) ? "failed" : "ok";
  const a = attempt.authorize?.request;
  if (a && index === 0) {
    const verdict = checkPkce(a.codeChallenge, a.codeChallengeMethod, verifier);
    const pkce: Record<typeof verdict.kind, string> = {
      unused: "not used",
      match: `the code_verifier answers the code_challenge (${a.codeChallengeMethod ?? "plain"})`,
      mismatch: "the code_verifier does not answer the code_challenge",
      "method-disagrees": "the code_challenge_method declared is not the one used",
      "verifier-missing": "a code_challenge was sent, no code_verifier",
      "challenge-missing": "a code_verifier was sent, no code_challenge",
      "unknown-method": "the code_challenge_method is not S256 or plain",
    };
    items.push({ label: "PKCE", text: pkce[verdict.kind] });
    if (verdict.kind === "mismatch" || verdict.kind === "method-disagrees") {
      status = "failed";
      notes.push(`PKCE: ${pkce[verdict.kind]}.`);
    }
  }
  if (index > 0) {
    status = "failed";
    notes.push("The same code was exchanged before: codes are single-use (RFC 6749 §4.1.2).");
  }
  const secretNote = clientSecretNote(x, req);
  if (secretNote !== undefined) {
    notes.push(secretNote);
    if (status === "ok") status = "warning";
  }
  items.push(...issuedItems(issuedBy(x)));
  return { ...baseStep(x, "token", title), status, ...(notes.length > 0 ? { note: notes.join(" ") } : {}), items };
}

/**
 * Another sign-in to the same redirect URI whose authorization request went out after this one's
 * and before this one's response came back: a client that keeps one state (and one verifier) at
 * a time has replaced this attempt's by then (RFC 6749 §10.12 asks it to bind state to the attempt).
 */
function overtakenBy(attempt: FlowAttempt, siblings: readonly FlowAttempt[]): FlowAttempt["authorize"] {
  const start = attempt.authorize?.exchange.observedAt;
  const answer = attempt.responses[0]?.exchange.observedAt;
  if (start === undefined || answer === undefined) return undefined;
  return siblings.find((b) => b !== attempt && b.authorize !== undefined && b.authorize.exchange.observedAt > start && b.authorize.exchange.observedAt < answer)?.authorize;
}

function attemptSteps(attempt: FlowAttempt, siblings: readonly FlowAttempt[]): FlowStep[] {
  const overtaken = overtakenBy(attempt, siblings);
  const steps: FlowStep[] = [];
  const a = attempt.authorize;
  if (a) {
    const r = a.request;
    const items: FlowItem[] = [
      { label: "response_type", text: r.responseType },
      { label: "client_id", text: r.clientId },
      ...(r.redirectUri !== undefined ? [{ label: "redirect_uri", text: r.redirectUri }] : []),
      ...(r.scope !== undefined ? [{ label: "scope", text: r.scope }] : []),
      { label: "state", text: r.state ?? "(none)" },
      ...(r.nonce !== undefined ? [{ label: "nonce", text: r.nonce }] : []),
      { label: "PKCE", text: r.codeChallenge !== undefined ? `code_challenge ${r.codeChallenge} (${r.codeChallengeMethod ?? "plain"})` : "no code_challenge" },
    ];
    const page = redirectMismatchIn(a.exchange.response?.body?.text ?? "");
    const failed = httpFailed(a.exchange) || page !== undefined;
    steps.push({
      ...baseStep(a.exchange, "authorize", "Authorization request"),
      status: failed ? "failed" : "ok",
      ...(page ? { note: `${page.provider} refused the redirect_uri: it is not registered for this client.` } : {}),
      items,
    });
  }
  for (const [i, { exchange, response: r }] of attempt.responses.entries()) {
    const items: FlowItem[] = [];
    if (r.code !== undefined) items.push({ label: "code", secret: secret(r.code) });
    if (r.accessToken !== undefined) items.push({ label: "access_token", secret: secret(r.accessToken) });
    if (r.idToken !== undefined) items.push({ label: "id_token", secret: secret(r.idToken) });
    if (r.error !== undefined) items.push({ label: "error", text: r.errorDescription !== undefined ? `${r.error}: ${r.errorDescription}` : r.error });
    items.push({ label: "state", text: r.state ?? "(none)" });
    if (r.iss !== undefined) items.push({ label: "iss", text: r.iss });
    const sent = a?.request.state;
    const stateOff = sent !== undefined && r.state !== sent;
    const raced = i === 0 && overtaken !== undefined;
    const status: FlowStepStatus = r.error !== undefined || httpFailed(exchange) ? "failed" : stateOff || raced ? "warning" : "ok";
    const notes = [
      r.error !== undefined ? `The authorization server refused the sign-in (error=${r.error}).` : undefined,
      stateOff ? "The state returned is not the one sent." : undefined,
      raced
        ? `Another sign-in started (${requestRef(overtaken.exchange)}, state ${overtaken.request.state ?? "none"}) before this response came back: a client that keeps one state and verifier at a time rejects this response or sends the other attempt's verifier.`
        : undefined,
    ].filter((n) => n !== undefined);
    const note = notes.length > 0 ? notes.join(" ") : undefined;
    const title = r.carrier === "redirect" ? "Redirect back to the app" : i === 0 || attempt.responses[i - 1]?.response.carrier === "request" ? "Authorization response at the redirect URI" : "Redirect URI loaded";
    steps.push({ ...baseStep(exchange, "response", title), status, ...(note !== undefined ? { note } : {}), items });
  }
  attempt.tokens.forEach((t, i) => {
    steps.push(tokenStep(t.exchange, attempt, i, i === 0 ? "Code exchanged for tokens" : "Code exchanged again"));
  });
  return steps;
}

function apiStep(x: Exchange, label: string): FlowStep {
  return { ...baseStep(x, "api", `API call with the ${label}`), status: httpFailed(x) ? "failed" : "ok", items: [] };
}

/** API calls that presented this token (by its hash, tokens/timeline.ts), as steps. */
function apiCalls(token: string | undefined, label: string, ctx: Lookup, budget: { left: number; omitted: number }): FlowStep[] {
  if (token === undefined) return [];
  const timeline = timelineOfHash(fnv1a64(token), ctx);
  const steps: FlowStep[] = [];
  for (const e of timeline?.events ?? []) {
    if (e.kind !== "used") continue;
    const x = ctx.exchange(e.exchangeId);
    if (!x) continue;
    if (budget.left <= 0) {
      budget.omitted++;
      continue;
    }
    budget.left--;
    steps.push(apiStep(x, label));
  }
  return steps;
}

/** The refreshes that followed, along the rotation chain: each refresh token's uses, and the one its first good use issued. */
function refreshSteps(first: string | undefined, ctx: Lookup, budget: { left: number; omitted: number }): FlowStep[] {
  const steps: FlowStep[] = [];
  const seen = new Set<string>();
  for (let rt = first, n = 0; rt !== undefined && n < MAX_REFRESHES && !seen.has(rt); n++) {
    seen.add(rt);
    const uses = grantUses(GRANT.refresh, rt, ctx);
    let next: string | undefined;
    uses.forEach((x, i) => {
      const issued = issuedBy(x);
      const req = tokenRequestOf(x);
      const items: FlowItem[] = [{ label: "refresh_token sent", secret: secret(rt!) }, ...issuedItems(issued)];
      const reused = i > 0;
      const failed = httpFailed(x);
      const note = reused
        ? `This refresh token was sent before (${requestRef(uses[0]!)}): with rotation it is void after its first use (RFC 9700 §4.14.2).`
        : undefined;
      const secretNote = clientSecretNote(x, req);
      steps.push({
        ...baseStep(x, "refresh", reused ? "Refresh with a refresh token already used" : "Refresh"),
        status: failed ? "failed" : reused || secretNote !== undefined ? "warning" : "ok",
        ...(note !== undefined || secretNote !== undefined ? { note: [note, secretNote].filter((s) => s !== undefined).join(" ") } : {}),
        items,
      });
      if (!failed && next === undefined) {
        steps.push(...apiCalls(issued.accessToken, "refreshed access token", ctx, budget));
        next = issued.refreshToken ?? (issued.accessToken !== undefined ? rt : undefined);
      }
    });
    // Without rotation the same refresh token serves again: its uses are all listed already.
    rt = next !== rt ? next : undefined;
  }
  return steps;
}

/** The sign-in attempt behind a token: the code exchange that issued it, through any refreshes. */
function attemptBehindToken(token: string, ctx: Lookup): ReturnType<typeof attemptOf> {
  let hash = fnv1a64(token);
  for (let depth = 0; depth < MAX_TRACE; depth++) {
    const issuedIn = timelineOfHash(hash, ctx)?.issuedIn;
    const issuer = issuedIn !== undefined ? ctx.exchange(issuedIn) : undefined;
    if (!issuer) return undefined;
    const req = tokenRequestOf(issuer);
    if (req.grantType === GRANT.code) return attemptOf(issuer, ctx, req);
    const rt = req.grantType === GRANT.refresh ? req.params.get("refresh_token") : undefined;
    if (rt === undefined) return undefined;
    hash = fnv1a64(rt);
  }
  return undefined;
}

/** Tokens this exchange presented or received, and the refresh token it sent: where to trace a sign-in from. */
function tracedTokens(x: Exchange): string[] {
  const out: string[] = [];
  const req = x.request.method === "POST" && x.request.body ? tokenRequestOf(x) : undefined;
  const rt = req?.grantType === GRANT.refresh ? req.params.get("refresh_token") : undefined;
  if (rt !== undefined) out.push(rt);
  const authorization = headerValue(x.request.headers, "authorization");
  const bearer = authorization !== undefined ? /^(?:bearer|dpop)\s+(\S+)/i.exec(authorization.trim())?.[1] : undefined;
  if (bearer !== undefined) out.push(bearer);
  return out;
}

/** The steps of one attempt and what followed it. */
export function flowOfAttempt(attempt: FlowAttempt, ctx: Lookup, siblings: readonly FlowAttempt[] = []): SignInFlow | undefined {
  const steps = attemptSteps(attempt, siblings);
  const budget = { left: MAX_API_CALLS, omitted: 0 };
  const exchanged = attempt.tokens.find((t) => !httpFailed(t.exchange));
  const issued = exchanged ? issuedBy(exchanged.exchange) : {};
  steps.push(...apiCalls(issued.accessToken ?? attempt.responses.find((r) => r.response.accessToken)?.response.accessToken, "access token", ctx, budget));
  steps.push(...refreshSteps(issued.refreshToken, ctx, budget));
  const a = attempt.authorize?.request;
  const redirectUri = a?.redirectUri ?? attempt.tokens[0]?.request.params.get("redirect_uri") ?? attempt.responses[0]?.response.target;
  if (redirectUri === undefined || steps.length === 0) return undefined;
  return {
    ...(a ? { clientId: a.clientId, authorizationEndpoint: a.endpoint } : {}),
    redirectUri,
    steps,
    apiCallsOmitted: budget.omitted,
  };
}

/** The sign-in this exchange takes part in (a step of it, an API call with its token, a refresh), as steps. */
export function signInFlowOf(x: Exchange, ctx: Lookup): SignInFlow | undefined {
  const found = attemptOf(x, ctx) ?? tracedTokens(x).map((token) => attemptBehindToken(token, ctx)).find((f) => f !== undefined);
  return found ? flowOfAttempt(found.attempt, ctx, ctx.lookup(SIGN_INS, found.part.key).attempts) : undefined;
}

/**
 * Every sign-in of a capture given as a list, in the order they started: for a report on the
 * whole capture (the CLI's). A capture without any sign-in part costs one cheap look at each exchange.
 */
export function signInFlowsOf(exchanges: readonly Exchange[], facts: CaptureFacts = {}): SignInFlow[] {
  try {
    return allFlows(exchanges, facts);
  } catch {
    // Nothing here should throw on a capture; the report's flows are extra, never its failure.
    return [];
  }
}

function allFlows(exchanges: readonly Exchange[], facts: CaptureFacts): SignInFlow[] {
  const keys = new Set<string>();
  for (const x of exchanges) {
    const key = signInPartOf(x)?.key;
    if (key !== undefined) keys.add(key);
  }
  if (keys.size === 0) return [];
  const capture = new Capture(facts, DEFAULT_OPTIONS, "arrival", false);
  capture.upsert(exchanges);
  const { ctx } = capture.context();
  const flows: { flow: SignInFlow; first: Exchange }[] = [];
  for (const key of keys) {
    const siblings = ctx.lookup(SIGN_INS, key).attempts;
    for (const attempt of siblings) {
      const flow = flowOfAttempt(attempt, ctx, siblings);
      const first = attempt.authorize?.exchange ?? attempt.responses[0]?.exchange ?? attempt.tokens[0]?.exchange;
      if (flow && first) flows.push({ flow, first });
    }
  }
  flows.sort((a, b) => (capture.precedes(a.first, b.first) ? -1 : capture.precedes(b.first, a.first) ? 1 : 0));
  return flows.map((f) => f.flow);
}
