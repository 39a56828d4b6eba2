/**
 * The fuzz campaign's fast share (`npm run fuzz` runs 100,000): mutated real captures and
 * generated hostile values through the whole analysis (test/fuzz/pipeline.ts: HAR import,
 * diagnosis, JSON and text reports, detail view, redacted share formats, the CLI's token and
 * challenge commands). fast-check picks a random seed and prints it on failure; the failing
 * input is also saved under test/fixtures/fuzz/ for regressions.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileJwt, HEADER_NAMES, HEADER_VALUES } from "../../fuzz/hostile.ts";
import { fuzzInput, harText } from "../../fuzz/mutate.ts";
import { runPipeline } from "../../fuzz/pipeline.ts";
import { saveRegression } from "../../fuzz/save.ts";
import { chromeEntry, chromePreflight, harOf, PAGE_ORIGIN } from "../helpers.ts";

/** 2,000 inputs in all: about 30 s on an idle 2-core machine (`npm run fuzz` runs 100,000). */
const RUNS = { mutated: 700, headers: 600, tokens: 700 };
/** Only bounds a hung run; no test asserts a time. A loaded machine runs these several times slower. */
const TIMEOUT = 300_000;

/** Checks a property over `runs` HAR texts; a failure is saved as a fixture before the test fails with fast-check's report. */
async function checkHars<T>(label: string, arb: fc.Arbitrary<T>, text: (input: T) => string, runs: number): Promise<number> {
  let analysed = 0;
  const result = await fc.check(
    fc.asyncProperty(arb, async (input) => {
      if ((await runPipeline(text(input))).analysed) analysed++;
    }),
    { numRuns: runs },
  );
  if (result.failed) {
    const input = result.counterexample?.[0] as T | undefined;
    if (input !== undefined) {
      const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      saveRegression("crash", text(input), `test/unit/fuzz (${label}, seed ${result.seed}, path ${result.counterexamplePath})`, error);
    }
    throw new Error(fc.defaultReportMessage(result) ?? "property failed");
  }
  return analysed;
}

describe("the whole pipeline, fuzzed", () => {
  it("keeps its properties on mutated real captures", async () => {
    const analysed = await checkHars("mutated captures", fuzzInput(), harText, RUNS.mutated);
    // Most mutations leave a readable capture: the properties were checked on real analyses.
    expect(analysed).toBeGreaterThan(RUNS.mutated / 2);
  }, TIMEOUT);

  it("keeps them with hostile values in the headers a diagnosis reads, on a 401 behind a preflight", async () => {
    const headerPair = fc.constantFrom(...HEADER_NAMES).chain((name) => HEADER_VALUES[name]!.map((value) => [name, value] as const));
    const arb = fc.record({
      request: fc.array(headerPair, { maxLength: 4 }),
      response: fc.array(headerPair, { maxLength: 4 }),
      preflight: fc.array(headerPair, { maxLength: 3 }),
      status: fc.constantFrom(0, 200, 401, 403, 407),
    });
    type Pairs = (readonly [string, string])[];
    const text = (i: { request: Pairs; response: Pairs; preflight: Pairs; status: number }) =>
      JSON.stringify(
        harOf([
          chromePreflight({ at: 0, requestMethod: "PUT", requestHeadersList: "authorization", responseHeaders: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ...i.preflight] }),
          chromeEntry({ at: 1, method: "PUT", status: i.status, requestHeaders: [["Origin", PAGE_ORIGIN], ...i.request], responseHeaders: [...i.response] }),
        ]),
      );
    const analysed = await checkHars("hostile headers", arb, text, RUNS.headers);
    expect(analysed).toBe(RUNS.headers);
  }, TIMEOUT);

  it("keeps them with hostile tokens sent, set as cookies and issued in a token response", async () => {
    const arb = fc.record({ sent: hostileJwt, cookie: hostileJwt, issued: hostileJwt });
    const text = (i: { sent: string; cookie: string; issued: string }) => {
      const token = chromeEntry({ at: 0, method: "POST", url: "https://id.example.com/oauth2/token", status: 200, responseHeaders: { "Set-Cookie": `__Host-at=${i.cookie}; Secure; Path=/; SameSite=None` } });
      const body = JSON.stringify({ access_token: i.issued, token_type: "Bearer", expires_in: 3600 });
      (token.response as Record<string, unknown>).content = { size: body.length, mimeType: "application/json", text: body };
      return JSON.stringify(
        harOf([
          token,
          chromeEntry({ at: 5, status: 401, requestHeaders: { Authorization: `Bearer ${i.sent}`, Cookie: `__Host-at=${i.cookie}` }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }),
        ]),
      );
    };
    const analysed = await checkHars("hostile tokens", arb, text, RUNS.tokens);
    expect(analysed).toBe(RUNS.tokens);
  }, TIMEOUT);
});
