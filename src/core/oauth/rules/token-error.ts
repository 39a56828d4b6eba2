/**
 * oauth.invalid-grant, oauth.invalid-client, oauth.token-error: a token request refused with an
 * RFC 6749 §5.2 error. The text names the grant the request used, the error and its
 * description, what the request itself shows (client authentication, redirect_uri, PKCE, an
 * earlier use of the same code or refresh token) and the likely causes for that grant.
 */
import { pathOf, quote, } from "../../text/describe.ts";
import { type Exchange, originOf, statusOf } from "../../exchange.ts";
import { type Evidence, type Finding, finding } from "../../findings.ts";
import { headerValue } from "../../headers.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { earlierUse } from "../grant-reuse.ts";
import { issuedBy } from "../token-response.ts";
import { maskSecret } from "../../text/mask.ts";
import { forGrant, GRANT, NORMAL_ROUNDS, TOKEN_ERRORS, type TokenErrorMeaning } from "../token-errors.ts";
import { type ClientAuthentication, clientAuthentication, refusedTokenRequest, type TokenRequest } from "../token-request.ts";

const MAX_SHOWN = 200;

function shown(value: string, max = MAX_SHOWN): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** An error code this table does not know: what RFC 6749 §5.2 says of every error. */
function unknownMeaning(error: string): TokenErrorMeaning {
  return {
    code: "oauth.token-error",
    meaning: `the authorization server refused the request with ${JSON.stringify(shown(error, 80))}, an error code that neither RFC 6749 §5.2 nor its registered extensions known to AuthLens define`,
    source: "RFC 6749 §5.2",
    causes: { "*": [] },
    fix: { "*": "Read the error_description (or the provider's documentation of this code) for the reason." },
  };
}

/** "grant_type=refresh_token", or why the grant is unknown. */
function grantText(req: TokenRequest): string {
  if (req.grantType !== undefined) return `grant_type=${shown(req.grantType, 80)}`;
  if (req.bodyKind === "absent") return "a body the capture does not hold (grant_type unknown)";
  if (req.bodyKind === "other") return "a body that is neither a form nor JSON (grant_type unknown)";
  return `a ${req.bodyKind === "json" ? "JSON" : "form"} body without grant_type`;
}

function clientText(auth: ClientAuthentication, req: TokenRequest): string {
  const id = auth.method === "basic" ? auth.clientId : req.params.get("client_id");
  const as = id !== undefined ? ` as client_id ${JSON.stringify(shown(id))}` : "";
  switch (auth.method) {
    case "basic":
      return `HTTP Basic (client_secret_basic)${as}`;
    case "secret-in-body":
      return `a client_secret in the body (client_secret_post)${as}`;
    case "assertion":
      return `a client_assertion (private_key_jwt or client_secret_jwt)${as}`;
    default:
      return id !== undefined ? `no client secret (a public client)${as}` : "no client authentication and no client_id";
  }
}

/**
 * What the earlier use of a refresh token shows about rotation: it issued a new refresh token
 * (so this one was void), and whether the two refreshes overlapped (two tabs or two requests
 * refreshing at once, the usual way a rotated token gets sent again).
 */
function rotationFacts(x: Exchange, earlier: Exchange, req: TokenRequest): string[] {
  const facts: string[] = [];
  const rotated = issuedBy(earlier).refreshToken;
  const sent = req.params.get("refresh_token");
  if (rotated !== undefined && rotated !== sent) {
    facts.push(`That earlier refresh issued a new refresh token (${maskSecret(rotated)}): the provider rotates refresh tokens, and the app kept sending the old one instead of storing the new.`);
  }
  const earlierEnd = earlier.durationMs !== undefined ? earlier.observedAt + earlier.durationMs : undefined;
  if (earlierEnd !== undefined && x.observedAt < earlierEnd) {
    facts.push("This refresh started before the earlier one was answered: two refreshes ran at once (two tabs, or two requests each refreshing on a 401).");
  }
  return facts;
}

