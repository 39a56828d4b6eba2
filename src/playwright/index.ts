/**
 * `authlens/playwright`: AuthLens in a Playwright suite. The `test` exported here records each
 * test's browser traffic; `expectNoAuthProblems(page)` fails the test with AuthLens's root causes
 * in plain words, the failing request first; a failed test carries the diagnosis (Markdown) and
 * the redacted traffic (HAR, also written to the test's output folder) as attachments, so the
 * report says why the 401 or CORS error happened.
 *
 *   import { test, expect, expectNoAuthProblems } from "authlens/playwright";
 *   test("orders load", async ({ page }) => {
 *     await page.goto("/orders");
 *     await expectNoAuthProblems(page);
 *   });
 */
import { writeFile } from "node:fs/promises";
import {
  type BrowserContext,
  test as base,
  expect,
  type Page,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestInfo,
  type TestType,
} from "@playwright/test";
import { analyzeHar } from "../core/analyze-har.ts";
import type { Diagnosis } from "../core/diagnose.ts";
import { exportHar } from "../core/share/export-har.ts";
import { VERSION } from "../cli/version.ts";
import { TrafficRecorder } from "./recorder.ts";
import { type AuthLensOptions, type AuthProblem, authProblems, failureMessage, problemsMarkdown } from "./verdict.ts";

export type { AuthLensOptions, AuthProblem } from "./verdict.ts";
export { expect };

const CREATOR = { name: "AuthLens Playwright fixture", version: VERSION };

interface Recording {
  readonly recorder: TrafficRecorder;
  /** The options given to the fixture (test.use({ authlens: … })), under those of each check. */
  readonly options: AuthLensOptions;
}

const recordings = new WeakMap<BrowserContext, Recording>();

/**
 * Starts recording a browser context's traffic for expectNoAuthProblems, for a suite that builds
 * its own contexts or its own `test`. The `test` exported here does it for the `context` fixture.
 */
export function recordAuthTraffic(context: BrowserContext, options: AuthLensOptions = {}): TrafficRecorder {
  const known = recordings.get(context);
  if (known) return known.recorder;
  const recorder = new TrafficRecorder(context);
  recordings.set(context, { recorder, options });
  return recorder;
}

function contextOf(target: Page | BrowserContext): BrowserContext {
  return "context" in target && typeof target.context === "function" ? target.context() : (target as BrowserContext);
}

/** The recorded traffic of a page's context, analysed: every diagnosis, the failing ones, and the HAR read. */
export async function authLensDiagnoses(
  target: Page | BrowserContext,
  options: AuthLensOptions = {},
): Promise<{ diagnoses: Diagnosis[]; problems: AuthProblem[]; requests: number }> {
  const recording = recordings.get(contextOf(target));
  if (!recording) {
    throw new Error(
      'AuthLens is not recording this page\'s traffic: use `test` from "authlens/playwright", or call recordAuthTraffic(context) before the page loads.',
    );
  }
  const har = await recording.recorder.har(CREATOR);
  const result = analyzeHar(har, "devtools-network");
  if (!result.ok) throw new Error(`AuthLens could not read the recorded traffic: ${result.error}`);
  const { diagnoses } = result.analysis;
  return { diagnoses, problems: authProblems(diagnoses, { ...recording.options, ...options }), requests: har.log.entries.length };
}

/**
 * Fails when a request the page made so far failed for an auth or CORS reason AuthLens can name
 * (a root cause at `failOn` or worse, "error" by default); the message lists each such request,
 * method and URL first, with its root cause and fix. Requests still in flight are not judged.
 */
export async function expectNoAuthProblems(target: Page | BrowserContext, options: AuthLensOptions = {}): Promise<void> {
  const { problems } = await authLensDiagnoses(target, options);
  if (problems.length === 0) return;
  const error = new Error(failureMessage(problems));
  error.name = "AuthLensError";
  // The stack would point into AuthLens; the test's own line is what the report should show.
  Error.captureStackTrace?.(error, expectNoAuthProblems);
  throw error;
}

/** On a failed test: the diagnosis (Markdown) and the traffic (HAR, redacted) as attachments. */
async function attachDiagnosis(context: BrowserContext, testInfo: TestInfo): Promise<void> {
  const recording = recordings.get(context);
  if (!recording) return;
  const har = await recording.recorder.har(CREATOR);
  const result = analyzeHar(har, "devtools-network");
  if (!result.ok) return;
  const { diagnoses, har: imported } = result.analysis;
  const problems = authProblems(diagnoses, recording.options);
  await testInfo.attach("authlens-diagnosis.md", { body: problemsMarkdown(problems, har.log.entries.length), contentType: "text/markdown" });
  // The HAR is a file in the test's output folder as well as an attachment: a CI step can run
  // `authlens analyze` on it (test-results/**/authlens-traffic.har) after the suite.
  const redacted = exportHar(imported.exchanges, { includeSecrets: false, creator: CREATOR });
  const harPath = testInfo.outputPath("authlens-traffic.har");
  await writeFile(harPath, `${JSON.stringify(redacted.har, null, 2)}\n`);
  await testInfo.attach("authlens-traffic.har", { path: harPath, contentType: "application/json" });
}

export interface AuthLensFixtures {
  /** Options for every check of the test (`test.use({ authlens: { ignoreUrls: ["/health"] } })`). */
  authlens: AuthLensOptions;
}

/** Playwright's `test`, its `context` recorded by AuthLens. */
export const test: TestType<PlaywrightTestArgs & PlaywrightTestOptions & AuthLensFixtures, PlaywrightWorkerArgs & PlaywrightWorkerOptions> = base.extend<AuthLensFixtures>({
  authlens: [{}, { option: true }],
  context: async ({ context, authlens }, use, testInfo) => {
    const recorder = recordAuthTraffic(context, authlens);
    await use(context);
    if (testInfo.status === "failed" || testInfo.status === "timedOut") await attachDiagnosis(context, testInfo);
    recorder.stop();
  },
  // The page's first request is recorded in full: the recorder listens to the page before the test starts.
  page: async ({ page }, use) => {
    await recordings.get(page.context())?.recorder.ready();
    await use(page);
  },
});
