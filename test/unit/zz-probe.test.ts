/**
 * Untrusted input must never throw out of core (ARCHITECTURE.md). These properties feed random
 * JSON-ish values and mutated real-looking HAR entries to the public entry points.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeHar } from "../../src/core/analyze-har.ts";
import { parseAuthorization } from "../../src/core/credentials/authorization.ts";
import { findPlaceholder } from "../../src/core/credentials/placeholder.ts";
import { PAGE_ORIGIN, chromeEntry, chromePreflight, entry, harOf } from "./helpers.ts";

const RUNS = { numRuns: 200 };

function expectResultShape(r: unknown): void {
  expect(typeof r === "object" && r !== null).toBe(true);
  const o = r as Record<string, unknown>;
  if (o.ok === true) {
    expect(typeof o.analysis).toBe("object");
  } else {
    expect(o.ok).toBe(false);
    expect(typeof o.error).toBe("string");
    expect((o.error as string).length).toBeGreaterThan(0);
  }
}

/** A few real-looking entries: a CORS failure with its preflight, a 401, a credentialed 200. */
function baseEntries(): Record<string, unknown>[] {
  return [
    chromeEntry({ method: "PUT", at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
    chromePreflight({ at: 1, requestMethod: "PUT", status: 401 }),
    entry({ at: 2, status: 401, requestHeaders: { Authorization: "Bearer undefined" }, responseHeaders: { "WWW-Authenticate": "Bearer" } }),
    chromeEntry({ at: 3, status: 200, error: "net::ERR_FAILED", cookies: [{ name: "sid", value: "1" }] }),
  ];
}

/** Paths into an entry where capture tools differ or break. */
const PATHS: readonly (readonly string[])[] = [
  [],
  ["startedDateTime"],
  ["time"],
  ["pageref"],
  ["request"],
  ["request", "method"],
  ["request", "url"],
  ["request", "headers"],
  ["request", "headers", "0"],
  ["request", "headers", "0", "name"],
  ["request", "headers", "0", "value"],
  ["request", "cookies"],
  ["request", "cookies", "0"],
  ["response"],
  ["response", "status"],
  ["response", "statusText"],
  ["response", "headers"],
  ["response", "headers", "0", "value"],
  ["response", "_error"],
  ["response", "redirectURL"],
  ["_resourceType"],
  ["_initiator"],
  ["_initiator", "type"],
];

/** Sets `value` at `path` inside `root`, creating objects on the way; the root itself when path is empty. */
function setAt(root: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const top = typeof root === "object" && root !== null ? root : {};
  let node = top as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return top;
}

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e308, "", " ", "OPTIONS", "net::ERR_FAILED", "preflight", null),
  fc.string({ unit: "binary", maxLength: 200 }),
);

const mutation = fc.record({
  entry: fc.nat({ max: 3 }),
  path: fc.constantFrom(...PATHS),
  value: hostile,
});


it("probe seeds", () => {
  let failed = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const r = fc.check(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom("WebInspector", "Firefox"), (mutations, creator) => {
        const entries: unknown[] = baseEntries();
        for (const m of mutations) entries[m.entry] = setAt(entries[m.entry], m.path, m.value);
        const r = analyzeHar(harOf(entries, creator));
        return r.ok;
      }),
      { numRuns: 200, seed },
    );
    if (r.failed) { failed++; console.log(seed, JSON.stringify(r.counterexample).slice(0, 300)); }
  }
  console.log("failed seeds", failed);
});
