/**
 * Standalone AuthLens (the panel page opened as a page of its own, watching a tab through the
 * background's webRequest capture), driven the same way in Firefox (puppeteer-core over WebDriver
 * BiDi) and in Chromium (Playwright). Each browser supplies a small adapter; everything that reads
 * the panel lives here, so both browsers are read by the same code.
 *
 * Page functions given to `evaluate` are serialised into the page: they must not call anything
 * defined outside them, and they declare no named functions or arrow constants, which the test
 * runner's TypeScript transform would wrap in a helper the page does not have.
 */
import { mkdirSync } from "node:fs";

export const SCREENSHOTS = "artifacts/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });

/** The five scenarios the issue names; both tests read their detail, not only their row. */
export const KEY_SCENARIOS = ["bearer-401", "no-challenge-401", "valid-token-200", "preflight-fails", "credentialed-no-acac"] as const;

export interface PanelPage {
  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>>;
  /** A trusted click, as a user's. */
  click(selector: string): Promise<void>;
  screenshot(path: string): Promise<void>;
}

export interface LabTab {
  /** Runs one scenario in the lab page (`authlensLab.run`), helpers included. */
  run(name: string): Promise<void>;
  /** Loads `/?run=all` and waits until the page says it is done. */
  runAll(): Promise<void>;
}

export interface StandaloneSession {
  browserName: "firefox" | "chromium";
  version: string;
  lab: LabTab;
  panel: PanelPage;
  /** Seconds each phase took, for the report. */
  timings: Record<string, number>;
  close(): Promise<void>;
}

export interface PanelRow {
  id: string;
  url: string;
  codes: string[];
  sources: string;
  preflight: boolean;
}

export interface DetailFinding {
  code: string;
  severity: string;
}

