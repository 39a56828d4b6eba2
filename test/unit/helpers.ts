/**
 * Small factories for HAR entries and exchanges, so that each test states only what matters to
 * it. Entries are shaped like the real exports: Chromium's DevTools ("WebInspector", with
 * `_resourceType`, `_initiator` and `response._error`) and Firefox's (no underscore fields).
 */
import { expect } from "vitest";
import { type HarAnalysis, analyzeHar } from "../../src/core/analyze-har.ts";
import { diagnose } from "../../src/core/diagnose.ts";
import type { CaptureSource, Exchange } from "../../src/core/exchange.ts";
import type { Finding } from "../../src/core/findings.ts";
import { exchangeFromHarEntry, importHar } from "../../src/core/har.ts";
import type { CaptureFacts, Rule } from "../../src/core/rule.ts";

/** The capture's clock: every entry starts at T0 plus its `at` offset (ms). */
export const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

export const PAGE_ORIGIN = "https://app.example.com";
export const API_ORIGIN = "https://api.example.com";

export type HeaderSpec = Readonly<Record<string, string>> | readonly (readonly [string, string])[];

export interface HarHeader {
  name: string;
  value: string;
}

export function headers(spec: HeaderSpec = {}): HarHeader[] {
  const pairs: readonly (readonly [string, string])[] = Array.isArray(spec)
    ? (spec as readonly (readonly [string, string])[])
    : Object.entries(spec as Readonly<Record<string, string>>);
  return pairs.map(([name, value]) => ({ name, value }));
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK",
  204: "No Content",
  401: "Unauthorized",
  403: "Forbidden",
  407: "Proxy Authentication Required",
  500: "Internal Server Error",
};

export interface EntrySpec {
  readonly url?: string;
  readonly method?: string;
  /** ms after T0 */
  readonly at?: number;
  readonly requestHeaders?: HeaderSpec;
  /** HAR `request.cookies` */
  readonly cookies?: readonly { name: string; value: string }[];
  /** 0 means no status line arrived */
  readonly status?: number;
  readonly statusText?: string;
  readonly responseHeaders?: HeaderSpec;
  /** Chromium's `_resourceType` */
  readonly resourceType?: string;
  /** Chromium's `_initiator.type` */
  readonly initiator?: string;
  /** Chromium's `response._error` */
  readonly error?: string;
  readonly pageref?: string;
  readonly time?: number;
}

