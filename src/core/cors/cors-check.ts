/**
 * Fetch §4.9 "CORS check", step by step, on a response's headers: the yes/no the browser computes
 * before it lets a page read a response (and, for a preflight, before it reads the rest).
 */
import type { HeaderList } from "../headers.ts";
import { getCombined } from "./grammar.ts";

export function corsCheckPasses(headers: HeaderList, origin: string | undefined, credentialed: boolean): boolean {
  // 1–2. Let origin be the result of getting `Access-Control-Allow-Origin`; null → failure.
  const allowed = getCombined(headers, "access-control-allow-origin");
  if (allowed === undefined) return false;
  // 3. Not "include" and `*` → success.
  if (!credentialed && allowed === "*") return true;
  // 4. The byte-serialized request origin must be the value, byte for byte.
  if (origin === undefined || allowed !== origin) return false;
  // 5. Not "include" → success.
  if (!credentialed) return true;
  // 6–8. `Access-Control-Allow-Credentials` must be `true` (byte-case-sensitive).
  return getCombined(headers, "access-control-allow-credentials") === "true";
}
