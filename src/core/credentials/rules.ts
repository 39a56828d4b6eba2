/** Rules about the credentials a request carried: cookies, Set-Cookie, credentials in the wrong place. */
import type { Rule } from "../rule.ts";

export const CREDENTIAL_RULES: readonly Rule[] = [];
