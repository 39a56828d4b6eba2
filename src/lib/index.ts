/**
 * The `authlens` library: what the CLI and the panel run, for a program of its own (a test
 * suite, a CI step, a proxy). Everything here is pure: no network, no file system, no clock;
 * nothing throws on hostile input (a HAR that cannot be read is an `{ ok: false }` answer).
 *
 * - analyzeHar: a HAR document → every exchange's diagnosis (root cause first, FINDINGS.md v2);
 * - toReport: diagnoses → the CLI's JSON report (`authlens analyze --json`), a stable contract;
 * - CATALOGUE: every finding code with its severity and title;
 * - parseChallenges / explainChallenges: WWW-Authenticate and Proxy-Authenticate fields (RFC 9110 §11.6.1);
 * - decodeToken: a credential (JWT, JWE, SD-JWT, Basic, opaque) read locally, never verified by a server;
 * - diagnosisToMarkdown / exportHar: a diagnosis and a capture to share, redacted by default.
 */
export { type HarAnalysis, type HarAnalysisResult, analyzeHar } from "../core/analyze-har.ts";
export type { Diagnosis } from "../core/diagnose.ts";
export type { CaptureSource, Exchange } from "../core/exchange.ts";
export { CATALOGUE, type Evidence, type Finding, type FindingCode, type Phase, SEVERITY_RANK, type Severity, isFindingCode } from "../core/findings.ts";
export { type Report, type ReportExchange, type ReportFinding, failsAt, hasFindingAtLeast, reportExchange, rootCauseAtLeast, toReport } from "../core/report.ts";
export {
  type Challenge,
  type ChallengeContext,
  type ChallengeExplanation,
  type ChallengeHeader,
  type ChallengeParse,
  type ChallengeProblem,
  type ExplainedParam,
  type ProblemSeverity,
  explainChallenges,
  parseChallenges,
  serializeChallenge,
  serializeChallenges,
} from "../core/challenge/index.ts";
export { type DecodeOptions, decodeToken } from "../core/tokens/decode.ts";
export type { ClaimLine, FoundToken, TokenKind, TokenProblem, TokenTime } from "../core/tokens/types.ts";
export { type HarDocument, type HarExport, type HarExportOptions, exportHar } from "../core/share/export-har.ts";
export { diagnosisToMarkdown } from "../core/share/markdown.ts";
export type { RedactionItem, ShareOptions } from "../core/share/rules.ts";
