/**
 * Mutated real captures: a slice of a committed HAR (Chrome's exports of the lab and of the CLI
 * fixtures, full and sanitized), its entries then rewritten by a list of mutations: hostile
 * header values, fields removed, retyped or replaced, bodies, URLs, statuses. Each input is a
 * plain description (fixture, slice, mutations) that fast-check generates and shrinks, and
 * `harText` turns it into the HAR text the pipeline reads.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { harFiles } from "../har-fixtures.ts";
import { headerValue, hostileJson, hostileJwt, hostileText, hugeText, RawJson } from "./hostile.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

interface BaseCapture {
  readonly name: string;
  readonly log: Record<string, unknown>;
  readonly entries: readonly unknown[];
}

let bases: BaseCapture[] | undefined;

/** The committed real captures (test/fixtures/**\/*.har, the fuzz regressions aside), read once. */
export function baseCaptures(): readonly BaseCapture[] {
  bases ??= harFiles(FIXTURES, ["fuzz"])
    .sort()
    .map((path) => {
      const doc = JSON.parse(readFileSync(path, "utf8")) as { log: Record<string, unknown> & { entries: unknown[] } };
      const { entries, ...log } = doc.log;
      return { name: relative(ROOT, path), log, entries };
    });
  return bases;
}

/** Where in an entry a mutation lands: the fields har.ts reads, and the containers around them. */
const ENTRY_PATHS: readonly string[] = [
  "", "startedDateTime", "time", "pageref", "_resourceType", "_initiator", "_initiator.type", "timings",
  "request", "request.method", "request.url", "request.httpVersion", "request.headers", "request.headers.0", "request.headers.0.name",
  "request.headers.0.value", "request.cookies", "request.cookies.0", "request.cookies.0.value", "request.queryString", "request.postData",
  "request.postData.text", "request.postData.mimeType", "request.postData.params",
  "response", "response.status", "response.statusText", "response.headers", "response.headers.0", "response.headers.0.value",
  "response.cookies", "response.content", "response.content.text", "response.content.mimeType", "response.content.encoding",
  "response.redirectURL", "response._error", "response._transferSize",
];

const LOG_PATHS: readonly string[] = ["version", "creator", "creator.name", "creator.version", "pages", "pages.0", "pages.0.title", "pages.0.id", "browser"];

export type Mutation =
  | { readonly op: "header"; readonly entry: number; readonly side: "request" | "response"; readonly mode: "add" | "set"; readonly name: string; readonly value: string }
  | { readonly op: "replace"; readonly entry: number; readonly path: string; readonly value: unknown }
  | { readonly op: "delete"; readonly entry: number; readonly path: string }
  | { readonly op: "retype"; readonly entry: number; readonly path: string }
  | { readonly op: "body"; readonly entry: number; readonly side: "request" | "response"; readonly mimeType: string; readonly text: string }
  | { readonly op: "url"; readonly entry: number; readonly url: string }
  | { readonly op: "status"; readonly entry: number; readonly status: unknown }
  | { readonly op: "log"; readonly path: string; readonly value: unknown }
  | { readonly op: "duplicate"; readonly entry: number; readonly times: number };

export interface FuzzInput {
  readonly capture: number;
  readonly start: number;
  readonly count: number;
  readonly mutations: readonly Mutation[];
}

const entryIndex = fc.nat({ max: 1_000 });

const jsonBody = fc.oneof(
  fc.tuple(hostileJwt, hostileText).map(([t, e]) => JSON.stringify({ access_token: t, id_token: t, token_type: "Bearer", expires_in: 3600, error: e, error_description: e })),
  fc.constantFrom('{"error":"invalid_grant","error_description":"Code expired"}', '{"error":"invalid_client"}', '{"error":{"__proto__":1}}', '{"message":"Jwt is missing"}', '{"code":"AADSTS700016"}'),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(8, 64, 65, 5_000).map((n) => `{"error":"invalid_token","x":${"[".repeat(n)}${"]".repeat(n)}}`),
  hostileText,
  hugeText,
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("header" as const), entry: entryIndex, side: fc.constantFrom("request" as const, "response" as const), mode: fc.constantFrom("add" as const, "set" as const), name: fc.constant(""), value: fc.constant("") }).chain((m) => headerValue.map((h) => ({ ...m, ...h }))) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("replace" as const), entry: entryIndex, path: fc.constantFrom(...ENTRY_PATHS), value: hostileJson }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), entry: entryIndex, path: fc.constantFrom(...ENTRY_PATHS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("retype" as const), entry: entryIndex, path: fc.constantFrom(...ENTRY_PATHS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("body" as const), entry: entryIndex, side: fc.constantFrom("request" as const, "response" as const), mimeType: fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "application/jwt", "application/problem+json; charset=utf-8"), text: jsonBody }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("url" as const), entry: entryIndex, url: fc.oneof(fc.tuple(fc.constantFrom("https://api.example.com/v1/", "http://10.0.0.7:8080/", "https://app.example.com/cb?", "ftp://x/", "https://id.example.com/authorize?"), hostileText, fc.option(hostileJwt)).map(([a, b, t]) => `${a}${b}${t ? `&access_token=${t}` : ""}`), hostileText, hugeText) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("status" as const), entry: entryIndex, status: fc.oneof(fc.constantFrom<unknown>(0, 200, 204, 301, 302, 400, 401, 403, 407, 500, -1, 999, 1e9, 401.5, "401", "NaN", null, "Infinity"), hostileJson) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("log" as const), path: fc.constantFrom(...LOG_PATHS), value: hostileJson }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("duplicate" as const), entry: entryIndex, times: fc.integer({ min: 1, max: 4 }) }) },
);

