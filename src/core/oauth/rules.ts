/** Rules about OAuth 2.0 token endpoints (RFC 6749 §3.2, §5.2), one module each under rules/. */
import type { Rule } from "../rule.ts";
import { tokenErrorRule } from "./rules/token-error.ts";

export const OAUTH_RULES: readonly Rule[] = [tokenErrorRule];
