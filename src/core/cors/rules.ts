/** Rules of the CORS protocol (Fetch §3.2, §4.8, §4.9) over an exchange and its preflight. */
import type { Rule } from "../rule.ts";
import { corsBlockedRule } from "./blocked.ts";

export const CORS_RULES: readonly Rule[] = [corsBlockedRule];
