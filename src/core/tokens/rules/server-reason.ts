/**
 * auth.token-audience-mismatch, auth.token-issuer-mismatch, auth.token-key-unknown and
 * auth.token-signature-invalid, as the server says them: a refused request (401/403) that carried
 * a token, whose challenge, error body or headers name the reason in a library's or product's
 * known words (the vendor table's entries for these codes, server-reasons.ts). The finding quotes
 * those words with their source and the vendor's page, and, where the token is
 * a JWT AuthLens can read, names the token's own aud / iss / kid / alg beside the value the
 * server expects when it names one.
 */
import { quote } from "../../text/describe.ts";
import { clipped } from "../../challenge/rules/shared.ts";
import { maskAuthorization } from "../../text/mask.ts";
import { type Exchange, statusOf } from "../../exchange.ts";
import { isPreflight } from "../../preflight.ts";
import { type Evidence, type Finding, finding } from "../../findings.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import type { ServerReason, TokenIdentityCode } from "../server-reasons.ts";
import { isIdentityCode, VENDOR_TABLE } from "../../vendors/index.ts";
import { findVendorReason, type VendorMatch } from "../../vendors/match.ts";
import type { TokenSource } from "../sources.ts";
import { tokenEvidence } from "../token-text.ts";
import type { FoundToken } from "../types.ts";

/** Where a refused credential may travel, in the order a server most likely read it. */
const SENT_SOURCES: readonly TokenSource[] = ["authorization", "header", "cookie"];

/** A claim or header parameter of the token, as text ("a, b" for an audience list). */
function tokenValue(t: FoundToken, where: "header" | "payload", name: string): string | undefined {
  const v = (where === "header" ? t.header : t.payload)?.[name];
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === "string")) return v.join(", ");
  return undefined;
}

interface ReasonText {
  /** What the server's words mean, after "its error_description says `…`, as <source> words it: …". */
  readonly meaning: string;
  /**
   * The token's own values worth naming, each with where it sits in the JWT; `always`: say so
   * when the token has none (a JWT without kid cannot name its key).
   */
  readonly values: readonly { readonly name: string; readonly where: "header" | "payload"; readonly always?: true }[];
  /** The name of the value the server expects or read, for "the server expects …". */
  readonly serverNames: string;
  readonly fix: (expected: string | undefined) => string;
}

/** One place per code for its words (explanations are data). */
export const TEXT: Readonly<Record<TokenIdentityCode, ReasonText>> = {
  "auth.token-audience-mismatch": {
    meaning: "the token was issued for another audience; its aud does not name this API (RFC 7519 §4.1.3)",
    values: [{ name: "aud", where: "payload", always: true }],
    serverNames: "audience",
    fix: (expected) =>
      `Ask the authorization server for a token meant for this API${expected !== undefined ? ` (${quote(expected)})` : ""}: ` +
      "pass the API's identifier as the `resource` parameter (RFC 8707) or as the provider's audience setting (Auth0 `audience`, a scope of the API in Microsoft Entra ID or Okta, an audience mapper in Keycloak), " +
      "and check that the API is configured with the same identifier, character for character. A token issued for another API is not meant to be accepted here.",
  },
  "auth.token-issuer-mismatch": {
    meaning: "the token was issued by an authorization server this API does not trust; its iss is not the issuer the API is configured with (RFC 7519 §4.1.1)",
    values: [{ name: "iss", where: "payload", always: true }],
    serverNames: "issuer",
    fix: (expected) =>
      `Get the token from the issuer this API trusts${expected !== undefined ? ` (${quote(expected)})` : ""}. ` +
      "The usual cause is an environment mix-up (a token from the dev or staging sign-in sent to the production API, or the other way round) or a wrong authority / issuer URL in the client's or the API's settings; " +
      "the issuer must match exactly, trailing slash and tenant or realm path included (RFC 9068 §4).",
  },
  "auth.token-key-unknown": {
    meaning: "the token's signing key, named by its kid (RFC 7515 §4.1.4), is not among the keys the server holds for the issuer (RFC 7517)",
    values: [
      { name: "kid", where: "header", always: true },
      { name: "alg", where: "header" },
      { name: "iss", where: "payload" },
    ],
    serverNames: "key id",
    fix: () =>
      "If the issuer rotated its signing keys, let the API fetch its JWKS again (a JWKS cache that outlives a rotation, or a key list copied into the configuration, keeps only the old keys); " +
      "if the token comes from another environment or tenant, whose keys this API never had, get one from the issuer this API trusts; " +
      "and check that the API reads the issuer's own jwks_uri (RFC 8414 §2).",
  },
  "auth.token-signature-invalid": {
    meaning: "the token's signature does not verify with the key the server holds (RFC 7515 §5.2)",
    values: [
      { name: "alg", where: "header", always: true },
      { name: "kid", where: "header" },
      { name: "iss", where: "payload" },
    ],
    serverNames: "value",
    fix: () =>
      "Check that the API verifies with the right key: the issuer's current public key (or, for HS256, the same shared secret the issuer signs with; secrets differ between environments). " +
      "A token from another environment signed under the same kid fails this way, and so does a token changed on its way (edited, re-encoded or cut by a proxy or a copy and paste). " +
      "Do not turn the signature check off to make it pass.",
  },
};