/** What the request itself shows, as sentences: facts, not guesses. */
function requestFacts(x: Exchange, req: TokenRequest, error: string, ctx: RuleContext): string[] {
  const facts: string[] = [];
  const earlier = earlierUse(x, ctx);
  if (earlier && error === "invalid_grant") {
    const what = req.grantType === GRANT.code ? "authorization code" : "refresh token";
    const when = new Date(earlier.exchange.observedAt).toISOString();
    const answered = earlier.status > 0 ? `answered ${earlier.status}` : "no answer captured";
    facts.push(
      `The capture shows the same ${what} sent before, at ${when} (${earlier.exchange.request.method} ${pathOf(earlier.exchange.request.url)}, ${answered}): ` +
        (req.grantType === GRANT.code
          ? "a code is single-use (RFC 6749 §4.1.2), so this second exchange is refused."
          : "with refresh token rotation a refresh token is void once exchanged, and reusing it is refused (RFC 9700 §4.14.2)."),
    );
    if (req.grantType === GRANT.refresh) facts.push(...rotationFacts(x, earlier.exchange, req));
  }
  if (req.bodyKind === "json") {
    facts.push("The body was sent as JSON; RFC 6749 (§4.1.3, §6) requires application/x-www-form-urlencoded, and many servers read no parameter from a JSON body.");
  }
  if (req.grantType === GRANT.code) {
    const redirect = req.params.get("redirect_uri");
    facts.push(
      redirect !== undefined
        ? `It sent redirect_uri ${quote(shown(redirect))}, which must equal the authorization request's character for character.`
        : "It sent no redirect_uri: one is required when the authorization request carried one (RFC 6749 §4.1.3).",
    );
    facts.push(req.params.has("code_verifier") ? "It sent a PKCE code_verifier." : "It sent no PKCE code_verifier.");
  }
  if (error === "invalid_scope") {
    const scope = req.params.get("scope");
    facts.push(scope !== undefined ? `It asked for scope ${quote(shown(scope))}.` : "It sent no scope parameter.");
  }
  return facts;
}

function refused(x: Exchange, ctx: RuleContext): Finding[] {
  const refusal = refusedTokenRequest(x, ctx.view(x));
  if (!refusal) return [];
  const { request: req, answer } = refusal;
  const status = statusOf(x);
  const endpoint = `${originOf(x.request.url) ?? ""}${ctx.view(x).path}`;
  const grant = grantText(req);
  const base: Evidence[] = [
    { label: "Status", value: String(status) },
    { label: "Token endpoint", value: endpoint },
    { label: "grant_type", value: req.grantType !== undefined ? shown(req.grantType) : "unknown" },
  ];

  if (answer.kind !== "error") {
    const why =
      answer.kind === "absent"
        ? "the capture does not hold the response body, so its RFC 6749 §5.2 error code is unknown"
        : "its body carries no RFC 6749 §5.2 `error` member, so which check failed is unknown";
    return [
      finding("oauth.token-error", {
        detail: `${ctx.view(x).label}, a token request with ${grant}, was refused with ${status}; ${why}.`,
        evidence: [...base, { label: "error", value: answer.kind === "absent" ? "unknown (no response body captured)" : "(none in the body)" }],
        fix: `Read the response body of this request in the browser's Network panel (its \`error\` and \`error_description\` name the reason), or export the HAR with content so that AuthLens can read it.`,
      }),
    ];
  }
  if (NORMAL_ROUNDS.has(answer.error)) return [];

  const meaning = Object.hasOwn(TOKEN_ERRORS, answer.error) ? TOKEN_ERRORS[answer.error]! : unknownMeaning(answer.error);
  const auth = clientAuthentication(x, req);
  const facts = requestFacts(x, req, answer.error, ctx);
  const causes = [...(forGrant(meaning.causes, req.grantType) ?? [])];
  if (meaning.code === "oauth.invalid-client") facts.push(`The client authenticated with ${clientText(auth, req)}.`);
  if (meaning.browserCause !== undefined) {
    // A browser app cannot keep a secret: sent from page script without one, the registration is the likely cause.
    const origin = headerValue(x.request.headers, "origin");
    if (auth.method === "none" && origin !== undefined) {
      facts.push(`It came from page script at ${shown(origin)} without a client secret, as a browser app must.`);
      causes.unshift(meaning.browserCause);
    } else causes.push(meaning.browserCause);
  }
  const description = answer.description !== undefined ? `: ${quote(shown(answer.description, 300), 300)}` : "";
  const numbered = causes.map((c, i) => `(${i + 1}) ${c}`).join("; ");
  return [
    finding(meaning.code, {
      detail:
        `${ctx.view(x).label}, a token request with ${grant}, was refused with ${status} error="${shown(answer.error, 80)}"${description}. ` +
        `Under ${meaning.source} that means ${meaning.meaning}.` +
        (answer.uri !== undefined ? ` The server points to ${quote(shown(answer.uri))}.` : "") +
        (facts.length > 0 ? ` ${facts.join(" ")}` : "") +
        (numbered !== "" ? ` Likely causes${req.grantType !== undefined ? ` for ${shown(req.grantType, 80)}` : ""}: ${numbered}.` : ""),
      evidence: [
        ...base,
        { label: "error", value: shown(answer.error) },
        ...(answer.description !== undefined ? [{ label: "error_description", value: shown(answer.description, 2_000) }] : []),
        ...(answer.uri !== undefined ? [{ label: "error_uri", value: shown(answer.uri, 2_000) }] : []),
        { label: "Client authentication", value: clientText(auth, req) },
      ],
      fix: forGrant(meaning.fix, req.grantType) ?? "",
    }),
  ];
}

export const tokenErrorRule: Rule = { name: "oauth-token-error", run: refused };
