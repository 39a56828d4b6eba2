/**
 * What a list row shows at a glance, decided here so that views only render: the status badge,
 * whether CORS failed, which credentials went out, and the verdict in words.
 */
import { attachedCredentials, type CredentialVisibility } from "./credentials/attached.ts";
import type { Diagnosis } from "./diagnose.ts";
import { isPreflight, statusOf } from "./exchange.ts";
import { type Severity, worstSeverity } from "./findings.ts";

export type AuthStatus = 401 | 403 | 407;
const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403, 407]);

export interface RowSummary {
  readonly status: number;
  readonly authStatus?: AuthStatus;
  readonly corsFailure: boolean;
  /** A CORS preflight (OPTIONS sent by the browser itself). */
  readonly preflight: boolean;
  readonly credentials: {
    readonly authorizationScheme?: string;
    readonly cookieCount: number;
    readonly visibility: CredentialVisibility;
  };
  readonly worst?: Severity;
  /** The most severe finding's title, e.g. "Credentials were sent and rejected". */
  readonly verdict?: string;
  /** Any error or warning, or an auth status (a 403 is a failure even when its finding is info): what "problems only" keeps. */
  readonly problem: boolean;
}

export function summarize(d: Diagnosis, credentialsStripped = false): RowSummary {
  const status = statusOf(d.exchange);
  const c = attachedCredentials(d.exchange, credentialsStripped);
  const worst = worstSeverity(d.findings);
  const top = d.findings[0];
  return {
    status,
    ...(AUTH_STATUSES.has(status) ? { authStatus: status as AuthStatus } : {}),
    preflight: isPreflight(d.exchange),
    corsFailure: d.findings.some((f) => f.code.startsWith("cors.") && f.severity === "error"),
    credentials: {
      ...(c.authorization ? { authorizationScheme: c.authorization.scheme || "(no scheme)" } : {}),
      cookieCount: c.cookieNames.length,
      visibility: c.visibility,
    },
    ...(worst ? { worst } : {}),
    ...(top ? { verdict: top.title } : {}),
    problem: worst === "error" || worst === "warning" || AUTH_STATUSES.has(status),
  };
}
