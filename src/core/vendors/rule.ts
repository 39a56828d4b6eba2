/**
 * auth.vendor-reason: a gateway, identity provider or framework named why it refused or failed a
 * request, in words the vendor table knows, and no other code covers them. The finding names the
 * vendor, quotes its words (markup dropped, clipped), says what they mean and how to fix it, and
 * links the vendor's page. Entries that map to another code are left to the rule of that code
 * (tokens/rules/server-reason.ts for the token identity codes; the exp, header and challenge
 * rules for the rest), and so is a message the first matching entry gives to another code.
 */
import { clipped } from "../challenge/rules/shared.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { type Evidence, finding } from "../findings.ts";
import { isPreflight } from "../preflight.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { quote } from "../text/describe.ts";
import { maskAuthorization } from "../text/mask.ts";
import { VENDOR_TABLE } from "./index.ts";
import { redirectLocation } from "../cors/request-kind.ts";
import { redirectedFrom } from "../redirect-hops.ts";
import { errorQuery, findVendorReason, readableWords, type VendorMatch } from "./match.ts";
import type { VendorPlace } from "./types.ts";

/** How the server said it, after the request's label. */
function said(status: number, where: VendorPlace, words: string): string {
  const q = quote(words, 240);
  switch (where) {
    case "redirect query":
      return status >= 300 && status <= 399 ? `was redirected back with the error ${q}` : `arrived with the error ${q} from the authorization server`;
    case "redirect location":
      return `was redirected (${status}) to ${q}`;
    case "response header":
      return `was answered ${status} with the header value ${q}`;
    default:
      return `was answered ${status} and its ${where} says ${q}`;
  }
}

function evidenceOf(x: Exchange, ctx: RuleContext, match: VendorMatch, words: string): Evidence[] {
  const { entry } = match;
  const out: Evidence[] = [{ label: "Status", value: String(statusOf(x)) }];
  const challenge = ctx.view(x).challenge("WWW-Authenticate")?.value;
  if (challenge !== undefined) out.push({ label: "WWW-Authenticate", value: clipped(challenge) });
  out.push(
    { label: match.where === "response header" && entry.header !== undefined ? entry.header : "Server message", value: clipped(words, 600) },
    { label: "Vendor", value: entry.vendor },
    { label: "Message source", value: entry.source },
  );
  const auth = ctx.facts.credentialsStripped === undefined ? ctx.credentials(x).authorization : undefined;
  if (auth) out.push({ label: "Authorization (sent)", value: maskAuthorization(auth) });
  out.push({ label: "Vendor docs", value: entry.docs });
  return out;
}

/** Whether a redirect hop sent the browser on with an error in its Location's query. */
function carriedBy(hop: Exchange | undefined): boolean {
  if (!hop) return false;
  const status = statusOf(hop);
  return status >= 300 && status <= 399 && errorQuery(redirectLocation(hop)) !== undefined;
}

export const vendorReasonRule: Rule = {
  name: "vendor-reason",
  run(x, ctx) {
    if (isPreflight(x) || x.preflightFor !== undefined) return [];
    const match = findVendorReason(x, VENDOR_TABLE, ctx.view(x));
    if (match?.entry.code !== "auth.vendor-reason") return [];
    const { entry } = match;
    const status = statusOf(x);
    // One failure, one place: a redirect back to the client that the capture holds the hop of
    // (the authorization server's 3xx carrying the same error) is reported on that hop.
    if (match.where === "redirect query" && (status < 300 || status > 399) && carriedBy(redirectedFrom(x, ctx))) return [];
    const words = readableWords(match.text);
    // The vendor by name, unless its source already says it ("AWS API Gateway (…)").
    const who = entry.source.includes(entry.vendor) ? entry.source : `${entry.vendor}, ${entry.source}`;
    return [
      finding("auth.vendor-reason", {
        detail: `${ctx.view(x).label} ${said(status, match.where, words)}. ${who}: this means ${entry.meaning}.`,
        evidence: evidenceOf(x, ctx, match, words),
        fix: entry.fix,
        docs: [entry.docs],
      }),
    ];
  },
};
