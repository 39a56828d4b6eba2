/** Small helpers for explainer tests. */
import { expect } from "vitest";
import type { ChallengeContext } from "../../../src/core/challenge/context.ts";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import type { ChallengeExplanation } from "../../../src/core/challenge/types.ts";

/** The one explanation of a single-challenge field. */
export function explainOne(value: string, ctx: Partial<ChallengeContext> = {}): ChallengeExplanation {
  const explained = explainChallenges([value], { header: "WWW-Authenticate", ...ctx });
  expect(explained).toHaveLength(1);
  return explained[0]!;
}

export function paramRow(e: ChallengeExplanation, name: string) {
  const row = e.params.find((p) => p.name === name);
  expect(row, `parameter ${name} among ${e.params.map((p) => p.name).join(", ")}`).toBeDefined();
  return row!;
}

export function problemCodes(e: ChallengeExplanation): string[] {
  return e.problems.map((p) => p.code);
}

/** Everything a user reads in an explanation. */
export function text(e: ChallengeExplanation): string {
  return [e.summary, ...e.next, ...e.params.flatMap((p) => [p.name, p.value, p.meaning]), ...e.problems.map((p) => p.message)].join("\n");
}

export const NTLM_TYPE1 = "TlRMTVNTUAABAAAABzIAAAYABgArAAAACwALACAAAABXT1JLU1RBVElPTkRPTUFJTg==";
export const NTLM_TYPE2 =
  "TlRMTVNTUAACAAAADAAMADAAAAABAoEAASNFZ4mrze8AAAAAAAAAAGIAYgA8AAAARABPAE0AQQBJAE4AAgAMAEQATwBNAEEASQBOAAEADABTAEUAUgBWAEUAUgAEABQAZABvAG0AYQBpAG4ALgBjAG8AbQADACIAcwBlAHIAdgBlAHIALgBkAG8AbQBhAGkAbgAuAGMAbwBtAAAAAAA=";
export const NTLM_TYPE3 =
  "TlRMTVNTUAADAAAAGAAYAGoAAAAYABgAggAAAAwADABAAAAACAAIAEwAAAAWABYAVAAAAAAAAACaAAAAAQKAAEQATwBNAEEASQBOAHUAcwBlAHIAVwBPAFIASwBTAFQAQQBUAEkATwBOAJje97h/iKpdr+Lfd5aIoXLe8Rx9XM3vE91UKLAehvTfyr6sOUlG29Q+6I95TdYyVQ==";
