/**
 * Rules of the CORS protocol (Fetch §3.2, §4.8, §4.9) over an exchange and its preflight: one
 * finding per failed check in the browser's order, `cors.blocked` where the capture cannot say
 * why, and why a preflight was sent at all.
 */
import type { Rule } from "../rule.ts";
import { corsBlockedRule } from "./blocked.ts";
import { corsChecksRule } from "./checks-rule.ts";
import { corsPreflightBlockedByAuthRule } from "./preflight-blocked-by-auth.ts";
import { corsPreflightTriggerRule } from "./preflight-trigger.ts";

export const CORS_RULES: readonly Rule[] = [corsPreflightBlockedByAuthRule, corsChecksRule, corsBlockedRule, corsPreflightTriggerRule];
