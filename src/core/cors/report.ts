/**
 * The CORS reading of one exchange for the panel and the CLI, as plain data: every check with
 * its result in the browser's order, the verdict in one line, the code and Chromium name of the
 * reason, and the full fix.
 */
import type { Exchange } from "../exchange.ts";
import { CATALOGUE, type FindingCode, type Phase } from "../findings.ts";
import type { RuleContext } from "../rule.ts";
import { type CorsEvaluation, isEnforced } from "./evaluate.ts";
import { type CorsFix, corsFix } from "./fix.ts";
import { isPreflight } from "../preflight.ts";
import { isNavigation } from "./request-kind.ts";

export interface CorsCheck {
  /** "Preflight status is 2xx" */
  readonly name: string;
  readonly passed: boolean | "skipped";
  readonly detail: string;
  /** The finding this check reports when it fails. */
  readonly code?: FindingCode;
  readonly phase: Phase;
}

export interface CorsReport {
  /** A cross-origin request, so the CORS protocol applies. */
  readonly applies: boolean;
  /** One line. */
  readonly verdict: string;
  readonly blocked: boolean;
  readonly checks: CorsCheck[];
  /** The reason, as the browser would report it first. */
  readonly failed?: FindingCode;
  /** Chromium's CorsError for the same reason. */
  readonly chromiumEquivalent?: string;
  readonly preflightId?: string;
  readonly fix?: CorsFix;
}

function notApplicable(x: Exchange): CorsReport {
  const verdict = isNavigation(x)
    ? "A navigation: CORS does not apply."
    : "Not a cross-origin request as far as the capture shows: CORS does not apply.";
  return { applies: false, verdict, blocked: false, checks: [] };
}

function verdictOf(e: CorsEvaluation, failed: FindingCode | undefined): string {
  const lone = e.subject.actual === undefined;
  if (e.blocked && e.reason) {
    return `Blocked by CORS at the ${e.reason.spec.phase === "preflight" ? "preflight" : "response"}: ${CATALOGUE[e.reason.spec.code].title}.`;
  }
  if (e.blocked) {
    return failed === "cors.local-network"
      ? "Blocked; the CORS headers pass, and the target is a local address from a public page (Local Network Access)."
      : "Blocked by CORS; the capture does not show which check failed.";
  }
  const enforced = e.failures.find((f) => isEnforced(f.spec));
  if (enforced) {
    return `The browser let it through, yet by the Fetch standard it fails: ${CATALOGUE[enforced.spec.code].title}.`;
  }
  const warnings = e.failures.filter((f) => !isEnforced(f.spec));
  const head = lone ? "The preflight passes" : "CORS allowed it";
  if (warnings.length === 0) return `${head}.`;
  return `${head}, with ${warnings.length} warning${warnings.length === 1 ? "" : "s"}: ${warnings.map((w) => CATALOGUE[w.spec.code].title).join("; ")}.`;
}

export function corsReport(x: Exchange, ctx: RuleContext): CorsReport {
  try {
    // A captured preflight is read together with its request, which is what it was for.
    const subjectExchange = isPreflight(x) && x.preflightFor !== undefined ? ctx.exchange(x.preflightFor) : x;
    const e = subjectExchange ? ctx.view(subjectExchange).cors("all") : undefined;
    if (!e) return notApplicable(x);
    const lna = e.failures.find((f) => f.spec.code === "cors.local-network");
    // The reason exists only where the browser blocked the request; otherwise it is a reading the browser disagreed with.
    const source = e.blocked ? (e.reason ?? lna) : undefined;
    const failed: FindingCode | undefined = e.blocked ? (source?.spec.code ?? "cors.blocked") : undefined;
    const chromium = source?.outcome.result === "failed" ? (source.outcome.chromium ?? source.spec.chromium ?? undefined) : undefined;
    return {
      applies: true,
      verdict: verdictOf(e, failed),
      blocked: e.blocked,
      checks: e.runs.map(({ spec, outcome }) => ({
        name: spec.name,
        passed: outcome.result === "passed" ? true : outcome.result === "skipped" ? "skipped" : false,
        detail: outcome.detail,
        code: spec.code,
        phase: spec.phase,
      })),
      ...(failed !== undefined ? { failed } : {}),
      ...(chromium !== undefined ? { chromiumEquivalent: chromium } : {}),
      ...(e.subject.preflight ? { preflightId: e.subject.preflight.id } : {}),
      ...(e.blocked || e.failures.length > 0 ? { fix: corsFix(e) } : {}),
    };
  } catch (error) {
    // Never throw out of core (ARCHITECTURE.md): a report that says so is still a report.
    const message = error instanceof Error ? error.message : String(error);
    return { applies: false, verdict: `AuthLens could not read this request's CORS headers (${message.slice(0, 200)}).`, blocked: false, checks: [] };
  }
}
