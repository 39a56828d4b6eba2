/**
 * A diagnosis as a Markdown block to paste into a bug report (CommonMark + GitHub's extensions).
 * Values from the network never shape the document: in prose they are escaped (no HTML, links,
 * images or emphasis can come from them), and they never contain a line break, so they cannot
 * start a heading, list or fence; headers go in a fence longer than any backtick run they hold.
 */
import type { Diagnosis } from "../diagnose.ts";
import type { Finding, Severity } from "../findings.ts";
import type { HeaderList } from "../headers.ts";
import { rootParts } from "../root-cause.ts";
import { statusView } from "../status-view.ts";
import { shareable } from "./redact-exchange.ts";
import { REDACTED, type ShareOptions } from "./rules.ts";
import { revealer } from "./reveal.ts";
import { textScrubber } from "./scrub.ts";

/** Characters of one value shown in a report; a bug report needs the start of a huge value, not all of it. */
const MAX_VALUE_CHARS = 2_000;

const SEVERITY_WORD: Readonly<Record<Severity, string>> = { error: "Error", warning: "Warning", info: "Info" };

/** C0 and C1 controls, DEL and the Unicode line and paragraph separators: anything that may break a line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being neutralised.
const LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

function clipValue(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} chars)` : text;
}

/** On one line: every control character becomes a space. */
function oneLine(text: string): string {
  return text.replace(LINE_BREAKING, " ");
}

/**
 * Prose from the network: backslash-escape every character that could start markup (CommonMark
 * §2.4 allows escaping any ASCII punctuation). `<` and `&` included: no HTML, no entity.
 */
export function escapeInline(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>~&|$!#]/g, "\\$&");
}

/** Inline code holding exactly `text` (CommonMark §6.1): a delimiter longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const flat = oneLine(text);
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A finding text: the backticked parts AuthLens puts around values become code spans (inert),
 * the rest is escaped prose. An unpaired backtick is escaped like any other character.
 */
function prose(text: string): string {
  const parts = clipValue(text).split("`");
  const paired = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i >= paired) out += `\\\`${escapeInline(part)}`;
    else out += i % 2 === 1 ? codeSpan(part) : escapeInline(part);
  }
  return out;
}

/**
 * Prose that starts a block: leading spaces would make it indented code, and a leading `-`, `+`,
 * `=` or `1.` a list, a rule or a setext underline (CommonMark §4.1, §5.2, §5.3).
 */
function paragraph(text: string): string {
  const p = prose(text.trimStart());
  const list = /^(\d{1,9})([.)])/.exec(p);
  if (list) return `${list[1]}\\${p.slice(list[1]!.length)}`;
  return /^[-+=]/.test(p) ? `\\${p}` : p;
}

/** Docs are AuthLens's own links, yet only a plain http(s) URL becomes an autolink. */
function link(url: string): string {
  return /^https?:\/\/[^\s<>`\\]+$/.test(url) ? `<${url}>` : codeSpan(url);
}

/** Readable URLs stay plain (and clickable); anything with markup characters is shown as code. */
function urlText(url: string): string {
  return /^[A-Za-z0-9\-.:/?#@&=%+,;]*$/.test(url) && url !== "" ? url : codeSpan(clipValue(url));
}

/** A header value in the fence: control characters shown as escapes, so one field line stays one line. */
function fenceText(text: string): string {
  return clipValue(text).replace(LINE_BREAKING, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

function fenced(lines: readonly string[], info: string): string {
  const body = lines.join("\n");
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

function findingBlock(f: Finding, scrub: (text: string) => string, label = ""): string {
  const head = `${label}**${SEVERITY_WORD[f.severity] ?? escapeInline(String(f.severity))}** ${codeSpan(f.code)}: ${escapeInline(scrub(f.title))}${f.phase ? ` (${escapeInline(f.phase)})` : ""}`;
  const parts = [head, paragraph(scrub(f.detail))];
  if (f.evidence.length > 0) {
    parts.push(f.evidence.map((e) => `- **${escapeInline(scrub(e.label))}:** ${codeSpan(clipValue(scrub(e.value)))}`).join("\n"));
  }
  if (f.fix) parts.push(`**Fix:** ${prose(scrub(f.fix))}`);
  if (f.docs.length > 0) parts.push(`**Docs:** ${f.docs.map(link).join(", ")}`);
  return parts.join("\n\n");
}

function headerLines(list: HeaderList): string[] {
  return list.map((h) => `${fenceText(h.name)}: ${fenceText(h.value)}`);
}

/**
 * `### GET https://… → 401 Unauthorized`, the root cause's card (severity, code, title, detail,
 * evidence, fix, docs) with its supporting findings one line each, then the other findings, then
 * the request and response headers in a fence. Redacted unless `includeSecrets`.
 */
export function diagnosisToMarkdown(d: Diagnosis, opts: ShareOptions): string {
  const { exchange: x, secrets } = shareable(d.exchange, opts.includeSecrets);
  // With secrets, the masks core wrote into finding texts are put back too (reveal.ts).
  const scrub = opts.includeSecrets ? revealer(d.exchange) : textScrubber(secrets);
  const r = x.response;
  // A response the browser withheld reads as blocked, never as its bare status (status-view.ts).
  const outcome = escapeInline(statusView(x, d.findings).text);
  const blocks = [`### ${escapeInline(x.request.method)} ${urlText(x.request.url)} → ${outcome}`];

  if (d.findings.length === 0) blocks.push("No findings.");
  // Root cause first (FINDINGS.md v2): its card, what agrees with it in one line each, then the rest.
  const { root, supporting, independent: others } = rootParts(d);
  if (root) blocks.push(findingBlock(root, scrub, "**Root cause:** "));
  if (supporting.length > 0) {
    const agrees = supporting.map((f) => `- ${codeSpan(f.code)} ${escapeInline(scrub(f.title))}: ${prose(scrub(f.detail))}`);
    blocks.push(`**Supporting evidence**\n\n${agrees.join("\n")}`);
  }
  if (root && others.length > 0) blocks.push("**Other findings**");
  for (const f of others) blocks.push(findingBlock(f, scrub));

  const lines = [`${fenceText(x.request.method)} ${fenceText(x.request.url)}${x.request.httpVersion ? ` ${fenceText(x.request.httpVersion)}` : ""}`];
  for (const line of headerLines(x.request.headers)) lines.push(line);
  lines.push("");
  if (r) {
    lines.push(`${r.httpVersion ? `${fenceText(r.httpVersion)} ` : ""}${r.status} ${fenceText(r.statusText)}`.trimEnd());
    for (const line of headerLines(r.headers)) lines.push(line);
  } else {
    lines.push(`(no response${x.error ? `: ${fenceText(x.error)}` : ""})`);
  }
  blocks.push(`**Request and response headers**${opts.includeSecrets ? "" : ` (secrets replaced by ${escapeInline(REDACTED)})`}`);
  blocks.push(fenced(lines, "http"));
  return `${blocks.join("\n\n")}\n`;
}
