/**
 * HAR files in and out of the panel, all local: a download from a Blob (no network) and a file
 * the user picks or drops, read as text and imported by core (the store diagnoses it, once).
 */
import { importHarDocument } from "../core/analyze-har.ts";
import type { Exchange } from "../core/exchange.ts";
import type { SkippedEntry } from "../core/har.ts";
import type { CaptureFacts } from "../core/rule.ts";

/** Larger files would hold the panel's memory hostage; DevTools itself struggles well before this. */
export const MAX_HAR_BYTES = 200 * 1024 * 1024;

export function harFileName(now = new Date()): string {
  return `authlens-${now.toISOString().slice(0, 19).replace(/:/g, "-")}.har`;
}

export function downloadText(name: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click is handled; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
