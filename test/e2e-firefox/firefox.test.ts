/**
 * AuthLens in real Firefox ESR, headless: the add-on (dist/firefox-test, host access to
 * 127.0.0.1 granted at install) is installed over WebDriver BiDi, standalone AuthLens watches the
 * lab's tab through the background's webRequest capture, and the panel's rows and detail are
 * checked for the scenarios the issue names, and for one that sets two cookies. Run by
 * scripts/test-firefox.mjs.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getScenario } from "../lab/scenarios.ts";
import { type Lab, startLab } from "../lab/server.ts";
import { blockedAfterResponse, isCorsCode } from "./differences.ts";
import { launchFirefoxStandalone } from "./firefox.ts";
import {
  actualRows,
  errorCodes,
  fullCaptureState,
  headerValues,
  KEY_SCENARIOS,
  openDetail,
  type PanelRow,
  pickTab,
  SCREENSHOTS,
  type StandaloneSession,
  tabChoices,
  waitFor,
  waitForRows,
} from "./standalone.ts";

/** The five, and one whose response sets two cookies (Firefox joins their lines). */
const SCENARIOS_RUN = [...KEY_SCENARIOS, "samesite-none-insecure"];

describe("standalone AuthLens in Firefox ESR", { timeout: 120_000 }, () => {
  let lab: Lab;
  let firefox: StandaloneSession;
  let rows: PanelRow[] = [];
  let choices: { id: string; text: string }[] = [];

  before(async () => {
    lab = await startLab({ pagePort: 0, apiPort: 0 });
    firefox = await launchFirefoxStandalone({ extensionDir: "dist/firefox-test", labOrigin: lab.pageOrigin });
    choices = await waitFor("the tab picker", () => tabChoices(firefox.panel), (cs) => cs.length > 0);
    await firefox.panel.screenshot(`${SCREENSHOTS}/firefox-standalone-picker.png`);
    await pickTab(firefox.panel, lab.pageOrigin);
    for (const name of SCENARIOS_RUN) await firefox.lab.run(name);
    rows = await waitForRows(firefox.panel, lab.apiOrigin, SCENARIOS_RUN);
    console.log(`firefox ${firefox.version}: ${JSON.stringify(firefox.timings)} s`);
  });

  after(async () => {
    await firefox?.close();
    await lab?.close();
  });

  /** The one row of the scenario's actual request, and the detail it opens. */
  async function only(name: string) {
    const found = actualRows(rows, lab.apiOrigin, name);
    assert.equal(found.length, 1, `one row for /api/${name}, got ${JSON.stringify(found)}`);
    const row = found[0]!;
    assert.equal(row.sources, "web-request", "standalone AuthLens has only the background's capture");
    return { row, detail: await openDetail(firefox.panel, row.id) };
  }

  it("the tab picker offers the lab tab, not AuthLens's own page", () => {
    assert.equal(choices.filter((c) => c.text.includes(lab.pageOrigin)).length, 1, JSON.stringify(choices));
    assert.ok(!choices.some((c) => c.text.includes("moz-extension:")), JSON.stringify(choices));
  });

  it("full capture is on for the lab origins granted at install", async () => {
    // The build grants http://127.0.0.1/* (no port: Firefox match patterns have none).
    const state = await waitFor("Full capture on", () => fullCaptureState(firefox.panel), (s) => s.on, 5_000);
    assert.match(state.origins, new RegExp(lab.apiOrigin.replace(/[.]/g, "\\.")));
  });

  it("the list types the lab's fetch() calls as fetch and fills their Time column", async () => {
    // Before any detail is open: the list shows every column.
    const cells = await firefox.panel.evaluate(
      () =>
        Array.from(document.querySelectorAll<HTMLElement>(".row[data-exchange-id]")).map((r) => ({
          url: r.querySelector(".col-name[title]")?.getAttribute("title") ?? "",
          type: r.querySelector(".col-type")?.textContent?.trim() ?? "",
          time: r.querySelector(".col-time")?.textContent?.trim() ?? "",
        })),
      undefined,
    );
    const bearer = cells.find((c) => c.url === `${lab.apiOrigin}/api/bearer-401`);
    assert.ok(bearer, JSON.stringify(cells));
    assert.equal(bearer.type, "fetch");
    for (const c of cells) assert.match(c.time, /^\d+(\.\d+)? (ms|s|min)$/, JSON.stringify(c));
    await firefox.panel.screenshot(`${SCREENSHOTS}/firefox-standalone-list.png`);
  });

  it("bearer-401: the expired token is reported as rejected", async () => {
    const { detail } = await only("bearer-401");
    assert.match(detail.status, /^401\b/);
    assert.ok(errorCodes(detail).includes("auth.credentials-rejected"), JSON.stringify(detail));
    await firefox.panel.screenshot(`${SCREENSHOTS}/firefox-standalone-bearer-401.png`);
  });

  it("no-challenge-401: no challenge, and no credentials were sent", async () => {
    const { detail } = await only("no-challenge-401");
    const codes = detail.findings.map((f) => f.code);
    assert.ok(codes.includes("auth.challenge-missing"), JSON.stringify(detail));
    assert.ok(codes.includes("auth.no-credentials-sent"), JSON.stringify(detail));
  });

  it("valid-token-200: no error", async () => {
    const { detail } = await only("valid-token-200");
    assert.match(detail.status, /^200\b/);
    assert.deepEqual(errorCodes(detail), []);
  });

  it("preflight-fails: the blocked request is listed from webRequest alone, with a CORS error", async () => {
    // Firefox's DevTools network log leaves CORS-blocked requests out; webRequest fails both the
    // OPTIONS and the actual request with NS_ERROR_DOM_BAD_URI.
    const preflights = rows.filter((r) => r.preflight && r.url === `${lab.apiOrigin}/api/preflight-fails`);
    assert.equal(preflights.length, 1, "the failed preflight is listed under its request");
    const { detail } = await only("preflight-fails");
    assert.match(detail.status, /NS_ERROR_DOM_BAD_URI/);
    // The name is there to be searched; the words say what happened.
    assert.match(detail.status, /blocked by CORS/);
    assert.ok(errorCodes(detail).some(isCorsCode), JSON.stringify(detail));
    await firefox.panel.screenshot(`${SCREENSHOTS}/firefox-standalone-preflight-fails.png`);
  });

  it("credentialed-no-acac: the request is listed with the status the server sent", async () => {
    assert.ok(blockedAfterResponse(getScenario("credentialed-no-acac")!), "the lab still blocks it after the response");
    const { detail } = await only("credentialed-no-acac");
    assert.match(detail.status, /^200\b/);
    await firefox.panel.screenshot(`${SCREENSHOTS}/firefox-standalone-credentialed-no-acac.png`);
  });

  it("samesite-none-insecure: each Set-Cookie line is its own header, masked, and diagnosed", async () => {
    // Firefox's webRequest joins the two Set-Cookie lines into one value with "\n"; read as one
    // header, the second cookie's value escaped the masking and its Secure flag hid the first's fault.
    const { row, detail } = await only("samesite-none-insecure");
    assert.ok(detail.findings.some((f) => f.code === "cookie.samesite-none-without-secure"), JSON.stringify(detail));
    const setCookies = await headerValues(firefox.panel, row.id, "Set-Cookie");
    assert.equal(setCookies.length, 2, JSON.stringify(setCookies));
    for (const value of setCookies) {
      // The one mask policy (share/rules.ts): bullets and the length for a short value.
      assert.match(value, /^lab_(none|secure)=•+ \(1 chars\);/, "the value is masked");
      assert.doesNotMatch(value, /\n/);
    }
    await firefox.panel.screenshot(`${SCREENSHOTS}/firefox-standalone-set-cookie.png`);
  });

  it("credentialed-no-acac: carries the missing Allow-Credentials, as Chromium reports it", async () => {
    const { detail } = await only("credentialed-no-acac");
    assert.ok(errorCodes(detail).includes("cors.allow-credentials-missing"), JSON.stringify(detail));
  });
});
