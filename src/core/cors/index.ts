/** The CORS part of the core, for the panel and the CLI: reports, fixes, rules and Chromium's names. */
export { CHROMIUM_CORS_ERRORS, CHROMIUM_CORS_ERROR_TO_CODE, type ChromiumCorsError, codeForChromiumCorsError } from "./chromium.ts";
export { CORS_CHECKS } from "./checks/table.ts";
export type { CorsCheckSpec } from "./checks/check.ts";
export { type CorsFix, type CorsFixHeader, FIX_MAX_AGE_SECONDS } from "./fix.ts";
export { type CorsCheck, type CorsReport, corsReport } from "./report.ts";
export { CORS_RULES } from "./rules.ts";