export interface Detail {
  findings: DetailFinding[];
  /** The status line the detail shows, e.g. `401 Unauthorized` or `no response (NS_ERROR_DOM_BAD_URI)`. */
  status: string;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Polls `read` until `done` accepts its value; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      // The page may be between two documents; try again.
      lastError = error;
    }
    await sleep(100);
  }
  const seen = last === undefined ? `; last error: ${String(lastError)}` : `; last value: ${JSON.stringify(last)}`;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`);
}

/** The tab picker's choices: tab id and the text shown (title and URL). */
export async function tabChoices(panel: PanelPage): Promise<{ id: string; text: string }[]> {
  return await panel.evaluate(
    () => Array.from(document.querySelectorAll<HTMLElement>(".tab-choice")).map((b) => ({ id: b.dataset.tabId ?? "", text: b.textContent ?? "" })),
    undefined,
  );
}

/** Picks the tab showing `origin` in the standalone page's tab picker and waits for the panel. */
export async function pickTab(panel: PanelPage, origin: string): Promise<string> {
  const choices = await waitFor(`a .tab-choice for ${origin}`, () => tabChoices(panel), (cs) => cs.some((c) => c.text.includes(origin)));
  const matching = choices.filter((c) => c.text.includes(origin));
  if (matching.length !== 1) throw new Error(`expected one tab choice for ${origin}, found ${JSON.stringify(choices)}`);
  const id = matching[0]!.id;
  await panel.click(`.tab-choice[data-tab-id="${id}"]`);
  await waitFor("the standalone panel", () => panel.evaluate(() => document.documentElement.dataset.mode ?? "", undefined), (m) => m === "standalone");
  return id;
}

/** The capture state the toolbar shows: "on" when webRequest access to the seen origins is granted. */
export async function fullCaptureState(panel: PanelPage): Promise<{ on: boolean; origins: string }> {
  return await panel.evaluate(() => {
    const on = document.querySelector<HTMLElement>(".capture-state.on");
    return { on: on !== null, origins: on?.title ?? "" };
  }, undefined);
}

export async function readRows(panel: PanelPage): Promise<PanelRow[]> {
  return await panel.evaluate(
    () =>
      Array.from(document.querySelectorAll<HTMLElement>(".row[data-exchange-id]")).map((r) => ({
        id: r.dataset.exchangeId ?? "",
        url: r.querySelector(".col-name[title]")?.getAttribute("title") ?? "",
        codes: (r.dataset.codes ?? "").split(" ").filter((c) => c !== ""),
        sources: r.dataset.sources ?? "",
        preflight: r.querySelector('[data-badge="preflight"]') !== null,
      })),
    undefined,
  );
}

/**
 * The rows of the actual requests (not their preflights) to `<apiOrigin>/api/<name>`, query
 * ignored. Matching the whole origin keeps out a redirect hop to `user:secret@<host>/api/…`.
 */
export function actualRows(rows: readonly PanelRow[], apiOrigin: string, name: string): PanelRow[] {
  const target = `${apiOrigin}/api/${name}`;
  return rows.filter((r) => !r.preflight && r.url.split("?")[0] === target);
}

/**
 * Waits until every named scenario has a row and the list has stopped growing. `origin` is the
 * lab API's origin, or a function giving each scenario's (a real stack answers some: Lab.originFor).
 */
export async function waitForRows(
  panel: PanelPage,
  origin: string | ((name: string) => string),
  names: readonly string[],
  timeoutMs = 20_000,
): Promise<PanelRow[]> {
  const originOf = typeof origin === "string" ? () => origin : origin;
  await waitFor(
    `rows for ${names.length} scenario(s)`,
    async () => {
      const rows = await readRows(panel);
      return names.filter((n) => actualRows(rows, originOf(n), n).length === 0);
    },
    (missing) => missing.length === 0,
    timeoutMs,
  );
  // Requests still in flight (a scenario's retries, late preflights) arrive a moment later: the
  // list counts once the panel has diagnosed all it received (aria-busy false) and stays so.
  let count = -1;
  let rows: PanelRow[] = [];
  for (let stable = 0; stable < 4; ) {
    const busy = await panel.evaluate(() => document.querySelector(".app")?.getAttribute("aria-busy") !== "false", undefined);
    rows = await readRows(panel);
    stable = !busy && rows.length === count ? stable + 1 : 0;
    count = busy ? -1 : rows.length;
    await sleep(150);
  }
  return rows;
}

/**
 * Shows a section of the open detail (`summary`, `headers`, …) when the detail has section tabs;
 * a detail without tabs shows everything at once.
 */
export async function showSection(panel: PanelPage, section: string): Promise<void> {
  const selector = `.detail [role="tab"][data-section="${section}"]`;
  const present = await panel.evaluate((sel) => document.querySelector(sel) !== null, selector);
  if (!present) return;
  await panel.click(selector);
  await waitFor(
    `the ${section} section`,
    () => panel.evaluate((sel) => document.querySelector(sel)?.getAttribute("aria-selected") ?? "", selector),
    (v) => v === "true",
  );
}

/** Clicks a row and reads the findings of the detail it opens. */
export async function openDetail(panel: PanelPage, rowId: string): Promise<Detail> {
  await panel.click(`.row[data-exchange-id="${rowId}"]`);
  await waitFor(
    `the detail of row ${rowId}`,
    // The pane shows at once and is busy until the worker's answer fills it (its findings with it).
    () => panel.evaluate((id) => document.querySelector(`.detail[data-exchange-id="${id}"][aria-busy="false"]`) !== null, rowId),
    (open) => open,
  );
  // The detail keeps the section chosen for the previous row; findings are in the summary.
  await showSection(panel, "summary");
  return await panel.evaluate((id) => {
    const detail = document.querySelector<HTMLElement>(`.detail[data-exchange-id="${id}"]`);
    return {
      status: detail?.querySelector(".detail-title .status")?.textContent ?? "",
      findings: Array.from(detail?.querySelectorAll<HTMLElement>(".finding[data-code], .supporting-item[data-code]") ?? []).map((f) => ({
        code: f.dataset.code ?? "",
        severity: /\bsev-(\w+)/.exec(f.className)?.[1] ?? "",
      })),
    };
  }, rowId);
}

/** The open detail's header rows named `name` (case-insensitive): their values as shown. */
export async function headerValues(panel: PanelPage, rowId: string, name: string): Promise<string[]> {
  await showSection(panel, "headers");
  return await panel.evaluate(
    ({ id, wanted }) =>
      Array.from(document.querySelectorAll(`.detail[data-exchange-id="${id}"] table.headers tr`))
        .filter((tr) => tr.querySelector("th")?.textContent?.toLowerCase() === wanted)
        .map((tr) => tr.querySelector("td")?.textContent ?? ""),
    { id: rowId, wanted: name.toLowerCase() },
  );
}

export function errorCodes(d: Detail): string[] {
  return d.findings.filter((f) => f.severity === "error").map((f) => f.code);
}
