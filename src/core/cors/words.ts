/** The phrases CORS findings share, built from the subject's real values. */
import { quote } from "../text/describe.ts";
import type { ExchangeResponse } from "../exchange.ts";
import { originOf } from "../exchange.ts";
import type { Evidence, Phase } from "../findings.ts";
import { headerValue } from "../headers.ts";
import { isSerializedOrigin } from "./origin.ts";
import type { CorsSubject } from "./subject.ts";

/** The response a phase reads: the preflight's, or the page's request's. */
export function responseOf(s: CorsSubject, phase: Phase): ExchangeResponse | undefined {
  return phase === "preflight" ? s.preflight?.response : s.actual?.response;
}

export function statusLine(r: ExchangeResponse): string {
  return `${r.status} ${r.statusText}`.trim();
}

/** "PUT /v1/orders" */
export function requestName(s: CorsSubject): string {
  return `${s.method} ${s.names.path}`;
}

/** "the preflight (OPTIONS /v1/orders) answer" / "the answer to PUT /v1/orders" */
export function answerName(s: CorsSubject, phase: Phase): string {
  return phase === "preflight" ? `the preflight (OPTIONS ${s.names.path}) response` : `the response to ${requestName(s)}`;
}

export function host(s: CorsSubject): string {
  return s.names.host;
}

/**
 * The origin a fix allows: the request's own when it is a clean serialized origin; after a
 * cross-origin redirect (origin `null`) the page's, when the capture tells it.
 */
export function allowedOriginForFix(s: CorsSubject): string {
  const o = s.origin?.value;
  if (o !== undefined && isSerializedOrigin(o)) return o;
  const before = s.redirectedFrom ? headerValue(s.redirectedFrom.request.headers, "origin")?.trim() : undefined;
  if (before !== undefined && isSerializedOrigin(before)) return before;
  const page = s.x.pageUrl !== undefined ? originOf(s.x.pageUrl) : undefined;
  if (page !== undefined && isSerializedOrigin(page)) return page;
  return "<your page's origin>";
}

/** The request's origin, and where it was read when not from its own Origin header. */
export function originEvidence(s: CorsSubject): Evidence[] {
  if (!s.origin) return [{ label: "Request origin", value: "(unknown: no Origin header captured)" }];
  const out: Evidence[] = [{ label: "Request origin", value: s.origin.value }];
  if (s.origin.source !== "Origin header") out.push({ label: "Request origin read from", value: `the ${s.origin.source}` });
  return out;
}

export function headerEvidence(label: string, value: string | undefined): Evidence {
  return { label, value: value ?? "(absent)" };
}

/** A header inside a sentence, as code: `Name: value`. */
export function headerCode(name: string, value: string): string {
  return quote(`${name}: ${value}`, 240);
}

/** "preflight " for preflight-phase labels, "" otherwise. */
export function phaseLabel(phase: Phase): string {
  return phase === "preflight" ? "Preflight " : "";
}

export function cap(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
