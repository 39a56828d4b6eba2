/**
 * One entry of the vendor table: how a gateway, identity provider or framework words a refusal,
 * what AuthLens reports it as, and what it means and how to fix it, in AuthLens's own words,
 * with the public page (the vendor's documentation or source code) it was learned from.
 */
import type { ServerMessage } from "../credentials/server-messages.ts";
import type { FindingCode } from "../findings.ts";

/** The token identity codes (FINDINGS.md v2): who the token is for, who issued it, which key signed it. */
export type TokenIdentityCode = "auth.token-audience-mismatch" | "auth.token-issuer-mismatch" | "auth.token-key-unknown" | "auth.token-signature-invalid";

/**
 * What an entry is reported as. The identity codes and `auth.vendor-reason` are emitted from the
 * server's words (tokens/rules/server-reason.ts, vendors/rule.ts); the others are judged by their
 * own rules from stronger evidence (the token's exp, the request's headers, the challenge's
 * error code), and an entry for them only keeps `auth.vendor-reason` from saying it again.
 */
export type VendorCode = Extract<
  FindingCode,
  TokenIdentityCode | "auth.vendor-reason" | "auth.token-expired" | "auth.token-not-yet-valid" | "auth.authorization-not-received" | "auth.bearer-insufficient-scope"
>;

/**
 * Where a server explains itself: its challenge, its error body, a header, the query of a redirect
 * back to the client, or (for a request made by page script) where it redirected the request to.
 */
export type VendorPlace = "error_description" | "response body" | "response header" | "redirect query" | "redirect location";

export interface VendorEntry extends ServerMessage {
  /** The product or library family, as a developer knows it ("AWS API Gateway", "Microsoft Entra ID"). */
  readonly vendor: string;
  readonly code: VendorCode;
  /**
   * Matched against the text of each place (the first match names the reason). Named groups
   * carry a value the server names: `expected` (the value it wants), `seen` (the value it read).
   */
  readonly pattern: RegExp;
  /**
   * Only these places; when absent, the challenge's error_description and the response body. An
   * identity provider's error that also travels in the redirect back to the client says so
   * ("redirect query"), so that a page's own `?error=` parameter is not read as a vendor's.
   */
  readonly places?: readonly VendorPlace[];
  /** The response header whose value `pattern` reads, for the "response header" place. */
  readonly header?: string;
  /** Only on these statuses (any 4xx, or a redirect carrying an error, when absent). */
  readonly status?: readonly number[];
  /** A response header that must be present and match, naming the product that answered (Kong's `Server`). */
  readonly answeredBy?: { readonly header: string; readonly pattern: RegExp };
  /**
   * Not when the request's Authorization used this scheme (lower case): a server's own page
   * refusing the credentials it asked for (a wrong Basic password) says no more than
   * auth.credentials-rejected does.
   */
  readonly unlessSentScheme?: string;
  /** What it means, in plain words. */
  readonly meaning: string;
  readonly fix: string;
  /** The vendor's public page (documentation or source) the entry was learned from, and the one to read. */
  readonly docs: string;
}

/** Entries of one vendor family, sharing its name and, by default, its docs page. */
export function family(vendor: string, docs: string, entries: readonly (Omit<VendorEntry, "vendor" | "docs"> & { readonly docs?: string })[]): readonly VendorEntry[] {
  return entries.map((e) => ({ ...e, vendor, docs: e.docs ?? docs }));
}
