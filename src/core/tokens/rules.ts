/** Rules about the tokens found in an exchange: JWT, JWE, Basic, opaque; their times. */
import type { Rule } from "../rule.ts";

export const TOKEN_RULES: readonly Rule[] = [];
