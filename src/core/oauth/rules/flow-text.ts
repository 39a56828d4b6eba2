/** Sentences and evidence about a sign-in attempt that the flow's rules share. Secrets are masked here. */
import { statusOf } from "../../exchange.ts";
import type { Evidence } from "../../findings.ts";
import { maskUrl, quote } from "../../text/describe.ts";
import type { RuleContext } from "../../rule.ts";
import type { FlowAuthorize, FlowResponse } from "../sign-in-flow.ts";

const MAX = 200;

export function shown(value: string, max = MAX): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** "the Location of a 302 (in the fragment)", "the request to the redirect URI (in the query)". */
export function carrierText(r: FlowResponse): string {
  const where = r.response.via === "form_post" ? "a form POST (response_mode=form_post)" : `the ${r.response.via}`;
  return r.response.carrier === "redirect" ? `the Location of a ${statusOf(r.exchange)} (in ${where})` : `the request to the redirect URI (in ${where})`;
}

/** "The sign-in started with GET /authorize on id.example.com (client_id …, redirect_uri …)." */
export function startedText(authorize: FlowAuthorize, ctx: RuleContext): string {
  const a = authorize.request;
  const parts = [`client_id ${quote(shown(a.clientId))}`, `response_type ${quote(shown(a.responseType, 60))}`];
  if (a.redirectUri !== undefined) parts.push(`redirect_uri ${quote(shown(maskUrl(a.redirectUri)))}`);
  if (a.scope !== undefined) parts.push(`scope ${quote(shown(a.scope))}`);
  return `The sign-in started with ${ctx.view(authorize.exchange).label} at ${new Date(authorize.exchange.observedAt).toISOString()} (${parts.join(", ")}).`;
}

export function authorizeEvidence(authorize: FlowAuthorize | undefined): Evidence[] {
  if (!authorize) return [];
  const a = authorize.request;
  return [
    { label: "Authorization endpoint", value: a.endpoint },
    { label: "client_id", value: shown(a.clientId) },
    ...(a.redirectUri !== undefined ? [{ label: "redirect_uri", value: shown(maskUrl(a.redirectUri), 2_000) }] : []),
  ];
}

/**
 * The other exchanges that carried the same response (the request to the redirect URI after the
 * provider's redirect): a finding about the response is listed on each. The authorization request
 * is not named: it went through, and the Timeline's sign-in flow links it.
 */
export function relatedOf(carriers: readonly FlowResponse[], id: string): string[] {
  return [...new Set(carriers.map((r) => r.exchange.id))].filter((other) => other !== id);
}
