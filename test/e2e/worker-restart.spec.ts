/**
 * Standalone AuthLens (full capture, no DevTools log) while Chromium stops the extension's
 * service worker twice during a 500-request burst: every request the lab served is listed
 * exactly once. Standalone AuthLens listens to its tab's webRequest events from its own page, so
 * a restart of the background takes nothing with it (the panel's notice would count what a
 * restart cost, where the background is the only source).
 *
 * The lab holds a few requests of two waves unanswered while the worker is stopped, so that the
 * stop falls in the middle of requests the worker saw start (their request headers went to the
 * dead worker) and the rest of the burst goes on meanwhile. The set of requests to expect is
 * the lab server's own log, not a guess.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import type { DevtoolsSession } from "../harness/devtools.ts";
import { type LabRequestLogEntry, type LabRequestTarget, startLab } from "../lab/server.ts";
import { expect, SCREENSHOTS, test } from "./fixtures.ts";
import { WorkerWatch } from "./worker-watch.ts";

test.use({ extensionDir: "dist/chrome-test" });

const BURST = 500;

/**
 * Requests held unanswered at each stop: the first ones of waves 2 and 4 (the page sends waves
 * of 100), on both servers. Chromium opens six connections per host, so a few held requests
 * leave the rest of the wave flowing.
 */
const HOLDS: readonly (readonly number[])[] = [
  [100, 101, 102, 103, 104, 107],
  [300, 301, 302, 303, 304, 307],
];

/** The burst's request number, from `?i=N`. */
function burstIndex(query: string): number | undefined {
  const m = /(?:^|&)i=(\d+)(?:&|$)/.exec(query);
  return m ? Number(m[1]) : undefined;
}

/** A gate per stop: requests it names wait at the lab until it opens; `arrived` resolves when all have come in. */
class Gate {
  private waiting = new Set<number>();
  private openGate!: () => void;
  private allArrived!: () => void;
  readonly opened = new Promise<void>((r) => {
    this.openGate = r;
  });
  readonly arrived = new Promise<void>((r) => {
    this.allArrived = r;
  });

  constructor(readonly indexes: readonly number[]) {
    this.waiting = new Set(indexes);
  }

  hold(i: number): Promise<void> | undefined {
    if (!this.indexes.includes(i)) return undefined;
    this.waiting.delete(i);
    if (this.waiting.size === 0) this.allArrived();
    return this.opened;
  }

  open(): void {
    this.openGate();
  }
}

/** The burst's rows as the panel lists them (search `type:fetch`: webRequest's xmlhttprequest, which the list calls fetch): their count, from the list's own row count. */
async function listedBurstRows(panel: Page): Promise<number> {
  const rows = await panel.evaluate(() => document.querySelector("table.list-table")?.getAttribute("aria-rowcount"));
  return rows === null || rows === undefined ? 0 : Number(rows) - 1;
}

/** What the restart notice counts as missing, 0 without a notice. */
async function noticeCount(panel: Page): Promise<number> {
  const notice = panel.locator(".banner.restarted");
  if ((await notice.count()) === 0) return 0;
  return Number(await notice.getAttribute("data-missing"));
}

interface Listed {
  i: number;
  status: number;
}

/** Exports the view (the burst's rows) and returns each listed request's burst number and status. */
async function exportedRows(panel: Page, session: DevtoolsSession): Promise<Listed[]> {
  await panel.getByRole("button", { name: "Export HAR…" }).click();
  const dialog = panel.getByRole("dialog", { name: "Export HAR" });
  await expect(dialog).toBeVisible();
  // Chromium sends downloads to the CDP connection that last set the download folder: the second one.
  const seenBy = session.cdp.contexts().flatMap((c) => c.pages()).find((p) => p.url() === panel.url());
  if (!seenBy) throw new Error("the standalone page is not reachable over the second CDP connection");
  const download = seenBy.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download" }).click();
  const file = await download;
  const har = JSON.parse(readFileSync(await file.path(), "utf8")) as { log: { entries: { request: { url: string }; response: { status: number } }[] } };
  return har.log.entries.flatMap((e) => {
    const i = burstIndex(new URL(e.request.url).search.slice(1));
    return i === undefined ? [] : [{ i, status: e.response.status }];
  });
}

/**
 * Standalone AuthLens for the lab's tab, as "Open in window" opens it (`panel.html?tabId=N`),
 * its list narrowed to the page's fetch() calls.
 */
async function openStandalone(session: DevtoolsSession, pageOrigin: string): Promise<Page> {
  await session.page.goto(`${pageOrigin}/`);
  const standalone = await session.context.newPage();
  await standalone.goto(`chrome-extension://${session.extensionId}/src/panel/panel.html`);
  const tabId = await standalone.evaluate(async (origin) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(origin))?.id, pageOrigin);
  expect(tabId, "the lab's tab").toBeDefined();
  await standalone.goto(`chrome-extension://${session.extensionId}/src/panel/panel.html?tabId=${tabId}`);
  await expect(standalone.locator("html")).toHaveAttribute("data-mode", "standalone");
  await standalone.getByRole("searchbox").fill("type:fetch");
  return standalone;
}

