/**
 * What well-known servers and libraries say when they refuse a token for who it is: issued for
 * another audience (RFC 7519 §4.1.3), by an issuer they do not trust (§4.1.1), signed with a key
 * they do not have (RFC 7515 §4.1.4, RFC 7517), or with a signature that does not verify
 * (RFC 7515 §5.2). These are the vendor table's entries for the four codes (vendors/), in its
 * priority order; expiry is not among them: auth.token-expired reads exp itself, and where it
 * cannot, auth.bearer-invalid-token quotes the server's words.
 */
import { isIdentityCode, VENDOR_TABLE } from "../vendors/index.ts";
import type { TokenIdentityCode, VendorEntry } from "../vendors/types.ts";

export type { TokenIdentityCode } from "../vendors/types.ts";

export interface ServerReason extends VendorEntry {
  readonly code: TokenIdentityCode;
}

export const SERVER_REASONS: readonly ServerReason[] = VENDOR_TABLE.filter((e): e is ServerReason => isIdentityCode(e.code));
