/**
 * Turns the cases of test/fixtures/cors/cases.json into captures shaped like each browser's:
 * - Chromium DevTools HAR: the preflight is its own entry (`_resourceType: "preflight"`); a
 *   request blocked at the preflight has status 0, `net::ERR_FAILED` and provisional headers
 *   only (no Origin, no Cookie header); one blocked at its response keeps its real status.
 * - Firefox webRequest: no `_resourceType`, `NS_ERROR_DOM_BAD_URI` on both the OPTIONS and the
 *   request, every header present.
 * - Firefox HAR: blocked requests are left out entirely, so only the preflight remains.
 */
import { readFileSync } from "node:fs";
import { diagnose } from "../../../src/core/diagnose.ts";
import { linkPreflights } from "../../../src/core/cors/preflight-link.ts";
import { attachedCredentials } from "../../../src/core/credentials/attached.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { exchangeViews } from "../../../src/core/view/exchange-view.ts";
import type { RuleContext } from "../../../src/core/rule.ts";
import { DEFAULT_OPTIONS } from "../../../src/core/rule.ts";
import { entry, exchangeOf } from "../helpers.ts";

export type HeaderPairs = [string, string][];

export interface CaseRequest {
  method: string;
  url: string;
  headers?: HeaderPairs;
  cookies?: HeaderPairs;
  /** The Origin the browser sends; the page's origin when absent. */
  origin?: string;
}

export interface CasePreflight {
  requestHeaders?: string;
  status: number;
  headers: HeaderPairs;
  error?: { chromium: string; firefox: string };
}

export interface CaseResponse {
  status: number;
  headers: HeaderPairs;
}

export interface CorsCase {
  name: string;
  from: string;
  chromium: string;
  expect: [string, "preflight" | "actual"][];
  request: CaseRequest;
  preflight: CasePreflight | null;
  response: CaseResponse | null;
  blocked: boolean;
  fixable: boolean;
  header?: string;
  difference?: string;
  before?: { url: string; status: number; location: string; headers: HeaderPairs };
}

export interface HealthyCase {
  name: string;
  request: CaseRequest;
  preflight: CasePreflight | null;
  response: CaseResponse | null;
}

interface CasesDoc {
  page: string;
  cases: CorsCase[];
  healthy: HealthyCase[];
}

const DOC = JSON.parse(readFileSync(new URL("../../fixtures/cors/cases.json", import.meta.url), "utf8")) as CasesDoc;

export const PAGE = DOC.page;
export const CASES: readonly CorsCase[] = DOC.cases;
export const HEALTHY: readonly HealthyCase[] = DOC.healthy;

export type Shape = "chromium" | "firefox-webrequest";
export const SHAPES: readonly Shape[] = ["chromium", "firefox-webrequest"];

const BLOCKED_ERROR: Record<Shape, string> = { chromium: "net::ERR_FAILED", "firefox-webrequest": "NS_ERROR_DOM_BAD_URI" };

function requestHeaders(r: CaseRequest, provisional: boolean): HeaderPairs {
  const own = [...(r.headers ?? [])];
  if (provisional) return own;
  const cookie = r.cookies && r.cookies.length > 0 ? [["Cookie", r.cookies.map(([n, v]) => `${n}=${v}`).join("; ")] as [string, string]] : [];
  return [["Origin", r.origin ?? PAGE], ...own, ...cookie];
}

export interface Built {
  readonly exchanges: Exchange[];
  /** The id of the page's request (or of the preflight, when only it was captured). */
  readonly subjectId: string;
  readonly preflightId?: string;
}