function isServerReason(m: VendorMatch): m is VendorMatch<ServerReason> {
  return isIdentityCode(m.entry.code);
}

/** The JWT the request sent, from the first place a server reads one. */
function sentJwt(x: Exchange, ctx: RuleContext): FoundToken | undefined {
  const tokens = tokensIn(x, ctx);
  for (const source of SENT_SOURCES) {
    const found = tokens.find((l) => l.source === source && (l.token.payload !== undefined || l.token.header !== undefined));
    if (found) return found.token;
  }
  return undefined;
}

/**
 * Whether the request carried a token the server can have judged (or the capture hid what it
 * carried). Basic credentials (RFC 7617) have no audience, issuer or signing key; a placeholder
 * (`Bearer undefined`) is its own finding.
 */
function carriedToken(x: Exchange, ctx: RuleContext): boolean {
  if (ctx.facts.credentialsStripped !== undefined) return true;
  const auth = ctx.credentials(x).authorization;
  if (auth && auth.scheme.toLowerCase() !== "basic") return ctx.view(x).placeholder === undefined;
  return tokensIn(x, ctx).some((l) => SENT_SOURCES.includes(l.source) && l.token.kind !== "basic");
}

/** " The token sent is a JWT: its aud is `x`; the server expects `y`." and the server's values as evidence. */
function tokenFacts(t: FoundToken | undefined, text: ReasonText, match: VendorMatch<ServerReason>, stripped: boolean): { sentence: string; evidence: Evidence[] } {
  const expected = match.groups?.expected;
  const seen = match.groups?.seen;
  const evidence: Evidence[] = [];
  const server: string[] = [];
  if (expected !== undefined) {
    server.push(`the server expects ${quote(expected)}`);
    evidence.push({ label: `Expected ${text.serverNames} (server)`, value: expected });
  }
  if (seen !== undefined) {
    server.push(`the server read ${quote(seen)} from the token`);
    evidence.push({ label: `The token's ${text.serverNames} (server)`, value: seen });
  }
  const said = server.length > 0 ? server.join(", ") : undefined;
  if (!t) {
    const unseen = stripped ? "The capture does not show the token itself (credentials were stripped from it)." : "The token sent is not a JWT AuthLens can read, so its own values cannot be shown.";
    return { sentence: ` ${said !== undefined ? `${said.charAt(0).toUpperCase()}${said.slice(1)}. ` : ""}${unseen}`, evidence };
  }
  // The token's own values come from tokenEvidence (its header line and key claims).
  const parts: string[] = [];
  for (const { name, where, always } of text.values) {
    const v = tokenValue(t, where, name);
    if (v !== undefined) parts.push(`its ${name} is ${quote(v)}`);
    else if (always) parts.push(`it has no ${name}`);
  }
  return { sentence: ` The token sent is a JWT: ${parts.join(", ")}${said !== undefined ? `; ${said}` : ""}.`, evidence };
}

export const serverReasonRule: Rule = {
  name: "token-server-reason",
  run(x, ctx) {
    const status = statusOf(x);
    if ((status !== 401 && status !== 403) || isPreflight(x) || x.preflightFor !== undefined) return [];
    // The whole table is read, so a message another entry words more precisely (an AADSTS
    // code's "invalid signature" of a client assertion) is not taken for one of the four.
    const found = findVendorReason(x, VENDOR_TABLE, ctx.view(x));
    if (!found || !isServerReason(found) || !carriedToken(x, ctx)) return [];
    const match = found;
    const code = match.entry.code;
    const text = TEXT[code];
    const stripped = ctx.facts.credentialsStripped !== undefined;
    const t = stripped ? undefined : sentJwt(x, ctx);
    const { sentence, evidence } = tokenFacts(t, text, match, stripped);
    const challenge = ctx.view(x).challenge("WWW-Authenticate")?.value;
    const auth = stripped ? undefined : ctx.credentials(x).authorization;
    const out: Finding = finding(code, {
      detail: `${ctx.view(x).label} was refused with ${status}: its ${match.where} says ${quote(match.text)}, as ${match.entry.source} words it: ${text.meaning}.${sentence}`,
      evidence: [
        { label: "Status", value: String(status) },
        ...(challenge !== undefined ? [{ label: "WWW-Authenticate", value: clipped(challenge) }] : []),
        { label: "Server message", value: clipped(match.text) },
        { label: "Message source", value: match.entry.source },
        ...evidence,
        ...(t ? tokenEvidence(t, ctx.view(x).tokenText) : auth ? [{ label: "Authorization (sent)", value: maskAuthorization(auth) }] : []),
      ],
      fix: text.fix(match.groups?.expected),
      docs: [match.entry.docs],
    });
    return [out];
  },
};
