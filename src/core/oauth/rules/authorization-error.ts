/**
 * oauth.authorization-error: the authorization server refused the sign-in. Either its
 * authorization response carried `error=` (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6), reported on
 * the first exchange that carried it (the provider's redirect, else the request to the redirect
 * URI), or it showed an error page naming a redirect URI it does not know, which it must do
 * instead of redirecting (RFC 6749 §3.1.2.4), in its own words (redirect-mismatch wording per
 * provider: authorization-errors.ts).
 */
import { redirectLocation } from "../../cors/request-kind.ts";
import { type Exchange, statusOf } from "../../exchange.ts";
import { type Evidence, type Finding, finding } from "../../findings.ts";
import { redirectChain } from "../../redirect-hops.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { maskUrl, quote } from "../../text/describe.ts";
import { type AuthorizationRequest, authorizationRequestOf } from "../authorization.ts";
import { AUTHORIZATION_ERRORS, type AuthorizationErrorMeaning, ENTRA_AUTHORIZATION_CODES, entraCodeIn, type RedirectMismatchPage, redirectMismatchIn } from "../authorization-errors.ts";
import { responseInAttempt } from "../sign-in-flow.ts";
import { authorizeEvidence, carrierText, relatedOf, shown, startedText } from "./flow-text.ts";