/** The capture of one case in one browser's shape. */
export function build(c: Pick<CorsCase, "request" | "preflight" | "response"> & Partial<Pick<CorsCase, "blocked" | "before">>, shape: Shape): Built {
  const blocked = c.blocked ?? false;
  const exchanges: Exchange[] = [];
  const pageUrl = `${c.request.origin && c.request.origin !== "null" ? c.request.origin : PAGE}/dashboard`;
  if (c.before) {
    exchanges.push(
      exchangeOf(
        "hop",
        entry({
          url: c.before.url,
          at: 0,
          status: c.before.status,
          requestHeaders: [["Origin", PAGE]],
          responseHeaders: [...c.before.headers, ["Location", c.before.location]],
          ...(shape === "chromium" ? { resourceType: "fetch", initiator: "script" } : {}),
        }),
        "har-file",
        pageUrl,
      ),
    );
  }
  let preflightId: string | undefined;
  if (c.preflight) {
    const p = c.preflight;
    const noResponse = p.status === 0;
    const error = p.error ? (shape === "chromium" ? p.error.chromium : p.error.firefox) : shape === "firefox-webrequest" && blocked ? BLOCKED_ERROR[shape] : undefined;
    preflightId = "pre";
    exchanges.push(
      exchangeOf(
        preflightId,
        entry({
          method: "OPTIONS",
          url: c.request.url,
          at: 5,
          requestHeaders: [
            ["Origin", c.request.origin ?? PAGE],
            ["Access-Control-Request-Method", c.request.method],
            ...(p.requestHeaders !== undefined ? [["Access-Control-Request-Headers", p.requestHeaders] as [string, string]] : []),
          ],
          status: noResponse ? 0 : p.status,
          responseHeaders: p.headers,
          ...(error !== undefined ? { error } : {}),
          ...(shape === "chromium" ? { resourceType: "preflight", initiator: "preflight" } : {}),
        }),
        "har-file",
        pageUrl,
      ),
    );
  }
  const r = c.response;
  // Chromium records a request stopped before its response with provisional headers only.
  const provisional = shape === "chromium" && r === null;
  exchanges.push(
    exchangeOf(
      "req",
      entry({
        method: c.request.method,
        url: c.request.url,
        at: 10,
        requestHeaders: requestHeaders(c.request, provisional),
        cookies: (c.request.cookies ?? []).map(([name, value]) => ({ name, value })),
        status: r?.status ?? 0,
        responseHeaders: r?.headers ?? [],
        ...(blocked || r === null ? { error: BLOCKED_ERROR[shape] } : {}),
        ...(shape === "chromium" ? { resourceType: "fetch", initiator: "script" } : {}),
      }),
      "har-file",
      pageUrl,
    ),
  );
  return { exchanges, subjectId: "req", ...(preflightId !== undefined ? { preflightId } : {}) };
}

/** Firefox's HAR: the blocked request is missing, its preflight remains. */
export function buildFirefoxHarPreflightOnly(c: CorsCase): Built {
  const full = build(c, "firefox-webrequest");
  const pre = full.exchanges.find((x) => x.id === "pre");
  if (!pre) throw new Error(`case "${c.name}" has no preflight`);
  // The HAR entry of a finished OPTIONS request carries no error.
  const { error: _error, ...withoutError } = pre;
  return { exchanges: [withoutError], subjectId: "pre" };
}

/** Findings per exchange id, with every rule (as the product runs them). */
export function findingsById(exchanges: readonly Exchange[]): Map<string, readonly Finding[]> {
  return new Map(diagnose(exchanges).map((d) => [d.exchange.id, d.findings]));
}

/** The CORS findings a user is warned about (errors and warnings), in the order shown. */
export function corsProblems(findings: readonly Finding[]): [string, string | undefined][] {
  return findings.filter((f) => f.code.startsWith("cors.") && f.severity !== "info").map((f) => [f.code, f.phase]);
}

/** A rule context over exchanges, linked as diagnose links them. */
export function contextOf(exchanges: readonly Exchange[]): { ctx: RuleContext; byId: Map<string, Exchange> } {
  const linked = linkPreflights(exchanges);
  const byId = new Map(linked.map((x) => [x.id, x]));
  const lookup = { exchanges: linked, byId, credentials: (x: Exchange) => attachedCredentials(x, false) };
  const ctx: RuleContext = { facts: {}, options: DEFAULT_OPTIONS, ...lookup, view: exchangeViews(lookup, {}, DEFAULT_OPTIONS) };
  return { ctx, byId };
}
