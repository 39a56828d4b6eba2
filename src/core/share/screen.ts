/**
 * What the panel shows of a request: core's display model, already redacted and made readable,
 * so no view decides what is secret and none can forget a surface. With *Show secrets* off,
 * the exchange goes through the same redaction as every export (rules.ts), with the screen's
 * 4-character masks, and every text built from it (findings, the summary, the detail's
 * sections) is scrubbed of what that redaction removed. With it on, the masks core wrote into
 * those texts are put back to the values (reveal.ts): one policy, hidden or shown everywhere. Shown or not, every captured string is
 * made visible: bidi and invisible controls become escapes (text/visible.ts).
 */
import type { ExchangeDetail } from "../detail.ts";
import type { FlowSecret, SignInFlow } from "../oauth/flow-steps.ts";
import type { Diagnosis } from "../diagnose.ts";
import type { HeaderList } from "../headers.ts";
import type { RowSummary } from "../summary.ts";
import { visibleText } from "../text/visible.ts";
import { redactExchange } from "./redact-exchange.ts";
import { revealer } from "./reveal.ts";
import { SCREEN_MASK } from "./rules.ts";
import { textScrubber } from "./scrub.ts";
import { redactUrl } from "./values.ts";

/** One header as the panel shows it; `masked` says the value on screen is not the value sent. */
export interface ScreenHeader {
  readonly name: string;
  readonly value: string;
  readonly masked: boolean;
}

export interface ScreenRow {
  /** The diagnosis with its exchange and findings as shown. */
  readonly diagnosis: Diagnosis;
  readonly summary: RowSummary;
  /** Request and response headers as shown, in order. */
  readonly headers: { readonly request: readonly ScreenHeader[]; readonly response: readonly ScreenHeader[] };
  /** Makes any other text about this request safe to show (the detail's sections). */
  readonly text: (text: string) => string;
  /** The user chose to see secrets: values kept beside their masks (a sign-in flow's) stay. */
  readonly secretsShown: boolean;
}

/** Members that are identifiers, not text: never rewritten, so selection and lookups keep working. */
const IDENTIFIERS: ReadonlySet<string> = new Set(["id", "hash", "exchangeId", "preflightId", "preflightFor", "code", "severity", "kind", "part"]);

/** Every string inside plain data (objects, arrays, maps, sets), rewritten by `f`; the rest as it was. */
export function mapStrings<T>(value: T, f: (s: string) => string, depth = 0): T {
  if (typeof value === "string") return f(value) as T;
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f, depth + 1)) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, mapStrings(v, f, depth + 1)])) as T;
  if (value instanceof Set) return new Set([...value].map((v) => mapStrings(v, f, depth + 1))) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = IDENTIFIERS.has(k) && typeof v === "string" ? v : mapStrings(v, f, depth + 1);
  return out as T;
}

/** `redacted` is the header list after redaction (same order as `sent`); `text` makes each string showable. */
function screenHeaders(redacted: HeaderList, sent: HeaderList, text: (s: string) => string): ScreenHeader[] {
  return redacted.map((h, i) => {
    const value = text(h.value);
    const original = sent[i]?.value ?? "";
    return { name: text(h.name), value, masked: h.value !== original || (value !== original && value !== visibleText(original)) };
  });
}

/** A row as the panel shows it; `showSecrets` is the user's explicit choice to see credentials. */
export function screenRow(d: Diagnosis, summary: RowSummary, showSecrets: boolean): ScreenRow {
  if (showSecrets) {
    // The texts were masked where core wrote them; shown, they say what the headers say (reveal.ts).
    const reveal = revealer(d.exchange);
    const text = (s: string): string => visibleText(reveal(s));
    const x = d.exchange;
    return {
      diagnosis: { exchange: mapStrings(x, visibleText), rootCause: d.rootCause, findings: mapStrings(d.findings, text) },
      summary: mapStrings(summary, text),
      headers: { request: screenHeaders(x.request.headers, x.request.headers, text), response: screenHeaders(x.response?.headers ?? [], x.response?.headers ?? [], text) },
      text,
      secretsShown: true,
    };
  }
  const { exchange, secrets } = redactExchange(d.exchange, SCREEN_MASK);
  const scrub = textScrubber(secrets, SCREEN_MASK);
  const text = (s: string): string => visibleText(scrub(s));
  const raw = d.exchange;
  // The redacted exchange is scrubbed too: a secret echoed where no rule looks (a debug header) still goes.
  const shown = mapStrings(exchange, text);
  return {
    diagnosis: { exchange: shown, rootCause: d.rootCause, findings: mapStrings(d.findings, text) },
    summary: mapStrings(summary, text),
    headers: {
      request: screenHeaders(exchange.request.headers, raw.request.headers, text),
      response: screenHeaders(exchange.response?.headers ?? [], raw.response?.headers ?? [], text),
    },
    text,
    secretsShown: false,
  };
}

/** What the list shows of a request, screened as screenRow screens the same fields. */
export interface ScreenListFields {
  readonly method: string;
  readonly url: string;
  readonly resourceType?: string;
  readonly summary: RowSummary;
  /** The root cause's title, when there is one. */
  readonly rootTitle?: string;
}

/**
 * screenRow for the list's few fields: the same redaction and scrubbing, without rewriting the
 * whole exchange and every finding (which the list never shows and every arriving row paid for).
 */
export function screenListFields(d: Diagnosis, summary: RowSummary, showSecrets: boolean): ScreenListFields {
  let text: (s: string) => string;
  let x = d.exchange;
  if (showSecrets) {
    const reveal = revealer(d.exchange);
    text = (s: string): string => visibleText(reveal(s));
  } else {
    const redacted = redactExchange(d.exchange, SCREEN_MASK);
    const scrub = textScrubber(redacted.secrets, SCREEN_MASK);
    text = (s: string): string => visibleText(scrub(s));
    x = redacted.exchange;
  }
  const root = d.rootCause !== null ? d.findings[0] : undefined;
  return {
    method: text(x.request.method),
    url: text(x.request.url),
    ...(x.resourceType !== undefined ? { resourceType: text(x.resourceType) } : {}),
    summary: mapStrings(summary, text),
    ...(root ? { rootTitle: text(root.title) } : {}),
  };
}

/** The detail's sections as shown, with the same treatment as their row. */
export function screenDetail(detail: ExchangeDetail, row: ScreenRow): ExchangeDetail {
  const flow = detail.signInFlow;
  // The sign-in's secrets come from other exchanges than this row's, which its scrubber does not
  // know: with secrets hidden only their masks go (oauth/flow-steps.ts keeps both).
  const shown = flow && !row.secretsShown ? { ...detail, signInFlow: withoutSecretValues(flow) } : detail;
  return mapStrings(shown, row.text);
}

function maskOnly(s: FlowSecret): FlowSecret {
  return { masked: s.masked };
}

function withoutSecretValues(flow: SignInFlow): SignInFlow {
  return {
    ...flow,
    steps: flow.steps.map((step) => ({
      ...step,
      url: maskOnly(step.url),
      items: step.items.map((item) => (item.secret ? { ...item, secret: maskOnly(item.secret) } : item)),
    })),
  };
}

/** A URL outside any captured request (a tab to pick): masked and made visible like the list's. */
export function screenUrl(url: string): string {
  return visibleText(redactUrl(url, () => {}, SCREEN_MASK));
}

/** A title outside any captured request: made visible, secret pairs masked. */
export function screenTitle(text: string): string {
  return visibleText(textScrubber([], SCREEN_MASK)(text));
}