/** A HAR 1.2 entry with only the fields the spec asks for, plus the vendor fields given. */
export function entry(spec: EntrySpec = {}): Record<string, unknown> {
  const status = spec.status ?? 200;
  return {
    ...(spec.pageref !== undefined ? { pageref: spec.pageref } : {}),
    startedDateTime: new Date(T0 + (spec.at ?? 0)).toISOString(),
    time: spec.time ?? 42,
    request: {
      method: spec.method ?? "GET",
      url: spec.url ?? `${API_ORIGIN}/v1/orders`,
      httpVersion: "HTTP/1.1",
      headers: headers(spec.requestHeaders),
      queryString: [],
      cookies: spec.cookies ? [...spec.cookies] : [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: spec.statusText ?? STATUS_TEXT[status] ?? "",
      httpVersion: status === 0 ? "" : "HTTP/1.1",
      headers: headers(spec.responseHeaders),
      cookies: [],
      content: { size: 0, mimeType: "application/json" },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
      ...(spec.error !== undefined ? { _error: spec.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: 40, receive: 2 },
    ...(spec.resourceType !== undefined ? { _resourceType: spec.resourceType } : {}),
    ...(spec.initiator !== undefined ? { _initiator: { type: spec.initiator } } : {}),
  };
}

/** A fetch() as Chromium's DevTools records it. */
export function chromeEntry(spec: EntrySpec = {}): Record<string, unknown> {
  return entry({ resourceType: "fetch", initiator: "script", ...spec });
}

/** A CORS preflight as Chromium records it: its own entry, labelled twice. */
export function chromePreflight(spec: EntrySpec & { readonly requestMethod?: string; readonly requestHeadersList?: string }) {
  return entry({
    method: "OPTIONS",
    resourceType: "preflight",
    initiator: "preflight",
    status: 204,
    ...spec,
    requestHeaders: {
      Origin: PAGE_ORIGIN,
      "Access-Control-Request-Method": spec.requestMethod ?? "GET",
      ...(spec.requestHeadersList !== undefined ? { "Access-Control-Request-Headers": spec.requestHeadersList } : {}),
    },
  });
}

export interface PageSpec {
  readonly id: string;
  readonly title: string;
}

export function harOf(entries: readonly unknown[], creator = "WebInspector", pages: readonly PageSpec[] = []) {
  return {
    log: {
      version: "1.2",
      creator: { name: creator, version: creator === "Firefox" ? "153.0" : "156.0.0.0" },
      pages: pages.map((p, i) => ({
        startedDateTime: new Date(T0 + i).toISOString(),
        id: p.id,
        title: p.title,
        pageTimings: {},
      })),
      entries: [...entries],
    },
  };
}

/** Imports a HAR document and fails the test when it is not accepted. */
export function importEntries(entries: readonly unknown[], creator = "WebInspector", pages: readonly PageSpec[] = []): Exchange[] {
  const r = importHar(harOf(entries, creator, pages));
  if (!r.ok) throw new Error(`fixture HAR was refused: ${r.error}`);
  return r.har.exchanges;
}

/** One exchange with a chosen id, read from one HAR entry. */
export function exchangeOf(id: string, e: unknown, source: CaptureSource = "har-file", pageUrl?: string): Exchange {
  const r = exchangeFromHarEntry(e, { id, source, ...(pageUrl !== undefined ? { pageUrl } : {}) });
  if (!r.ok) throw new Error(`fixture entry was refused: ${r.reason}`);
  return r.exchange;
}

export function analyze(doc: unknown, source: CaptureSource = "har-file"): HarAnalysis {
  const r = analyzeHar(doc, source);
  if (!r.ok) throw new Error(`fixture HAR was refused: ${r.error}`);
  return r.analysis;
}

/** The findings of one exchange, found by id. */
export function findingsOf(analysis: HarAnalysis | { diagnoses: HarAnalysis["diagnoses"] }, id: string): readonly Finding[] {
  const d = analysis.diagnoses.find((x) => x.exchange.id === id);
  if (!d) throw new Error(`no exchange ${id}`);
  return d.findings;
}

/** Runs one rule (with preflight linking and the shared context) over exchanges: id → findings. */
export function runRule(rule: Rule, exchanges: readonly Exchange[], facts: CaptureFacts = {}): Map<string, readonly Finding[]> {
  return new Map(diagnose(exchanges, facts, [rule]).map((d) => [d.exchange.id, d.findings]));
}

/** Findings of one rule on a single exchange. */
export function ruleOn(rule: Rule, x: Exchange, facts: CaptureFacts = {}): readonly Finding[] {
  return runRule(rule, [x], facts).get(x.id) ?? [];
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

/** The one finding with this code; fails the test when there is not exactly one. */
export function one(findings: readonly Finding[], code: string): Finding {
  const matching = findings.filter((f) => f.code === code);
  expect(matching, `findings with code ${code} among [${codes(findings).join(", ")}]`).toHaveLength(1);
  return matching[0]!;
}

/** Every text a user can read in a finding: detail, fix and evidence values. */
export function visibleText(f: Finding): string {
  return [f.title, f.detail, f.fix ?? "", ...f.evidence.flatMap((e) => [e.label, e.value])].join("\n");
}

export function evidenceValue(f: Finding, label: string): string | undefined {
  return f.evidence.find((e) => e.label === label)?.value;
}

/** A signed-looking JWS (header.payload.signature); the signature is not checked anywhere. */
export const REAL_JWT =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImstMjAyNiJ9." +
  "eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwic3ViIjoidXNlci00MiIsImF1ZCI6ImFwaSIsImV4cCI6MTc5NTUyMDAwMH0." +
  "Zm9vYmFyYmF6cXV4c2lnbmF0dXJlLW5vdC1jaGVja2VkLWJ5LWF1dGhsZW5zLXRlc3RzLTAxMjM0NTY3ODk";

/** A long opaque access token (GitHub-style prefix, random body). */
export const OPAQUE_TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3";
