/**
 * Firefox and Chromium, same lab, same AuthLens route (standalone page, background webRequest
 * capture), same findings. Every problem scenario of the lab runs once in each browser
 * (`/?run=all`); the finding codes of each scenario's rows, and of the detail of the five
 * scenarios the issue names, must be equal. The differences allowed are listed, with their
 * reasons, in differences.ts. Both browsers' codes are written to artifacts/firefox-parity.json.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { SCENARIOS, type Scenario } from "../lab/scenarios.ts";
import { type Lab, startLab } from "../lab/server.ts";
import { launchChromiumStandalone } from "./chromium.ts";
import {
  ALLOWED_DIFFERENCES,
  blockedAfterResponse,
  isCorsCode,
  stoppedByPreflight,
} from "./differences.ts";
import { launchFirefoxStandalone } from "./firefox.ts";
import { actualRows, KEY_SCENARIOS, openDetail, pickTab, type StandaloneSession, waitForRows } from "./standalone.ts";

const PROBLEMS = SCENARIOS.filter((s) => !s.helper);
const KEY: readonly string[] = KEY_SCENARIOS;

interface Seen {
  /** One entry per row of the scenario's actual request: its codes, sorted, space-separated. */
  rows: string[];
  /** The codes of the first row's detail, sorted (the five key scenarios only). */
  detail?: string[];
}
type Observation = { browser: string; timings: Record<string, number>; scenarios: Record<string, Seen> };

async function observe(session: StandaloneSession, lab: Lab): Promise<Observation> {
  try {
    await pickTab(session.panel, lab.pageOrigin);
    const t = Date.now();
    await session.lab.runAll();
    const rows = await waitForRows(
      session.panel,
      (name) => lab.originFor(PROBLEMS.find((s) => s.name === name) ?? {}),
      PROBLEMS.map((s) => s.name),
    );
    session.timings.runAll = (Date.now() - t) / 1000;
    const scenarios: Record<string, Seen> = {};
    for (const s of PROBLEMS) {
      const mine = actualRows(rows, lab.originFor(s), s.name);
      const seen: Seen = { rows: mine.map((r) => [...r.codes].sort().join(" ")).sort() };
      if (KEY.includes(s.name) && mine[0]) {
        seen.detail = (await openDetail(session.panel, mine[0].id)).findings.map((f) => f.code).sort();
      }
      scenarios[s.name] = seen;
    }
    return { browser: `${session.browserName} ${session.version}`, timings: session.timings, scenarios };
  } finally {
    await session.close();
  }
}

/** Sorted codes of one row, without those an allowed difference leaves out. */
function kept(codes: string, ignored: (code: string) => boolean): string {
  return codes
    .split(" ")
    .filter((c) => c !== "" && !ignored(c))
    .join(" ");
}

describe("the same lab scenarios give the same findings in Firefox and Chromium", { timeout: 150_000 }, () => {
  let lab: Lab;
  let chromium: Observation;
  let firefox: Observation;

  before(async () => {
    lab = await startLab({ pagePort: 0, apiPort: 0 });
    // One browser at a time: two cores, and the same lab.
    chromium = await observe(await launchChromiumStandalone({ extensionDir: "dist/chrome-test", labOrigin: lab.pageOrigin }), lab);
    firefox = await observe(await launchFirefoxStandalone({ extensionDir: "dist/firefox-test", labOrigin: lab.pageOrigin }), lab);
    writeFileSync("artifacts/firefox-parity.json", `${JSON.stringify({ chromium, firefox }, null, 2)}\n`);
    console.log(`chromium: ${JSON.stringify(chromium.timings)} s; firefox: ${JSON.stringify(firefox.timings)} s`);
  });

  after(async () => {
    await lab?.close();
  });

  function compare(s: Scenario): void {
    const c = chromium.scenarios[s.name]!;
    const f = firefox.scenarios[s.name]!;
    assert.ok(c.rows.length > 0 && f.rows.length > 0, `${s.name} is listed in both browsers`);
    const allowed = ALLOWED_DIFFERENCES.filter((d) => d.applies(s));
    const ignored = (code: string) => allowed.some((d) => d.ignores(code));
    const why = allowed.length > 0 ? ` (left out: ${allowed.map((d) => d.reason).join("; ")})` : "";
    if (blockedAfterResponse(s)) {
      // Blocked after the response arrived: both browsers must name the CORS failure.
      assert.ok(
        f.rows.some((r) => r.split(" ").some(isCorsCode)),
        `Firefox reports a cors.* finding for ${s.name}: ${JSON.stringify(f.rows)}`,
      );
    }
    for (const d of allowed) {
      const [fewer, more] = d.fewerIn === "firefox" ? [f, c] : [c, f];
      const codes = (seen: Seen) => new Set(seen.rows.flatMap((r) => r.split(" ")).filter((x) => d.ignores(x)));
      const extra = [...codes(fewer)].filter((x) => !codes(more).has(x));
      assert.deepEqual(extra, [], `${s.name}: ${d.fewerIn} may show fewer of these codes, never others`);
    }
    assert.deepEqual(
      f.rows.map((r) => kept(r, ignored)),
      c.rows.map((r) => kept(r, ignored)),
      `${s.name}: row codes, Firefox vs Chromium${why}`,
    );
    if (c.detail) {
      assert.deepEqual(
        f.detail?.filter((x) => !ignored(x)),
        c.detail.filter((x) => !ignored(x)),
        `${s.name}: detail codes, Firefox vs Chromium${why}`,
      );
    }
  }

  for (const s of PROBLEMS) {
    const note = blockedAfterResponse(s)
      ? " (blocked after the response)"
      : stoppedByPreflight(s)
        ? " (token.* aside: stopped by its preflight)"
        : "";
    it(`${s.name}${KEY.includes(s.name) ? " [key]" : ""}${note}`, () => compare(s));
  }
});
