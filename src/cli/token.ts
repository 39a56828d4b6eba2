/**
 * `authlens token [--json] [--at <ISO time>] [--jwks <file> | --key <file> | --secret-env <name>]
 * <token | ->`: decodes one token locally (a JWT, a JWE header, Basic credentials or an opaque
 * token), judges its times against --at or the clock and, given keys, verifies its signature
 * (core/tokens/verify). Core has no clock; the CLI reads it here and passes the time in. The Basic
 * password and the secret are never printed, and the token itself only masked.
 */
import type { Severity } from "../core/findings.ts";
import { decodeToken, type FoundToken, headerMeaning, type TokenProblem } from "../core/tokens/index.ts";
import { type KeySet, type Verdict, verifyJws, type VerifyResult } from "../core/tokens/verify/index.ts";
import { reportWidth } from "./analyze.ts";
import { type CommandSpec, HELP_OPTION, type ParsedArgs } from "./args.ts";
import { CliError, EXIT, type Io } from "./io.ts";
import { jsonText } from "./json-text.ts";
import { keysFromOptions } from "./key-files.ts";
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
  /** Present when keys were given: the verdict on the signature. */
  signature?: Omit<VerifyResult, "tried">;
}

/** The most a token read from standard input may be: far above any real token, far below a mistake like piping a HAR in. */
const STDIN_CHARS = 1024 * 1024;

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

const VERDICT_LABEL: Record<Verdict, { readonly text: string; readonly severity: Severity }> = {
  valid: { text: "VALID", severity: "info" },
  invalid: { text: "INVALID", severity: "error" },
  "key-unknown": { text: "KEY UNKNOWN", severity: "error" },
  unsupported: { text: "UNSUPPORTED", severity: "warning" },
  error: { text: "NOT CHECKED", severity: "warning" },
};

function signatureLines(v: VerifyResult, width: number, style: Style): string[] {
  const label = VERDICT_LABEL[v.verdict];
  const head = wrapIndented(`${label.text}: ${safeProse(v.reason)}`, width, VALUE, CARD);
  head[0] = `${CARD}${style.severity(label.severity, label.text)}${head[0]!.slice(CARD.length + label.text.length)}`;
  return [
    ...head,
    ...(v.key ? wrapIndented(`key: ${safeLine(v.key.label)} (${v.key.kty}${v.key.crv ? ` ${v.key.crv}` : ""})`, width, VALUE, CARD) : []),
    ...v.notes.flatMap((n) => wrapIndented(safeProse(n), width, VALUE, `${CARD}note: `).map((l) => style.dim(l))),
  ];
}

function card(t: FoundToken, reference: string, width: number, style: Style, signature?: VerifyResult): string {
  const lines = [style.bold(KIND_TITLE[t.kind]), ...wrapIndented(safeLine(`${t.masked}${t.issuerGuess ? `, ${t.issuerGuess}` : ""}`), width, CARD)];
  const note =
    t.kind === "jws" && !signature
      ? "The signature is not checked: AuthLens decodes; it verifies only with --jwks, --key or --secret-env."
      : t.kind === "jwe"
        ? "Reading the claims needs the recipient's private key, which AuthLens never asks for."
        : "";
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
  if (signature) lines.push(...section("Signature, checked locally (nothing was sent anywhere):", signatureLines(signature, width, style)));
  return `${lines.join("\n")}\n`;
}

function json(t: FoundToken, signature?: VerifyResult): JsonOutput {
  const times = Object.fromEntries(Object.entries(t.times ?? {}).flatMap(([name, time]) => (time ? [[name, time.iso]] : [])));
  return {
    kind: t.kind,
    ...(t.header ? { header: t.header } : {}),
    ...(t.payload ? { payload: t.payload } : {}),
    ...(t.user !== undefined ? { user: t.user } : {}),
    problems: t.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message })),
    ...(Object.keys(times).length > 0 ? { times } : {}),
    ...(signature ? { signature: withoutTried(signature) } : {}),
  };
}

function withoutTried({ tried: _tried, ...rest }: VerifyResult): Omit<VerifyResult, "tried"> {
  return rest;
}

/** The token argument, or standard input for "-". */
async function tokenText(arg: string, io: Io): Promise<string> {
  if (arg !== "-") return arg;
  if (!io.readStdin) throw new CliError("no standard input to read the token from", "token");
  try {
    return await io.readStdin(STDIN_CHARS);
  } catch (error) {
    throw new CliError(error instanceof RangeError ? `standard input is over ${STDIN_CHARS / 1024} KB: give one token` : "standard input could not be read", "token");
  }
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const atOption = args.options.get("--at");
  const at = typeof atOption === "string" ? parseAt(atOption) : Date.now();
  const keys: KeySet | undefined = await keysFromOptions(args.options, io);
  const raw = await tokenText(args.positionals[0]!, io);
  if (raw.trim() === "") throw new CliError(args.positionals[0] === "-" ? "the token read from standard input is empty" : "the token is empty", "token");
  const reference = typeof atOption === "string" ? atOption : "now";
  const t = decodeToken(raw, at, { reference, where: "argument" });
  const signature = keys ? await verifyJws(raw, keys) : undefined;
  io.stdout(args.options.has("--json") ? `${jsonText(json(t, signature))}\n` : card(t, reference, reportWidth(io), styleFor(io), signature));
  return signature && signature.verdict !== "valid" ? EXIT.findings : EXIT.ok;
}

