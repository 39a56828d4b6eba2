/**
 * `authlens token [--json] [--at <ISO time>] <token>`: decodes one token locally (a JWT, a JWE
 * header, Basic credentials or an opaque token) and judges its times against --at or the clock.
 * Core has no clock; the CLI reads it here and passes the time in. The Basic password is never
 * printed, and the token itself only masked.
 */
import { decodeToken, type FoundToken, headerMeaning, type TokenProblem } from "../core/tokens/index.ts";
import { reportWidth } from "./analyze.ts";
import { type CommandSpec, HELP_OPTION, type ParsedArgs } from "./args.ts";
import { CliError, EXIT, type Io } from "./io.ts";
import { jsonText } from "./json-text.ts";
import { type Style, styleFor } from "./style.ts";
import { safeLine, safeProse } from "./terminal-text.ts";
import { wrapIndented } from "./wrap.ts";

/** The JSON contract (`authlens token --help` documents it). */
interface JsonOutput {
  kind: FoundToken["kind"];
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  user?: string;
  problems: { code: string; severity: TokenProblem["severity"]; message: string }[];
  times?: { exp?: string; nbf?: string; iat?: string };
}

/**
 * --at: an ISO 8601 date or date-time. A date-time without a zone is local time, as in
 * ECMAScript's Date.parse; a date alone is midnight UTC.
 */
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseAt(value: string): number {
  const ms = ISO.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new CliError(`--at must be an ISO 8601 time such as 2026-11-24T10:00:00Z, not ${JSON.stringify(value.slice(0, 60))}`, "token");
  return ms;
}

const KIND_TITLE: Record<FoundToken["kind"], string> = {
  jws: "Signed JWT (JWS)",
  jwe: "Encrypted JWT (JWE): only the header is readable",
  unsecured: "Unsecured JWT (alg: none)",
  basic: "Basic credentials",
  opaque: "Opaque token",
  malformed: "Does not decode",
};

const LABEL: Record<TokenProblem["severity"], string> = { error: "ERROR", warning: "WARN ", info: "INFO " };
const CARD = "  ";
const VALUE = "      ";

function section(title: string, body: string[]): string[] {
  return body.length === 0 ? [] : ["", title, ...body];
}

function pairs(items: readonly { name: string; value: string; meaning: string }[], width: number, style: Style): string[] {
  return items.flatMap((i) => [
    ...wrapIndented(`${safeLine(i.name)}: ${safeLine(i.value)}`, width, VALUE, CARD),
    ...wrapIndented(safeProse(i.meaning), width, VALUE).map((l) => style.dim(l)),
  ]);
}

function valueText(v: unknown): string {
  return typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
}

function card(t: FoundToken, reference: string, width: number, style: Style): string {
  const lines = [style.bold(KIND_TITLE[t.kind]), ...wrapIndented(safeLine(`${t.masked}${t.issuerGuess ? `, ${t.issuerGuess}` : ""}`), width, CARD)];
  const note = t.kind === "jws" ? "The signature is not checked: AuthLens decodes, it does not verify." : t.kind === "jwe" ? "Reading the claims needs the recipient's private key, which AuthLens never asks for." : "";
  if (note !== "") lines.push(...wrapIndented(note, width, CARD).map((l) => style.dim(l)));
  if (t.header) {
    const header = Object.entries(t.header).map(([name, v]) => ({ name, value: valueText(v), meaning: headerMeaning(name) }));
    lines.push(...section("Header:", pairs(header, width, style)));
  }
  if (t.payloadText !== undefined) lines.push(...section("Payload (not a JSON object):", wrapIndented(safeLine(t.payloadText), width, CARD)));
  const claimsTitle = t.kind === "jwe" ? "" : t.kind === "basic" || t.kind === "opaque" || t.kind === "malformed" ? "Details:" : "Claims:";
  if (claimsTitle !== "") lines.push(...section(claimsTitle, pairs(t.claims, width, style)));
  const times = Object.entries(t.times ?? {}).flatMap(([name, time]) =>
    time ? wrapIndented(`${name}: ${time.iso} (local ${time.local}), ${time.relative}`, width, VALUE, CARD) : [],
  );
  lines.push(...section(`Times, relative to ${reference}:`, times));
  const problems = t.problems.flatMap((p) => {
    const label = LABEL[p.severity];
    return wrapIndented(`${p.code}: ${safeProse(p.message)}`, width, `${CARD}${" ".repeat(label.length + 1)}`, `${CARD}${label} `).map((line, i) =>
      i === 0 ? `${CARD}${style.severity(p.severity, label)}${line.slice(CARD.length + label.length)}` : line,
    );
  });
  lines.push(...section("Findings:", problems));
  return `${lines.join("\n")}\n`;
}

