/** Rules about OAuth 2.0 sign-ins and token endpoints (RFC 6749 §4.1, §5.2), one module each under rules/. */
import type { Rule } from "../rule.ts";
import { authorizationErrorRule } from "./rules/authorization-error.ts";
import { pkceMismatchRule } from "./rules/pkce-mismatch.ts";
import { stateMismatchRule } from "./rules/state-mismatch.ts";
import { tokenErrorRule } from "./rules/token-error.ts";

/** The sign-in flow's rules (authorization request → response → code exchange) come first: they name causes the token endpoint's error only states. */
export const OAUTH_RULES: readonly Rule[] = [authorizationErrorRule, pkceMismatchRule, stateMismatchRule, tokenErrorRule];
