import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Diagnosis, RULES, diagnose, diagnoseEach } from "../../src/core/diagnose.ts";
import { importHar } from "../../src/core/har.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import { CATALOGUE, type Finding, type FindingCode, SEVERITY_RANK, type Severity, finding, isFindingCode } from "../../src/core/findings.ts";
import type { Rule } from "../../src/core/rule.ts";
import {
  API_ORIGIN,
  OPAQUE_TOKEN,
  PAGE_ORIGIN,
  analyze,
  chromeEntry,
  chromePreflight,
  codes,
  entry,
  exchangeOf,
  harOf,
  importEntries,
} from "./helpers.ts";

/** code → severity, from every table of the catalogue copy (first column code, second severity). */
function catalogueTables(): Map<string, string> {
  const text = readFileSync(new URL("../fixtures/unit/FINDINGS.md", import.meta.url), "utf8");
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    // "| `code` | severity | …" → ["", "`code`", "severity", …]
    const code = /^`([a-z]+\.[a-z0-9-]+)`$/.exec(cells[1] ?? "")?.[1];
    if (code !== undefined) out.set(code, cells[2] ?? "");
  }
  return out;
}

function emit(name: string, ...items: readonly [FindingCode, Severity?][]): Rule {
  return {
    name,
    run: (x) => items.map(([code, severity]) => finding(code, { detail: `${name} on ${x.id}`, evidence: [], ...(severity ? { severity } : {}) })),
  };
}

function throwing(name: string, error: unknown): Rule {
  return {
    name,
    run: () => {
      throw error;
    },
  };
}

const one401 = (): Exchange[] => [exchangeOf("e1", entry({ url: `${API_ORIGIN}/v1/orders`, status: 401 }))];