export const tokenCommand: CommandSpec = {
  name: "token",
  summary: "Decode a JWT, JWE, Basic credentials or an opaque token, locally",
  description: [
    "Decodes the token without sending it anywhere and without checking its signature: the JOSE header and claims of a JWT (with what each claim means), the header of an encrypted JWT (what is encrypted and how), the user of Basic credentials (never the password), or the length and issuer prefix of an opaque token. Times (exp, nbf, iat) are shown in UTC and local time, relative to now or to --at, and judged with 60 s of leeway.",
    "The argument may be the bare token or a whole Authorization value (\"Bearer …\", \"DPoP …\", \"Basic …\"). Quote it for the shell, or give - and pipe it in. A token copied from a log with line breaks or spaces is joined again, with a note. A token that does not decode is still a result: the output says which part fails and why, and shows the parts that do decode.",
    "With --jwks, --key or --secret-env the signature is verified too (RS256/384/512, PS256/384/512, ES256/384/512, EdDSA with Ed25519, HS256/384/512), the key chosen by the token's kid and alg as a server does (RFC 7515 §4.1.4, RFC 7517 §4). alg none, critical parameters AuthLens does not understand, and a key of another type than the alg needs (an RSA public key used as an HMAC secret, RFC 8725 §3.1) are refused. Nothing is fetched: jku, x5u and jwks_uri are never followed; give the keys as files.",
  ],
  arguments: [{ name: "<token>", description: "The token, \"Bearer <token>\" / \"Basic <credentials>\", or - to read it from standard input" }],
  options: [
    { name: "--json", description: "Print the decoded token as JSON on stdout, and nothing else" },
    { name: "--at", value: { placeholder: "<ISO time>" }, description: "Judge times against this instant instead of now, e.g. 2026-11-24T10:00:00Z (the time of a captured request)" },
    { name: "--jwks", value: { placeholder: "<file>" }, description: "Verify the signature with the keys of this JWK Set (a saved jwks_uri response, RFC 7517 §5) or single JWK" },
    { name: "--key", value: { placeholder: "<file>" }, description: "Verify with this PEM file: a public key, an X.509 certificate or an RSA PUBLIC KEY (or a JWK)" },
    { name: "--secret-env", value: { placeholder: "<name>" }, description: "Verify an HS256/384/512 token with the secret in this environment variable (its UTF-8 bytes); never printed" },
    HELP_OPTION,
  ],
  sections: [
    {
      title: "JSON output",
      lines: [
        '{"kind": "jws" | "jwe" | "basic" | "opaque" | "unsecured" | "malformed",',
        ' "header"?: {…}, "payload"?: {…}, "user"?: "<Basic user-id>",',
        ' "problems": [{"code", "severity", "message"}],',
        ' "times"?: {"exp"?, "nbf"?, "iat"?: "<ISO 8601, UTC>"},',
        ' "signature"?: {"verdict": "valid" | "invalid" | "key-unknown" | "unsupported" | "error",',
        '   "alg"?, "kid"?, "key"?: {"label", "kty", "origin", "kid"?, "alg"?, "crv"?},',
        '   "reason": "<why, with the RFC section>", "notes": ["<advice>", …]}}',
        "code is a finding code (token.jwt, token.invalid, auth.token-expired…). The Basic password",
        "and the secret are never printed. signature is present only with a key option.",
      ],
    },
  ],
  exitStatus: [
    ["0", "the token was read (even when it does not decode) and, with a key option, its signature verifies"],
    ["1", "a key option was given and the signature is not verified: signature.verdict says why (invalid, key-unknown, unsupported, error)"],
    ["2", "usage error, an empty token, or a key file or variable that cannot be read or holds no usable key; one line on stderr says why"],
  ],
  examples: [
    "authlens token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2ln",
    "authlens token 'Bearer eyJhbGciOi…'",
    "authlens token --at 2026-11-24T10:00:00Z \"$TOKEN\"   # judge exp at the time of a request",
    "authlens token --json 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='",
    "authlens token --jwks jwks.json \"$TOKEN\"          # verify against a saved JWKS",
    "pbpaste | authlens token --key public.pem -   # the token on the clipboard, a PEM key",
    "JWT_SECRET=… authlens token --secret-env JWT_SECRET \"$TOKEN\"",
  ],
  run,
};
