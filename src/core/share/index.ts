/** Sharing a capture safely: HAR export, cURL and fetch copies, Markdown reports; redacted by default. */
export { toCurl, shellQuote } from "./curl.ts";
export {
  type HarDocument,
  type HarEntryOut,
  type HarExport,
  type HarExportOptions,
  exportHar,
} from "./export-har.ts";
export { toFetch } from "./fetch.ts";
export { SIGNATURE_MARK, redactJose } from "./jose.ts";
export { diagnosisToMarkdown } from "./markdown.ts";
export { type RedactedExchange, redactExchange, shareable } from "./redact-exchange.ts";
export { REDACTED, type RedactionItem, SECRET_PARAMS, type ShareOptions } from "./rules.ts";
export { type ScreenHeader, type ScreenListFields, type ScreenRow, mapStrings, screenDetail, screenListFields, screenRow, screenTitle, screenUrl } from "./screen.ts";
export { textScrubber } from "./scrub.ts";