describe("diagnose", () => {
  it("turns a rule that throws into capture.partial and still runs the other rules", () => {
    const rules = [emit("before", ["auth.token-in-url"]), throwing("exploding", new Error("boom at byte 7")), emit("after", ["cors.blocked"])];
    const [d] = diagnose(one401(), {}, rules);
    expect(codes(d?.findings ?? []).sort()).toEqual(["auth.token-in-url", "capture.partial", "cors.blocked"]);
    const partial = d?.findings.find((f) => f.code === "capture.partial");
    expect(partial?.severity).toBe("info");
    expect(partial?.detail).toContain("exploding");
    expect(partial?.detail).toContain("boom at byte 7");
    expect(partial?.evidence).toContainEqual({ label: "Check", value: "exploding" });
  });

  it("survives a rule that throws something other than an Error", () => {
    const [d] = diagnose(one401(), {}, [throwing("odd", "a bare string"), throwing("odder", undefined)]);
    expect(codes(d?.findings ?? [])).toEqual(["capture.partial", "capture.partial"]);
    expect(d?.findings[0]?.detail).toContain("a bare string");
  });

  it("bounds the error text a failing rule reports", () => {
    const [d] = diagnose(one401(), {}, [throwing("long", new Error("x".repeat(100_000)))]);
    expect(d?.findings[0]?.detail.length).toBeLessThan(1_000);
  });

  it("runs a failing rule's neighbours on every exchange", () => {
    const xs = importEntries([entry({ at: 0 }), entry({ at: 1 }), entry({ at: 2 })]);
    const out = diagnose(xs, {}, [throwing("bad", new Error("x")), emit("good", ["auth.retry-loop"])]);
    expect(out.map((d) => codes(d.findings).sort())).toEqual(Array(3).fill(["auth.retry-loop", "capture.partial"]));
  });

  it("sorts findings most severe first, keeping the rules' order within one severity", () => {
    const rules = [
      emit("r1", ["auth.resource-metadata"], ["auth.retry-loop"]),
      emit("r2", ["cors.blocked"], ["token.jwt"]),
      emit("r3", ["auth.basic-prompt-risk"], ["auth.challenge-missing"], ["cors.vary-origin-missing"]),
    ];
    const [d] = diagnose(one401(), {}, rules);
    const found = d?.findings ?? [];
    expect(found.map((f) => f.severity)).toEqual(["error", "error", "warning", "warning", "info", "info", "info"]);
    expect(codes(found)).toEqual([
      "cors.blocked",
      "auth.challenge-missing",
      "auth.retry-loop",
      "cors.vary-origin-missing",
      "auth.resource-metadata",
      "token.jwt",
      "auth.basic-prompt-risk",
    ]);
  });

  it("sorts by the finding's own severity where it overrides the catalogue", () => {
    const [d] = diagnose(one401(), {}, [emit("r", ["auth.dpop-nonce-required"], ["auth.dpop-nonce-required", "warning"])]);
    expect(d?.findings.map((f) => f.severity)).toEqual(["warning", "info"]);
  });

  it("returns one diagnosis per exchange, in order, with preflight links filled in", () => {
    const xs = importEntries([
      chromeEntry({ method: "PUT", url: `${API_ORIGIN}/v1/orders`, at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
      chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 1, requestMethod: "PUT", status: 403 }),
    ]);
    const out = diagnose(xs);
    expect(out.map((d) => d.exchange.id)).toEqual(["e1", "e2"]);
    expect(out[0]?.exchange.preflightId).toBe("e2");
    expect(out[1]?.exchange.preflightFor).toBe("e1");
  });

  it("is pure: the same input gives the same output", () => {
    const xs = importEntries([chromeEntry({ status: 401, requestHeaders: { Authorization: "Bearer null" } })]);
    expect(diagnose(xs)).toEqual(diagnose(xs));
  });

  it("gives every finding a catalogued code with the catalogue's severity, title and docs", () => {
    const doc = harOf(
      [
        chromeEntry({ url: `${API_ORIGIN}/a`, at: 0, status: 401 }),
        chromeEntry({ url: `${API_ORIGIN}/b`, at: 1, status: 401, requestHeaders: { Authorization: "Bearer undefined" } }),
        chromeEntry({ url: `${API_ORIGIN}/c`, at: 2, status: 403, requestHeaders: { Cookie: "sid=1" } }),
        chromeEntry({ url: `${API_ORIGIN}/d`, at: 3, status: 407 }),
        chromeEntry({ url: `${API_ORIGIN}/e`, at: 4, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
        chromePreflight({ url: `${API_ORIGIN}/e`, at: 5, status: 401 }),
        chromeEntry({ url: `${API_ORIGIN}/f`, at: 6, status: 401, requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` } }),
      ],
      "WebInspector",
    );
    const all: Finding[] = analyze(doc).diagnoses.flatMap((d) => [...d.findings]);
    expect(all.length).toBeGreaterThan(5);
    for (const f of all) {
      expect(isFindingCode(f.code), f.code).toBe(true);
      const entry = CATALOGUE[f.code];
      expect(f.severity, f.code).toBe(entry.severity);
      expect(f.title).toBe(entry.title);
      expect(f.docs).toEqual(entry.docs);
      expect(f.detail.trim(), f.code).not.toBe("");
    }
  });
});

/**
 * Codes FINDINGS.md defines whose checks are not built yet (the catalogue holds only codes
 * something emits, so they are not in it). Every v2 code is built now: a new catalogue version
 * lists its codes here until they are.
 */
const NOT_YET_BUILT: ReadonlySet<string> = new Set<string>([]);

describe("the catalogue and FINDINGS.md", () => {
  const tables = catalogueTables();

  it("reads the tables of the catalogue copy", () => {
    // Five tables of codes; a broken parser would find few or none.
    expect(tables.size).toBeGreaterThan(40);
  });

  it("has every code of FINDINGS.md, with the same severity", () => {
    for (const [code, severity] of tables) {
      if (NOT_YET_BUILT.has(code)) {
        expect(isFindingCode(code), `${code} is built now: take it off NOT_YET_BUILT`).toBe(false);
        continue;
      }
      expect(isFindingCode(code), `${code} is in FINDINGS.md but not in CATALOGUE`).toBe(true);
      if (isFindingCode(code)) expect(CATALOGUE[code].severity, code).toBe(severity);
    }
  });

  it("has no code that FINDINGS.md does not define", () => {
    for (const code of Object.keys(CATALOGUE)) expect(tables.has(code), `${code} is not in FINDINGS.md`).toBe(true);
  });

  it("ranks error above warning above info", () => {
    expect(SEVERITY_RANK.error).toBeGreaterThan(SEVERITY_RANK.warning);
    expect(SEVERITY_RANK.warning).toBeGreaterThan(SEVERITY_RANK.info);
  });

  it("gives every code a title, and docs that are https links", () => {
    for (const [code, entry] of Object.entries(CATALOGUE)) {
      expect(entry.title.trim(), code).not.toBe("");
      for (const d of entry.docs) expect(d, code).toMatch(/^https:\/\/\S+$/);
    }
  });

  it("runs every default rule by a distinct name", () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});


describe("diagnoseEach", () => {
  it.each(["test/fixtures/lab/lab-chromium.har", "test/fixtures/lab/lab-chromium-sanitized.har", "test/fixtures/cli/chrome-auth.har"])(
    "emits exactly diagnose's result for %s, in order",
    (path) => {
      const imported = importHar(JSON.parse(readFileSync(path, "utf8")));
      if (!imported.ok) throw new Error(imported.error);
      const exchanges = imported.har.exchanges;
      const facts = path.includes("sanitized") ? { credentialsStripped: "stripped" } : {};
      const emitted: Diagnosis[] = [];
      diagnoseEach(exchanges, facts, (d) => emitted.push(d));
      const whole = diagnose(exchanges, facts);
      // The captures hold findings shared across exchanges (a preflight and its request), the copies diagnoseEach holds.
      expect(whole.some((d) => d.findings.some((f) => f.related !== undefined))).toBe(true);
      expect(JSON.stringify(emitted)).toBe(JSON.stringify(whole));
    },
  );

  it("adds copies to exchanges before and after the one that found them, without duplicates", () => {
    const rules: Rule[] = [
      {
        name: "links",
        run: (x) =>
          x.id === "e2"
            ? [finding("auth.retry-loop", { detail: "shared", evidence: [], related: ["e1", "e3", "e2", "nope"] })]
            : x.id === "e3"
              ? [finding("auth.retry-loop", { detail: "shared", evidence: [] }), finding("auth.challenge-missing", { detail: "own", evidence: [] })]
              : [],
      },
    ];
    const exchanges = importEntries([entry(), entry(), entry(), entry()]);
    const emitted: Diagnosis[] = [];
    diagnoseEach(exchanges, {}, (d) => emitted.push(d), rules);
    expect(JSON.stringify(emitted)).toBe(JSON.stringify(diagnose(exchanges, {}, rules)));
    expect(emitted.map((d) => d.findings.length)).toEqual([1, 1, 2, 0]);
  });
});