test("a service worker stopped twice during a 500-request burst loses no request, or says exactly how many", async ({ session }) => {
  test.setTimeout(180_000);
  const served: LabRequestLogEntry[] = [];
  const gates = HOLDS.map((indexes) => new Gate(indexes));
  const lab = await startLab({
    pagePort: 0,
    apiPort: 0,
    onRequest: (e) => served.push(e),
    beforeAnswer: (r: LabRequestTarget) => {
      const i = burstIndex(r.query);
      if (i === undefined || r.method !== "GET") return undefined;
      for (const g of gates) {
        const held = g.hold(i);
        if (held) return held;
      }
      return undefined;
    },
  });
  try {
    const labPage = session.page;
    const standalone = await openStandalone(session, lab.pageOrigin);

    const worker = await WorkerWatch.attach(standalone);
    const burst = labPage.goto(`${lab.pageOrigin}/?busy=${BURST}`);
    for (const gate of gates) {
      await gate.arrived;
      await worker.stop();
      gate.open();
    }
    await burst;
    await labPage.waitForSelector("body[data-lab-done='1']", { timeout: 60_000 });

    const expected = new Set(served.flatMap((e) => burstIndex(e.query) ?? []));
    expect(expected.size, "the lab served the whole burst").toBe(BURST);

    // Settled: every served request is either listed or counted as missing.
    await expect
      .poll(async () => (await listedBurstRows(standalone)) + (await noticeCount(standalone)), { timeout: 60_000 })
      .toBe(BURST);
    const rows = await exportedRows(standalone, session);
    const listed = rows.map((r) => r.i);
    const missing = [...expected].filter((i) => !listed.includes(i));
    const twice = listed.filter((i, k) => listed.indexOf(i) !== k);
    expect(twice, "no request is listed twice").toEqual([]);
    expect(listed.filter((i) => !expected.has(i)), "nothing listed that the lab did not serve").toEqual([]);
    expect(await noticeCount(standalone), "the notice counts exactly the requests not listed").toBe(missing.length);
    // Standalone AuthLens listens to its tab itself: nothing is missing at all.
    expect(missing, "every request the lab served is listed").toEqual([]);
    expect(worker.stops, "the service worker was stopped twice").toBeGreaterThanOrEqual(2);

    // Requests that ended after a restart keep what the browser reported then: their status, as
    // the lab served it. (A CORS-blocked response whose headers came before the stop ends with
    // onErrorOccurred alone, which carries no status: those are left out of this check.)
    const servedStatus = new Map(served.flatMap((e) => (e.path.endsWith("/cors-missing-acao") ? [] : [[burstIndex(e.query), e.status] as const])));
    const wrong = rows.filter((r) => servedStatus.has(r.i) && servedStatus.get(r.i) !== r.status);
    expect(wrong, "listed with the status the lab served").toEqual([]);
    await standalone.screenshot({ path: `${SCREENSHOTS}/chromium-worker-restart.png` });
  } finally {
    await lab.close();
  }
});

test("requests in flight while the service worker is stopped are listed with their request headers", async ({ session }) => {
  const gate = new Gate([1, 2, 3]);
  const lab = await startLab({
    pagePort: 0,
    apiPort: 0,
    beforeAnswer: (r) => {
      const i = burstIndex(r.query);
      return i === undefined ? undefined : gate.hold(i);
    },
  });
  try {
    const labPage = session.page;
    const standalone = await openStandalone(session, lab.pageOrigin);
    const worker = await WorkerWatch.attach(standalone);

    // Three requests go out and wait at the lab; a fourth, sent after them, ends.
    await labPage.evaluate(() => {
      for (const i of [1, 2, 3]) void fetch(`/favicon.ico?i=${i}`);
    });
    await gate.arrived;
    await labPage.evaluate(() => fetch("/favicon.ico?i=4").then((r) => r.text()));
    // The fourth is listed while the three still wait at the lab.
    await expect.poll(() => listedBurstRows(standalone)).toBe(1);

    await worker.stop();
    // Standalone AuthLens listens to its tab from its own page: the background's restart takes
    // nothing with it. The three end now and are listed; no notice says anything may be missing.
    gate.open();
    await expect.poll(() => listedBurstRows(standalone)).toBe(4);
    await expect(standalone.locator(".app")).toHaveAttribute("aria-busy", "false");
    await expect(standalone.locator(".banner.restarted")).toHaveCount(0);
    await standalone.screenshot({ path: `${SCREENSHOTS}/chromium-worker-restart-in-flight.png` });
    const held = standalone.locator(".row[data-exchange-id]", { has: standalone.locator('.col-name[title$="?i=2"]') });
    await held.click();
    await standalone.locator('.detail [role="tab"][data-section="headers"]').click();
    await expect(standalone.locator(".detail table.headers").first()).toContainText(/user-agent/i);
  } finally {
    await lab.close();
  }
});
