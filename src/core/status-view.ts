/**
 * How an exchange's outcome reads at a glance: the status as a word and a tone, decided once for
 * every view (the list's status cell, the detail's heading, the Markdown copy). A response the
 * browser withheld from the page is no success, whatever its status: Chromium records a
 * CORS-blocked response with its real status (a 200) and `net::ERR_FAILED`, and the page's
 * script saw only a network error, so it never reads "200 OK" in green.
 */
import type { Exchange } from "./exchange.ts";
import { isPreflight } from "./preflight.ts";
import type { Finding } from "./findings.ts";
import { browserError } from "./text/browser-errors.ts";

export type StatusTone = "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "blocked" | "failed" | "pending";

export interface StatusView {
  /**
   * For a list cell: the status number, or `failed` / `pending` when none came (a CORS block
   * says so with its tone and the list's CORS badge beside it, in a narrow column).
   */
  readonly short: string;
  /**
   * For a heading: `200 OK`, `200 OK · blocked by CORS`, `200 OK · blocked by … (net::ERR_…)`,
   * `no response (the server refused the connection (NS_ERROR_CONNECTION_REFUSED))`: the
   * browser's error names in words (text/browser-errors.ts), the name kept.
   */
  readonly text: string;
  readonly tone: StatusTone;
  /** Why the tone is not the status's own, for a tooltip. */
  readonly note?: string;
}

/**
 * The browser failed the request as a CORS failure: a CORS error finding, or Chromium's own
 * verdict. A preflight shows its request's failures too; only those of its own phase block it.
 */
export function blockedByCors(x: Exchange, findings: readonly Finding[]): boolean {
  if (x.browserVerdict?.corsError !== undefined) return true;
  const preflight = isPreflight(x);
  return findings.some((f) => f.severity === "error" && f.code.startsWith("cors.") && !(preflight && f.phase === "actual"));
}

const TONES: readonly StatusTone[] = ["1xx", "1xx", "2xx", "3xx", "4xx", "5xx"];

function toneOf(status: number): StatusTone {
  return TONES[Math.floor(status / 100)] ?? "failed";
}

export function statusView(x: Exchange, findings: readonly Finding[]): StatusView {
  const r = x.response;
  const cors = blockedByCors(x, findings);
  const error = x.error;
  if (r) {
    const own = `${r.status} ${r.statusText}`.trim();
    if (cors) {
      return {
        short: String(r.status),
        text: `${own} · blocked by CORS`,
        tone: "blocked",
        note: `The server answered ${own}, but the browser blocked the response (a CORS failure${error ? `, ${error}` : ""}): the page's script did not receive it.`,
      };
    }
    if (error !== undefined) {
      return {
        short: String(r.status),
        text: `${own} · ${browserError(error)}`,
        tone: "failed",
        note: `The server answered ${own}, but the browser failed the request (${browserError(error)}): the page's script did not receive the response.`,
      };
    }
    return { short: String(r.status), text: own, tone: toneOf(r.status) };
  }
  if (cors) {
    return {
      short: "failed",
      text: `no response (blocked by CORS${error ? `, ${error}` : ""})`,
      tone: "blocked",
      note: "The browser blocked the request (a CORS failure) before any response reached the page.",
    };
  }
  if (error !== undefined) return { short: "failed", text: `no response: ${browserError(error)}`, tone: "failed" };
  return { short: "pending", text: "no response", tone: "pending" };
}
