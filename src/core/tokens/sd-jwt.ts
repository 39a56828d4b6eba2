/**
 * SD-JWT (RFC 9901): an issuer-signed JWT, then disclosures, each after a "~", then an optional
 * key binding JWT: `<JWT>~<Disclosure 1>~…~<Disclosure N>~[<KB-JWT>]`. A disclosure is the
 * base64url of a JSON array `[salt, name, value]` (an object property) or `[salt, value]` (an
 * array element). Names are shown; values stay in the token, salts are never shown.
 */
import { base64UrlToBytes, textOf } from "../base64.ts";
import { parseBoundedJson } from "../bounded-json.ts";
import { readCompact } from "./jose.ts";
import { TOKEN_LIMITS } from "./limits.ts";
import type { ReadingContext, TokenReading } from "./reading.ts";
import type { TokenProblem } from "./types.ts";

function disclosureName(disclosure: string): { name: string } | { error: string } {
  if (disclosure.length > TOKEN_LIMITS.partChars) return { error: `${disclosure.length} characters, over the ${TOKEN_LIMITS.partChars} AuthLens decodes` };
  const bytes = base64UrlToBytes(disclosure);
  if (!bytes.ok) return { error: bytes.reason };
  const parsed = parseBoundedJson(textOf(bytes.value).text, "disclosure");
  if (!parsed.ok) return { error: parsed.tooDeep ? parsed.reason : `not JSON (${parsed.reason})` };
  const value = parsed.value;
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3) || typeof value[0] !== "string") {
    return { error: "not a [salt, name, value] or [salt, value] array" };
  }
  if (value.length === 2) return { name: "(array element)" };
  return typeof value[1] === "string" ? { name: value[1] } : { error: "its claim name is not a string" };
}

export function isSdJwt(token: string): boolean {
  return token.includes("~");
}

export function readSdJwt(token: string, ctx: ReadingContext): TokenReading {
  const segments = token.split("~");
  const issuerJwt = readCompact(segments[0]!, ctx);
  if (issuerJwt.kind === "malformed") return issuerJwt;
  const keyBinding = segments[segments.length - 1]!;
  const disclosures = segments.slice(1, -1);
  const problems: TokenProblem[] = [];
  const names: string[] = [];
  disclosures.slice(0, TOKEN_LIMITS.disclosures).forEach((d, i) => {
    const r = disclosureName(d);
    if ("name" in r) names.push(r.name);
    else problems.push({ code: "token.jwt", severity: "warning", message: `SD-JWT disclosure #${i + 1} does not decode: ${r.error}` });
  });
  const more = disclosures.length > TOKEN_LIMITS.disclosures ? ` (the first ${TOKEN_LIMITS.disclosures} read)` : "";
  const kb = keyBinding !== "" ? readCompact(keyBinding, { ...ctx, depth: ctx.depth + 1 }) : undefined;
  const kbTyp = kb?.header?.typ;
  problems.unshift({
    code: "token.jwt",
    severity: "info",
    message:
      `SD-JWT (RFC 9901) with ${disclosures.length} disclosure${disclosures.length === 1 ? "" : "s"}${more}` +
      (names.length > 0 ? ` (${names.join(", ")})` : "") +
      (kb ? `, and a key binding JWT${kbTyp === "kb+jwt" ? "" : ` whose typ is ${JSON.stringify(kbTyp)}, not "kb+jwt"`}` : ", without key binding"),
  });
  if (kb?.kind === "malformed") problems.push(...kb.problems.map((p) => ({ ...p, code: "token.jwt" as const, message: `key binding JWT: ${p.message}` })));
  return {
    ...issuerJwt,
    claims: [
      ...issuerJwt.claims,
      { name: "(disclosures)", value: `${disclosures.length}${names.length > 0 ? `: ${names.join(", ")}` : ""}`, meaning: "claims the holder chose to disclose (RFC 9901)" },
      ...(kb ? [{ name: "(key binding)", value: String(kbTyp ?? kb.kind), meaning: "proof that the presenter holds the key the credential is bound to (RFC 9901)" }] : []),
    ],
    problems: [...issuerJwt.problems, ...problems],
  };
}