/**
 * A slice of 1–3 entries of a real capture and 1–6 mutations. One input in 200 takes a whole
 * capture (74 entries): it costs as much as a hundred slices, and the rules that relate
 * exchanges already meet each other within a slice.
 */
export function fuzzInput(maxEntries = 3): fc.Arbitrary<FuzzInput> {
  return fc.record({
    capture: fc.nat({ max: 100 }),
    start: fc.nat({ max: 1_000 }),
    count: fc.oneof({ weight: 199, arbitrary: fc.integer({ min: 1, max: maxEntries }) }, { weight: 1, arbitrary: fc.constant(1_000) }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
  });
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === "object" && v !== null;
}

/** The container holding `path`'s last key, or undefined where the path is cut. */
function parentOf(root: unknown, path: string): { parent: Container; key: string } | undefined {
  const keys = path.split(".");
  let node = root;
  for (const k of keys.slice(0, -1)) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return isContainer(node) ? { parent: node, key: keys[keys.length - 1]! } : undefined;
}

function define(parent: Container, key: string, value: unknown): void {
  // defineProperty, not assignment: a key "__proto__" then stays an own property, as JSON.parse makes it.
  Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Another JSON type for the same value: numbers as strings, strings as numbers, objects as arrays. */
function retyped(v: unknown): unknown {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return Number.isFinite(Number(v)) && v.trim() !== "" ? Number(v) : [v];
  // Array.from, not map: a deleted element leaves a hole that map would keep.
  if (Array.isArray(v)) return Object.fromEntries(Array.from(v, (x, i) => [String(i), x]));
  if (isContainer(v)) return Object.values(v);
  if (v === null) return {};
  return String(v);
}

function headersOf(entry: unknown, side: "request" | "response"): unknown[] | undefined {
  const message = isContainer(entry) ? (entry as Record<string, unknown>)[side] : undefined;
  const headers = isContainer(message) ? (message as Record<string, unknown>).headers : undefined;
  return Array.isArray(headers) ? headers : undefined;
}

function apply(entries: unknown[], log: Record<string, unknown>, m: Mutation): void {
  if (m.op === "log") {
    if (m.path === "") return;
    const at = parentOf(log, m.path);
    if (at) define(at.parent, at.key, m.value);
    return;
  }
  if (entries.length === 0) return;
  const i = m.entry % entries.length;
  const entry = entries[i];
  switch (m.op) {
    case "header": {
      const headers = headersOf(entry, m.side);
      if (!headers) return;
      const existing = headers.findIndex((h) => isContainer(h) && typeof (h as Record<string, unknown>).name === "string" && ((h as Record<string, unknown>).name as string).toLowerCase() === m.name.toLowerCase());
      if (m.mode === "set" && existing !== -1) headers[existing] = { name: m.name, value: m.value };
      else headers.push({ name: m.name, value: m.value });
      return;
    }
    case "replace":
      if (m.path === "") entries[i] = m.value;
      else {
        const at = parentOf(entry, m.path);
        if (at) define(at.parent, at.key, m.value);
      }
      return;
    case "delete":
      if (m.path === "") entries.splice(i, 1);
      else {
        const at = parentOf(entry, m.path);
        if (at) delete (at.parent as Record<string, unknown>)[at.key];
      }
      return;
    case "retype":
      if (m.path === "") entries[i] = retyped(entry);
      else {
        const at = parentOf(entry, m.path);
        if (at) define(at.parent, at.key, retyped((at.parent as Record<string, unknown>)[at.key]));
      }
      return;
    case "body": {
      if (!isContainer(entry)) return;
      const message = (entry as Record<string, unknown>)[m.side];
      if (!isContainer(message)) return;
      if (m.side === "response") define(message, "content", { size: m.text.length, mimeType: m.mimeType, text: m.text });
      else define(message, "postData", { mimeType: m.mimeType, text: m.text });
      return;
    }
    case "url": {
      const at = parentOf(entry, "request.url");
      if (at) define(at.parent, at.key, m.url);
      return;
    }
    case "status": {
      const at = parentOf(entry, "response.status");
      if (at) define(at.parent, at.key, m.status);
      return;
    }
    case "duplicate":
      for (let k = 0; k < m.times; k++) entries.splice(i, 0, structuredClone(entry));
      return;
  }
}

/** JSON.stringify, with RawJson values spliced in as their text (they may nest deeper than JSON.stringify recurses). */
function serialize(doc: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(doc, (_key, value: unknown) => {
    if (value instanceof RawJson) {
      raws.push(value.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return value;
  });
  return raws.length === 0 ? text : text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, n: string) => raws[Number(n)]!);
}

/** The HAR text of one fuzz input. Deterministic: the same input always gives the same text. */
export function harText(input: FuzzInput): string {
  const captures = baseCaptures();
  const base = captures[input.capture % captures.length]!;
  const start = input.start % base.entries.length;
  const entries = structuredClone(base.entries.slice(start, start + input.count)) as unknown[];
  const log = structuredClone(base.log);
  for (const m of input.mutations) apply(entries, log, m);
  return serialize({ log: { ...log, entries } });
}
