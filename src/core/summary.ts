/**
 * What a list row shows at a glance, decided here so that views only render: the status badge,
 * whether CORS failed, which credentials went out, and the verdict in words.
 */
import { attachedCredentials, type CredentialVisibility } from "./credentials/attached.ts";
import type { Diagnosis } from "./diagnose.ts";
import { pathOf } from "./text/describe.ts";
import { credentialProof } from "./credentials/proven-sent.ts";
import { type StatusView, statusView } from "./status-view.ts";
import { type Exchange, statusOf } from "./exchange.ts";
import { isPreflight } from "./preflight.ts";
import { type Severity, worstSeverity } from "./findings.ts";

export type AuthStatus = 401 | 403 | 407;
const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403, 407]);

export interface RowSummary {
  readonly status: number;
  readonly authStatus?: AuthStatus;
  readonly corsFailure: boolean;
  /** The outcome at a glance (status-view.ts): never a plain "200" for a response the browser withheld. */
  readonly outcome: StatusView;
  /** A CORS preflight (OPTIONS sent by the browser itself). */
  readonly preflight: boolean;
  readonly credentials: {
    readonly authorizationScheme?: string;
    readonly cookieCount: number;
    /** Where an API key went ("X-API-Key", "key="), when one did. */
    readonly apiKey?: string;
    readonly visibility: CredentialVisibility;
    /** In a stripped capture, how the exchange itself proves a credential was sent. */
    readonly provenSent?: string;
  };
  readonly worst?: Severity;
  /**
   * The root cause's title ("Token expired"), or when nothing failed the most severe finding's;
   * on a preflight, what it is and the verdict of the request it was for.
   */
  readonly verdict?: string;
  /**
   * Any error or warning, or an auth status (a 403 is a failure even when its finding is info):
   * what "problems only" keeps. A preflight's failure is its request's problem, not its own.
   */
  readonly problem: boolean;
  /** For a preflight: the id of the request it was sent for, where its result is reported. */
  readonly preflightFor?: string;
}

/**
 * A preflight row says what it is and points to the request it was sent for, with that
 * request's verdict, instead of repeating its findings (FINDINGS.md v2: one failure, one place).
 */
function preflightSummary(d: Diagnosis, request: Diagnosis | undefined, base: RowSummary): RowSummary {
  const x = d.exchange;
  const forWhat = request ? `${request.exchange.request.method} ${pathOf(request.exchange.request.url)}` : "its request";
  const root = request?.rootCause !== null ? request?.findings[0] : undefined;
  const { authStatus: _status, worst: _worst, ...rest } = base;
  return {
    ...rest,
    corsFailure: false,
    ...(root ? { worst: root.severity } : {}),
    verdict: root ? `Preflight for ${forWhat}: ${root.title}` : `Preflight for ${forWhat}`,
    problem: false,
    preflightFor: x.preflightFor!,
  };
}

function provenOf(x: Exchange, preflight: Exchange | undefined): { provenSent?: string } {
  const proof = credentialProof(x, preflight);
  return proof !== undefined ? { provenSent: proof } : {};
}

/**
 * `related` finds another diagnosis of the capture by id: a preflight's row shows the verdict of
 * the request it was sent for, and a request's preflight may prove credentials were sent.
 */
/** Another diagnosis of the same capture, by exchange id. */
export type RelatedDiagnosis = (id: string) => Diagnosis | undefined;

export function summarize(d: Diagnosis, credentialsStripped = false, related?: RelatedDiagnosis): RowSummary {
  const x = d.exchange;
  const request = x.preflightFor !== undefined ? related?.(x.preflightFor) : undefined;
  const preflight = x.preflightId !== undefined ? related?.(x.preflightId)?.exchange : undefined;
  const status = statusOf(d.exchange);
  const outcome = statusView(d.exchange, d.findings);
  const c = attachedCredentials(d.exchange, credentialsStripped);
  const worst = worstSeverity(d.findings);
  const top = d.findings[0];
  const base: RowSummary = {
    status,
    ...(AUTH_STATUSES.has(status) ? { authStatus: status as AuthStatus } : {}),
    preflight: isPreflight(d.exchange),
    corsFailure: outcome.tone === "blocked",
    outcome,
    credentials: {
      ...(c.authorization ? { authorizationScheme: c.authorization.scheme || "(no scheme)" } : {}),
      cookieCount: c.cookieNames.length,
      ...(c.apiKeys[0] ? { apiKey: c.apiKeys[0].where === "header" ? c.apiKeys[0].name : `${c.apiKeys[0].name}=` } : {}),
      visibility: c.visibility,
      ...(credentialsStripped ? provenOf(d.exchange, preflight) : {}),
    },
    ...(worst ? { worst } : {}),
    ...(top ? { verdict: top.title } : {}),
    problem: worst === "error" || worst === "warning" || AUTH_STATUSES.has(status),
  };
  return d.exchange.preflightFor !== undefined ? preflightSummary(d, request, base) : base;
}
