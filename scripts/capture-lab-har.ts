/**
 * Records the lab's scenarios as Chromium's DevTools sees them, into HAR fixtures for the CLI
 * tests: `test/fixtures/lab/lab-chromium.har` (what the AuthLens panel receives, credentials
 * included) and `lab-chromium-sanitized.har` (the same with Authorization, Cookie and Set-Cookie
 * removed and the cookie lists emptied, as Chrome's default "Export HAR (sanitized)" does).
 * Run: npm run build && npx tsx scripts/capture-lab-har.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { launchWithDevtools } from "../test/harness/devtools.ts";
import { SCENARIOS } from "../test/lab/scenarios.ts";
import { startLab } from "../test/lab/server.ts";

/** Where the two HAR files go (AUTHLENS_HAR_OUT to record elsewhere, e.g. to compare). */
const OUT = process.env.AUTHLENS_HAR_OUT ?? "test/fixtures/lab";
const STRIPPED = new Set(["authorization", "cookie", "set-cookie"]);

interface HarHeader {
  name: string;
  value: string;
}
interface HarMessage {
  headers: HarHeader[];
  cookies?: unknown[];
}
interface Har {
  log: { creator?: unknown; entries: { request: HarMessage; response: HarMessage }[] };
}

function sanitize(har: Har): Har {
  const copy = structuredClone(har);
  for (const e of copy.log.entries) {
    for (const m of [e.request, e.response]) {
      m.headers = m.headers.filter((h) => !STRIPPED.has(h.name.toLowerCase()));
      m.cookies = [];
    }
  }
  return copy;
}

const lab = await startLab({ pagePort: 18081, apiPort: 18082 });
const session = await launchWithDevtools({ extensionDir: "dist/chrome" });
try {
  const panel = await session.showPanel();
  // getHAR() leaves response bodies out; DevTools' own "Export HAR (with sensitive data)" keeps
  // them. Collect the small text bodies as requests finish, to put them back in the entries.
  await panel.evaluate(() => {
    const bodies: Record<string, { text: string; encoding?: string }> = {};
    (window as unknown as { labBodies: typeof bodies }).labBodies = bodies;
    chrome.devtools.network.onRequestFinished.addListener((entry) => {
      const e = entry as unknown as { startedDateTime: string; request: { method: string; url: string }; response: { content: { mimeType?: string; size?: number } } };
      if (!/json|^text\//.test(e.response.content.mimeType ?? "") || (e.response.content.size ?? 0) > 65_536) return;
      entry.getContent((text, encoding) => {
        if (typeof text === "string") bodies[`${e.startedDateTime} ${e.request.method} ${e.request.url}`] = { text, ...(encoding ? { encoding } : {}) };
      });
    });
  });
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  // The log's last entries trail the page's "done": wait until the panel lists every request of
  // every scenario (a retry loop has one per attempt), then until it has diagnosed all it received.
  for (const s of SCENARIOS.filter((x) => !x.helper)) {
    const rows = panel.locator(".row[data-exchange-id]").filter({ hasNot: panel.locator('[data-badge="preflight"]') }).filter({
      has: panel.locator(`.col-name[title$="/api/${s.name}"], .col-name[title*="/api/${s.name}?"]`),
    });
    await expect(rows).toHaveCount(s.request.repeat ?? 1, { timeout: 30_000 });
  }
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");
  const har = (await panel.evaluate(
    () => new Promise((resolve) => chrome.devtools.network.getHAR((log) => resolve({ log }))),
  )) as Har;
  const bodies = (await panel.evaluate(() => (window as unknown as { labBodies: Record<string, { text: string; encoding?: string }> }).labBodies)) ?? {};
  for (const e of har.log.entries as unknown as { startedDateTime: string; request: { method: string; url: string }; response: { content?: Record<string, unknown> } }[]) {
    const body = bodies[`${e.startedDateTime} ${e.request.method} ${e.request.url}`];
    if (body && e.response.content) Object.assign(e.response.content, body);
  }
  // DevTools' own export names itself "WebInspector"; keep that where getHAR() leaves it out.
  har.log.creator ??= { name: "WebInspector", version: "537.36" };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/lab-chromium.har`, `${JSON.stringify(har, null, 1)}\n`);
  writeFileSync(`${OUT}/lab-chromium-sanitized.har`, `${JSON.stringify(sanitize(har), null, 1)}\n`);
  console.log(`wrote ${OUT}/lab-chromium.har and lab-chromium-sanitized.har (${har.log.entries.length} entries)`);
} finally {
  await session.close();
  await lab.close();
}
