/** What a request carried and what its response set, for the panel: plain, serialisable data. */
export { type AttachedSummary, summarizeAttached } from "./attached-summary.ts";
export { type SetCookieBreakdown, setCookiesOf } from "./set-cookie-breakdown.ts";
export type { CookieVisibility } from "./cookie-visibility.ts";
export type { TokenKind } from "../tokens/types.ts";
