import type { Exchange } from "../exchange.ts";
import type { Finding, FindingCode } from "../findings.ts";

/** One exchange's verdict: what AuthLens found, root cause first (FINDINGS.md v2). */
export interface Diagnosis {
  /** The exchange as analysed (with its preflight link filled in). */
  readonly exchange: Exchange;
  /**
   * The code of the finding that best explains why this request failed, or null when it did not
   * fail or nothing explains it (FINDINGS.md v2, "Root cause first").
   */
  readonly rootCause: FindingCode | null;
  /** Root cause first, then the findings supporting it (`role: "supporting"`), then the others, most severe first. */
  readonly findings: readonly Finding[];
}