function json(t: FoundToken): JsonOutput {
  const times = Object.fromEntries(Object.entries(t.times ?? {}).flatMap(([name, time]) => (time ? [[name, time.iso]] : [])));
  return {
    kind: t.kind,
    ...(t.header ? { header: t.header } : {}),
    ...(t.payload ? { payload: t.payload } : {}),
    ...(t.user !== undefined ? { user: t.user } : {}),
    problems: t.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message })),
    ...(Object.keys(times).length > 0 ? { times } : {}),
  };
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const raw = args.positionals[0]!;
  if (raw.trim() === "") throw new CliError("the token is empty", "token");
  const atOption = args.options.get("--at");
  const at = typeof atOption === "string" ? parseAt(atOption) : Date.now();
  const reference = typeof atOption === "string" ? atOption : "now";
  const t = decodeToken(raw, at, { reference, where: "argument" });
  io.stdout(args.options.has("--json") ? `${jsonText(json(t))}\n` : card(t, reference, reportWidth(io), styleFor(io)));
  return EXIT.ok;
}

export const tokenCommand: CommandSpec = {
  name: "token",
  summary: "Decode a JWT, JWE, Basic credentials or an opaque token, locally",
  description: [
    "Decodes the token without sending it anywhere and without checking its signature: the JOSE header and claims of a JWT (with what each claim means), the header of an encrypted JWT (what is encrypted and how), the user of Basic credentials (never the password), or the length and issuer prefix of an opaque token. Times (exp, nbf, iat) are shown in UTC and local time, relative to now or to --at, and judged with 60 s of leeway.",
    "The argument may be the bare token or a whole Authorization value (\"Bearer …\", \"DPoP …\", \"Basic …\"). Quote it for the shell. A token that does not decode is still a result: the output says which part fails and why.",
  ],
  arguments: [{ name: "<token>", description: "The token, or \"Bearer <token>\" / \"Basic <credentials>\"" }],
  options: [
    { name: "--json", description: "Print the decoded token as JSON on stdout, and nothing else" },
    { name: "--at", value: { placeholder: "<ISO time>" }, description: "Judge times against this instant instead of now, e.g. 2026-11-24T10:00:00Z (the time of a captured request)" },
    HELP_OPTION,
  ],
  sections: [
    {
      title: "JSON output",
      lines: [
        '{"kind": "jws" | "jwe" | "basic" | "opaque" | "unsecured" | "malformed",',
        ' "header"?: {…}, "payload"?: {…}, "user"?: "<Basic user-id>",',
        ' "problems": [{"code", "severity", "message"}],',
        ' "times"?: {"exp"?, "nbf"?, "iat"?: "<ISO 8601, UTC>"}}',
        "code is a finding code (token.jwt, auth.token-expired…). The Basic password is never",
        "printed. The exit status is 0 whenever the token was read, even when it does not decode.",
      ],
    },
  ],
  examples: [
    "authlens token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2ln",
    "authlens token 'Bearer eyJhbGciOi…'",
    "authlens token --at 2026-11-24T10:00:00Z \"$TOKEN\"   # judge exp at the time of a request",
    "authlens token --json 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='",
  ],
  run,
};
