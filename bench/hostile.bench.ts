/**
 * Hostile inputs in bounded, linear time. The unit tests check what these inputs give (a clear
 * result, nothing thrown); how long they take is measured here, since tests assert no wall-clock
 * time. Each case is built at full size and at an eighth of it: linear work takes about 8 times
 * as long at full size, so the printed ratio (time at full ÷ (8 × time at an eighth)) stays near
 * 1, and a quadratic path shows a ratio near 8.
 *
 *   npx tsx bench/hostile.bench.ts      (also run by `npm run bench`)
 *
 * It prints and never fails: timings depend on the machine.
 */
import type { Exchange } from "../src/core/exchange.ts";
import { parseSetCookie } from "../src/core/credentials/set-cookie.ts";
import { matches, parseQuery } from "../src/core/search/index.ts";
import { redactExchange } from "../src/core/share/redact-exchange.ts";
import { decodeToken } from "../src/core/tokens/index.ts";

const FULL = 1 << 20;
const RUNS = 5;
const AT = Date.UTC(2026, 10, 24, 10);
/** A real-shaped JWT (header {"alg":"HS256","typ":"JWT"}) for the tildes case. */
const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiZXhwIjoxNzY0MDAwMDAwfQ.c2lnbmF0dXJl";

function exchange(url: string, headers: [string, string][], body?: string): Exchange {
  return {
    id: "e1",
    observedAt: AT,
    request: { method: "POST", url, headers: headers.map(([name, value]) => ({ name, value })), cookies: [] },
    response: {
      status: 200,
      statusText: "",
      headers: [],
      ...(body !== undefined ? { body: { text: body, mimeType: "application/json" } } : {}),
    },
    sources: ["har-file"],
  };
}

/** Each case: a name and the work for an input of `n` characters. */
const CASES: readonly [string, (n: number) => () => unknown][] = [
  ["Set-Cookie: 1 MB value and 10,000 attributes", (n) => {
    const v = `a=${"x".repeat(n)}; ${"Path=/; ".repeat(n / 100)}`;
    return () => parseSetCookie(v);
  }],
  ["redaction: 1 MB token, cookie, spaced key, fake JWT, JSON body", (n) => {
    const huge = "A".repeat(n);
    const x = exchange(
      `https://api.example.com/v1?token=${huge}`,
      [
        ["Authorization", `Bearer ${huge}`],
        ["Cookie", `sid=${huge}`],
        ["X-Api-Key", `a${" ".repeat(n)}b`],
        ["X-Other", `${"eyJ".repeat(n / 4)}.${"e".repeat(n / 4)}`],
      ],
      `{"token":"${huge}", "x": "${"\\\\".repeat(n / 4)}"}`,
    );
    return () => redactExchange(x);
  }],
  ["search: glob query against a 1 MB header", (n) => {
    const d = { exchange: exchange("https://api.example.com/v1", [["X-Big", "a".repeat(n)]]), rootCause: null, findings: [] };
    const q = parseQuery(`${"a".repeat(200)}b code:${"*a".repeat(100)}b -has:x`);
    return () => matches(q, d);
  }],
  ["token: 1 MB of one character", (n) => {
    const raw = "A".repeat(n);
    return () => decodeToken(raw, AT);
  }],
  ["token: 1 MB that looks like a JWT", (n) => {
    const raw = `eyJ${"A".repeat(n)}.e30.c2ln`;
    return () => decodeToken(raw, AT);
  }],
  ["token: a million dots", (n) => {
    const raw = ".".repeat(n);
    return () => decodeToken(raw, AT);
  }],
  ["token: a million tildes after a JWT", (n) => {
    const raw = `${JWT}${"~".repeat(n)}`;
    return () => decodeToken(raw, AT);
  }],
  ["token: 1 MB of Basic", (n) => {
    const raw = `Basic ${"QUFB".repeat(n / 4)}`;
    return () => decodeToken(raw, AT);
  }],
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(work: () => unknown): number {
  work();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    work();
    runs.push(performance.now() - started);
  }
  return median(runs);
}

console.log("hostile inputs: median of 5 runs, full size (1 MB) and an eighth; ratio = full ÷ (8 × eighth), ≈1 when linear");
for (const [name, make] of CASES) {
  const full = time(make(FULL));
  const eighth = time(make(FULL / 8));
  const ratio = full / (8 * Math.max(eighth, 0.001));
  console.log(`  ${name.padEnd(66)} ${full.toFixed(1).padStart(8)} ms   ratio ${ratio.toFixed(2)}`);
}
