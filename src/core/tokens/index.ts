/** Token decoding for the panel, the CLI and the rules: plain, serialisable data. */
export type { ClaimLine, FoundToken, TokenKind, TokenProblem, TokenTime } from "./types.ts";
export { decodeToken, type DecodeOptions } from "./decode.ts";
export { tokensOf } from "./tokens-of.ts";
export { presentedIn, timelinesOf, tokenTimeline, type TimelineEntry, type TimelineEvent, type TimelineEventKind } from "./timeline.ts";
export { headerMeaning } from "./claims.ts";
export { TOKEN_LIMITS } from "./limits.ts";