const ERROR_PARAM = /[?#&]error=/;

function unknownMeaning(error: string): AuthorizationErrorMeaning {
  return {
    meaning: `the authorization server refused the request with ${JSON.stringify(shown(error, 80))}, an error code neither RFC 6749 nor OpenID Connect Core defines`,
    source: "RFC 6749 §4.1.2.1",
    causes: [],
    fix: "Read the error_description (or the provider's documentation of this code) for the reason.",
  };
}

/** What the error_description adds: a redirect URI the provider does not know, or an Entra ID code. */
function descriptionFacts(description: string | undefined): { facts: string[]; page?: RedirectMismatchPage } {
  if (description === undefined) return { facts: [] };
  const facts: string[] = [];
  const page = redirectMismatchIn(description);
  const entra = entraCodeIn(description);
  if (entra !== undefined && Object.hasOwn(ENTRA_AUTHORIZATION_CODES, entra)) facts.push(`Microsoft Entra ID's AADSTS${entra} means ${ENTRA_AUTHORIZATION_CODES[entra]}.`);
  else if (page) facts.push(`That is ${page.provider}'s wording for a redirect URI not registered for this client.`);
  return page ? { facts, page } : { facts };
}

function fromResponse(x: Exchange, ctx: RuleContext): Finding[] {
  const info = responseInAttempt(x, ctx);
  // Reported on the first exchange that carried the response; the others get a copy.
  if (!info || info.response.error === undefined || info.carriers[0]?.exchange.id !== x.id) return [];
  const { authorize, response: r, carriers } = info;
  const error = r.error!;
  const known = Object.hasOwn(AUTHORIZATION_ERRORS, error);
  // An `error` parameter on a page no sign-in of the capture went to is only a response when it reads as one.
  if (!authorize && !(known && (r.state !== undefined || r.errorDescription !== undefined || r.iss !== undefined))) return [];
  const meaning = known ? AUTHORIZATION_ERRORS[error]! : unknownMeaning(error);
  const first = carriers[0]!;
  const { facts, page } = descriptionFacts(r.errorDescription);
  if (authorize) facts.push(startedText(authorize, ctx));
  else facts.push("The capture does not hold the authorization request that started this sign-in.");
  const causes = page ? [`the redirect_uri is not registered for this client in ${page.setting}`, ...meaning.causes] : meaning.causes;
  const numbered = causes.map((c, i) => `(${i + 1}) ${c}`).join("; ");
  const description = r.errorDescription !== undefined ? `: ${quote(shown(r.errorDescription, 300), 300)}` : "";
  const evidence: Evidence[] = [
    { label: "error", value: shown(error) },
    ...(r.errorDescription !== undefined ? [{ label: "error_description", value: shown(r.errorDescription, 2_000) }] : []),
    ...(r.errorUri !== undefined ? [{ label: "error_uri", value: shown(r.errorUri, 2_000) }] : []),
    { label: "Carried in", value: carrierText(first) },
    ...authorizeEvidence(authorize),
  ];
  return [
    finding("oauth.authorization-error", {
      detail:
        `${ctx.view(x).label} carried the authorization response error="${shown(error, 80)}"${description}, in ${carrierText(first)}. ` +
        `Under ${meaning.source} that means ${meaning.meaning}. ${facts.join(" ")}` +
        (numbered !== "" ? ` Likely causes: ${numbered}.` : ""),
      evidence,
      fix: page ? `Add the exact redirect_uri the app sends to ${page.setting}, or make the app send one listed there (scheme, host, port, path and trailing slash must all match).` : meaning.fix,
      related: relatedOf(carriers, x.id),
    }),
  ];
}

/** The authorization request behind this exchange: itself, or one its redirects started from. */
function authorizationBehind(x: Exchange, ctx: RuleContext): { exchange: Exchange; request: AuthorizationRequest } | undefined {
  const own = authorizationRequestOf(x);
  if (own) return { exchange: x, request: own };
  for (const hop of redirectChain(x, ctx)) {
    const request = authorizationRequestOf(hop);
    if (request) return { exchange: hop, request };
  }
  return undefined;
}

/** Wording worth testing: cheap words every provider's page has, before the provider patterns run. */
const MISMATCH_HINT = /redirect|callback|AADSTS50011/i;

function fromErrorPage(x: Exchange, ctx: RuleContext): Finding[] {
  // The provider answers the authorization request itself (or a page it redirects to) instead of redirecting back.
  if (redirectLocation(x) !== undefined) return [];
  const body = x.response?.body?.text ?? "";
  const url = x.request.url;
  const text = `${ERROR_PARAM.test(url) ? url : ""}\n${body}`;
  if (!MISMATCH_HINT.test(text)) return [];
  const page = redirectMismatchIn(text);
  if (!page) return [];
  const behind = authorizationBehind(x, ctx);
  if (!behind) return [];
  const a = behind.request;
  const sent = a.redirectUri !== undefined ? `redirect_uri ${quote(shown(maskUrl(a.redirectUri)))}` : "no redirect_uri (the provider used a registered default)";
  const via = behind.exchange.id === x.id ? "" : ` after ${ctx.view(behind.exchange).label} redirected there`;
  return [
    finding("oauth.authorization-error", {
      detail:
        `${ctx.view(x).label} answered ${statusOf(x)} with ${page.provider}'s error page for a redirect URI it does not know${via}. ` +
        `The authorization request sent ${sent} for client_id ${quote(shown(a.clientId))}; the provider compares it character for character with the registered ones ` +
        "and, finding none, shows this page instead of redirecting (RFC 6749 §3.1.2.4). Typical differences: http vs https, another port, a trailing slash, another path, or the redirect URI of another environment.",
      evidence: [{ label: "Provider", value: page.provider }, ...authorizeEvidence(behind), { label: "Wording documented at", value: page.source }],
      fix: `Add the exact redirect_uri the app sends to ${page.setting}, or make the app send one listed there.`,
      ...(behind.exchange.id !== x.id ? { related: [behind.exchange.id] } : {}),
    }),
  ];
}

function run(x: Exchange, ctx: RuleContext): Finding[] {
  const location = redirectLocation(x);
  if (ERROR_PARAM.test(location ?? "") || ERROR_PARAM.test(x.request.url) || (x.request.method === "POST" && /(^|&)error=/.test(x.request.body?.text ?? ""))) {
    const found = fromResponse(x, ctx);
    if (found.length > 0) return found;
  }
  // Providers show these pages as HTML (or answer the authorization request itself): JSON API bodies are not read.
  const body = x.response?.body;
  const page = body !== undefined && (/html/i.test(body.mimeType) || x.request.url.includes("response_type="));
  return page || ERROR_PARAM.test(x.request.url) ? fromErrorPage(x, ctx) : [];
}

export const authorizationErrorRule: Rule = { name: "oauth-authorization-error", run };
