/**
 * A HAR file the user picks or drops, read in the analysis worker: as text, then imported by core
 * without a diagnosis (the store diagnoses it, once). Entries core could not read come back with why.
 */
import { importHarDocument } from "../../core/analyze-har.ts";
import type { Exchange } from "../../core/exchange.ts";
import type { SkippedEntry } from "../../core/har.ts";
import type { CaptureFacts } from "../../core/rule.ts";

/** Larger files would hold the panel's memory hostage; DevTools itself struggles well before this. */
export const MAX_HAR_BYTES = 200 * 1024 * 1024;

export type HarReadResult =
  | { ok: true; exchanges: Exchange[]; facts: CaptureFacts; skipped: readonly SkippedEntry[] }
  | { ok: false; error: string };

export async function readHarFile(file: File): Promise<HarReadResult> {
  if (file.size > MAX_HAR_BYTES) {
    return { ok: false, error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; AuthLens reads HAR files up to 200 MB.` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await file.text());
  } catch (error) {
    return { ok: false, error: notJsonMessage(file.name, error) };
  }
  // Read only: the store diagnoses the exchanges a slice at a time, so the panel stays responsive.
  const result = importHarDocument(doc);
  if (!result.ok) return { ok: false, error: `${file.name}: ${result.error}` };
  return { ok: true, exchanges: result.har.exchanges, facts: result.facts, skipped: result.har.skipped };
}

/**
 * One sentence for a file that is not JSON. JSON.parse's own message quotes bytes of the file
 * ("Unexpected token 'g', "garbage" is not valid JSON"), which may be anything: it is never shown.
 */
export function notJsonMessage(name: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const truncated = /Unexpected end of JSON input|Unterminated string/.test(message);
  return truncated
    ? `${name} is not a HAR file: its JSON ends too early (the file looks truncated).`
    : `${name} is not a HAR file: it is not valid JSON.`;
}
