/** Rules from the WWW-Authenticate / Proxy-Authenticate challenge (RFC 9110 §11). */
import type { Rule } from "../rule.ts";

export const CHALLENGE_RULES: readonly Rule[] = [];
