/** A HAR document → exchanges and facts (the panel's import), and → diagnoses (the CLI): one import path for both. */
import { type Diagnosis, diagnose, diagnoseEach } from "./diagnose.ts";
import type { CaptureSource } from "./exchange.ts";
import { type HarImport, importHar } from "./har.ts";
import type { CaptureFacts } from "./rule.ts";
import { credentialMarkReader } from "./sanitized.ts";

export interface HarAnalysis {
  readonly har: HarImport;
  readonly facts: CaptureFacts;
  readonly diagnoses: Diagnosis[];
}

export type HarAnalysisResult = { ok: true; analysis: HarAnalysis } | { ok: false; error: string };

/** A HAR document read, not yet diagnosed: its exchanges, the entries it could not read, its facts. */
export type HarDocumentResult = { ok: true; har: HarImport; facts: CaptureFacts } | { ok: false; error: string };

/**
 * A HAR document → exchanges and capture facts, without diagnosing them: for a caller that
 * diagnoses on its own schedule (the panel, a slice at a time), so that no capture is diagnosed twice.
 */
export function importHarDocument(doc: unknown, source: CaptureSource = "har-file"): HarDocumentResult {
  try {
    // Credentials are judged stripped or not as the import builds each exchange (one pass over the capture, not two).
    const marks = source === "har-file" ? credentialMarkReader() : undefined;
    const imported = importHar(doc, source, marks ? (x) => marks.see(x) : undefined);
    if (!imported.ok) return imported;
    const reason = marks?.reason(imported.har.creator);
    const facts: CaptureFacts = reason !== undefined ? { credentialsStripped: reason } : {};
    return { ok: true, har: imported.har, facts };
  } catch (error) {
    // Nothing above should throw; this is the last guard of the "never throw out of core" rule.
    return { ok: false, error: `AuthLens could not analyse this HAR: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function analyzeHar(doc: unknown, source: CaptureSource = "har-file"): HarAnalysisResult {
  const imported = importHarDocument(doc, source);
  // The exchanges hold what they need of the document: the rest of it (timings, bodies not
  // kept, pages…) is garbage from here on, unless the caller still holds it.
  doc = undefined;
  if (!imported.ok) return imported;
  try {
    return { ok: true, analysis: { har: imported.har, facts: imported.facts, diagnoses: diagnose(imported.har.exchanges, imported.facts) } };
  } catch (error) {
    // Nothing above should throw; this is the last guard of the "never throw out of core" rule.
    return { ok: false, error: `AuthLens could not analyse this HAR: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The capture facts of exchanges already imported (a streaming reader builds them an entry at a
 * time): whether a HAR file's credentials were stripped, judged over all its exchanges.
 */
export function importedFacts(har: HarImport, source: CaptureSource = "har-file"): CaptureFacts {
  if (source !== "har-file") return {};
  const marks = credentialMarkReader();
  for (let i = 0; i < har.exchanges.length; i++) marks.see(har.exchanges[i]!);
  const reason = marks.reason(har.creator);
  return reason !== undefined ? { credentialsStripped: reason } : {};
}

/** The analysis of exchanges already imported (the CLI's streaming reader builds them): as analyzeHar. */
export function analyzeImported(har: HarImport, source: CaptureSource = "har-file"): HarAnalysisResult {
  try {
    const facts = importedFacts(har, source);
    return { ok: true, analysis: { har, facts, diagnoses: diagnose(har.exchanges, facts) } };
  } catch (error) {
    return { ok: false, error: `AuthLens could not analyse this HAR: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * analyzeImported, each diagnosis handed to `emit` in order rather than kept (diagnoseEach):
 * returns the capture facts, decided before the first diagnosis is emitted, through `start`.
 */
export function analyzeImportedEach(
  har: HarImport,
  start: (facts: CaptureFacts) => void,
  emit: (d: Diagnosis) => void,
  source: CaptureSource = "har-file",
): { ok: true } | { ok: false; error: string } {
  try {
    const facts = importedFacts(har, source);
    start(facts);
    diagnoseEach(har.exchanges, facts, emit);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: `AuthLens could not analyse this HAR: ${error instanceof Error ? error.message : String(error)}` };
  }
}
