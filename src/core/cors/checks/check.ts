/**
 * One CORS check as data: the finding code it reports, the name Chromium gives the same failure
 * (CDP `Network.CorsError`), the phase it reads, and its test. The table in table.ts runs them
 * in the order the browser does.
 */
import type { Evidence, FindingCode, Phase } from "../../findings.ts";
import type { ChromiumCorsError } from "../chromium.ts";
import type { CredentialsHypothesis } from "../credentials-mode.ts";
import type { CorsSubject } from "../subject.ts";

export type CheckOutcome =
  | { readonly result: "passed"; readonly detail: string }
  /** The check could not be made from what was captured, or did not apply. */
  | { readonly result: "skipped"; readonly detail: string }
  | {
      readonly result: "failed";
      /** Plain words naming the real values: the finding's detail. */
      readonly detail: string;
      readonly evidence: readonly Evidence[];
      /** The one-line fix. */
      readonly fix: string;
      /** Where the browser's name for this failure depends on the case (LNA). */
      readonly chromium?: ChromiumCorsError;
    };

export interface CorsCheckSpec {
  readonly code: FindingCode;
  /** As the panel lists it: "Preflight status is 2xx". */
  readonly name: string;
  readonly phase: Phase;
  /** Chromium's CorsError for this failure; null where Chromium has none (warnings). */
  readonly chromium: ChromiumCorsError | null;
  readonly test: (s: CorsSubject, h: CredentialsHypothesis) => CheckOutcome;
}

export const passed = (detail: string): CheckOutcome => ({ result: "passed", detail });
export const skipped = (detail: string): CheckOutcome => ({ result: "skipped", detail });
export function failed(detail: string, evidence: readonly Evidence[], fix: string, chromium?: ChromiumCorsError): CheckOutcome {
  return { result: "failed", detail, evidence, fix, ...(chromium !== undefined ? { chromium } : {}) };
}
