/**
 * The AuthLens panel in the real DevTools window of Chromium, driven through the lab's
 * scenarios: what a person sees in the list and the detail pane.
 */
import { readFileSync } from "node:fs";
import { SEVERITY_NEEDS_PROOF } from "../../src/core/cors/checks-rule.ts";
import { CATALOGUE, isFindingCode } from "../../src/core/findings.ts";
import { launchWithDevtools } from "../harness/devtools.ts";
import { EXPECTED_ROOTS } from "../lab/expected-roots.ts";
import { MOVED_PATH, SCENARIOS } from "../lab/scenarios.ts";
import { expect, findingShown, openDetail, rowFor, SCREENSHOTS, setSetting, settled, showSummary, test } from "./fixtures.ts";

const PROBLEMS = SCENARIOS.filter((s) => !s.helper);

/** The root cause a scenario's request must lead with: its own `expectedRoot`, or the lab's table. */
function expectedRoot(s: (typeof SCENARIOS)[number]): string | null | undefined {
  return s.expectedRoot !== undefined ? s.expectedRoot : EXPECTED_ROOTS[s.name];
}

test("flags each lab scenario with its findings, and leaves healthy requests unflagged", async ({ session, lab }) => {
  // One step per lab scenario (over a hundred, each opening its detail): the default bound of a
  // test is too tight on a loaded 2-core machine. The bound only stops a hung test.
  test.setTimeout(240_000);
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");

  for (const scenario of PROBLEMS) {
    await test.step(scenario.name, async () => {
      // A scenario that repeats its request (a retry loop) has one row per attempt: judge the last.
      const rows = rowFor(panel, scenario.name);
      await expect(rows).toHaveCount(scenario.request.repeat ?? 1);
      // A redirect the browser followed is a hop: the page saw the answer at its target (/moved/…).
      const followed = (scenario.expect.serverStatus ?? 0) >= 300 && (scenario.expect.serverStatus ?? 0) < 400 && scenario.expect.status !== null;
      const target = panel.locator(".row[data-exchange-id]").filter({ has: panel.locator(`.col-name[title$="${MOVED_PATH}${scenario.name}"]`) });
      if (followed) await expect(target).toHaveCount(1);
      const row = followed ? target : rows.last();
      await row.click();
      const detail = panel.locator(".detail");
      await expect(detail).toContainText(`/api/${scenario.name}`);
      if (scenario.expectedCodes.length === 0) {
        await expect(row).not.toHaveClass(/problem/);
        await expect(detail.locator(".all-clear")).toBeVisible();
        await expect(detail.locator(".finding.sev-error, .finding.sev-warning")).toHaveCount(0);
      } else {
        // A request is a problem when one of its codes is an error or warning (a 401/403/407 is one anyway).
        // (A code whose severity needs proof the capture may lack is a note here: cors.vary-origin-missing.)
        const severe = scenario.expectedCodes.some((c) => isFindingCode(c) && CATALOGUE[c].severity !== "info" && !SEVERITY_NEEDS_PROOF.has(c));
        if (severe) await expect(row).toHaveClass(/problem/);
        for (const code of scenario.expectedCodes) {
          await expect(await findingShown(detail, code), `${scenario.name} shows ${code}`).toBeVisible();
        }
      }
      // Root cause first: the Summary opens with its card, and the list's verdict names it.
      const root = expectedRoot(scenario);
      expect(root, `${scenario.name} has an expected root cause`).not.toBeUndefined();
      if (root) {
        await expect(detail.locator(".finding").first(), `${scenario.name} leads with ${root}`).toHaveAttribute("data-code", root);
        await expect(detail.locator(".finding").first()).toHaveAttribute("data-role", "root");
        if (isFindingCode(root)) await expect(row.locator(".verdict")).toHaveText(CATALOGUE[root].title);
      } else {
        await expect(detail.locator('.finding[data-role="root"]')).toHaveCount(0);
      }
      await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-${scenario.name}.png` });
    });
  }
});

test("says why in plain words: the challenge, the missing header, the preflight, the fix", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  const detail = panel.locator(".detail");

  const bearer = rowFor(panel, "bearer-401");
  await expect(bearer.locator('[data-badge="auth-status"]')).toHaveText("401");
  await expect(bearer.locator('[data-badge="authorization"]')).toHaveText("Bearer");
  // The strongest known reason stands on top: the token had expired before the request.
  await expect(bearer.locator(".verdict")).toHaveText("Token expired");
  await expect(bearer).toHaveAttribute("data-codes", /auth\.credentials-rejected/);
  await bearer.click();
  // One answer: the expired token's card, the server's agreement folded inside it.
  await expect(detail.locator('.finding[data-role="root"]')).toHaveAttribute("data-code", "auth.token-expired");
  await expect(detail.locator(".finding.sev-error"), "the other errors are folded under the root").toHaveCount(1);
  await expect(detail.locator('.finding[data-role="root"] details.supporting summary')).toContainText("Server says the token is invalid");
  const rejected = await findingShown(detail, "auth.credentials-rejected");
  await expect(rejected).toContainText('error="invalid_token"');
  await expect(rejected).toContainText("The access token expired");

  await rowFor(panel, "no-challenge-401").click();
  await expect(await findingShown(detail, "auth.challenge-missing")).toContainText("without a WWW-Authenticate header");
  await expect(await findingShown(detail, "auth.no-credentials-sent")).toContainText("no Authorization header and no cookies");

  await rowFor(panel, "preflight-fails").click();
  await expect(detail).toContainText("/api/preflight-fails");
  await showSummary(detail);
  // The auth middleware answered the preflight: that is the answer, and its fix is the order of
  // the middleware. Chromium's own reasons (Allow-Origin first, then the status) agree under it.
  await expect(detail.locator(".finding").first()).toHaveAttribute("data-code", "cors.preflight-blocked-by-auth");
  await expect(detail.locator('.finding[data-role="root"] .finding-fix')).toContainText("before the auth middleware");
  await expect(detail.locator(".supporting-item").first()).toHaveAttribute("data-code", "cors.missing-allow-origin");
  await expect(await findingShown(detail, "cors.preflight-failed-status")).toContainText("got 403");

  await rowFor(panel, "credentialed-no-acac").click();
  await expect(detail).toContainText("/api/credentialed-no-acac");
  await showSummary(detail);
  await expect(detail.locator('.finding[data-code="cors.allow-credentials-missing"] .finding-fix')).toContainText("Access-Control-Allow-Credentials: true");

  await rowFor(panel, "placeholder-token").click();
  await expect(detail.locator(".finding").first()).toHaveAttribute("data-code", "auth.token-placeholder");
  await expect(detail.locator('.finding[data-code="auth.token-placeholder"]')).toContainText('the string "undefined"');

  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-detail-placeholder.png` });
});

test("filters: problems, 401/403/407 and CORS failures; preflights grouped under their request", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(1);

  // Grouped by default: the preflight row follows its request, marked as a child row.
  const actual = rowFor(panel, "bearer-401");
  const next = panel.locator(`.row[data-exchange-id="${await actual.getAttribute("data-exchange-id")}"] + .row`);
  await expect(next).toHaveClass(/child/);
  await expect(next.locator('[data-badge="preflight"]')).toBeVisible();

  await panel.getByRole("button", { name: "Problems", exact: true }).click();
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(0);
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await expect(rowFor(panel, "credentialed-no-acac")).toHaveCount(1);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-problems-only.png` });

  await panel.getByRole("button", { name: "CORS failures" }).click();
  await expect(rowFor(panel, "credentialed-no-acac")).toHaveCount(1);
  await expect(rowFor(panel, "bearer-401")).toHaveCount(0);
  // Every request left is one the browser blocked (its preflight may follow it).
  const kept = panel.locator(".row:not(.child)");
  await expect(kept.first()).toBeVisible();
  await expect(kept.filter({ hasNot: panel.locator('[data-badge="cors"]') })).toHaveCount(0);

  await panel.getByRole("button", { name: "401/403/407" }).click();
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await expect(rowFor(panel, "forbidden-403")).toHaveCount(1);
  await expect(rowFor(panel, "credentialed-no-acac")).toHaveCount(0);

  await panel.getByRole("button", { name: "All", exact: true }).click();
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(1);

  // A failed preflight's row says what it is and where its result is: one failure, one place.
  const failing = rowFor(panel, "preflight-fails");
  const failingId = await failing.getAttribute("data-exchange-id");
  const preflight = panel.locator(`.row[data-exchange-id="${failingId}"] + .row.child`);
  await expect(preflight.locator(".verdict")).toHaveText("Preflight for GET /api/preflight-fails: Auth middleware answered the preflight");
  await expect(preflight).not.toHaveClass(/problem/);
  await preflight.click();
  const note = panel.getByTestId("preflight-of");
  await expect(note).toContainText("Its result is diagnosed on that request: Auth middleware answered the preflight.");
  await expect(panel.locator(".detail .finding")).toHaveCount(0);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-preflight-row.png` });
  await note.getByRole("button", { name: "Show the request" }).click();
  await expect(panel.locator(".detail")).toHaveAttribute("data-exchange-id", failingId ?? "");
  // The request a preflight was for opens on what explains it, its CORS section; its Summary leads with the root.
  await expect(panel.getByRole("tablist", { name: "Detail sections" }).getByRole("tab", { name: /^CORS/ })).toHaveAttribute("aria-selected", "true");
  await showSummary(panel.locator(".detail"));
  await expect(panel.locator('.detail .finding[data-role="root"]')).toHaveAttribute("data-code", "cors.preflight-blocked-by-auth");
});

test("lists requests that finished before the panel was first shown", async ({ session, lab }) => {
  // DevTools is open from the start, so its network log has the entries; the panel reads them
  // with getHAR() when it loads.
  await session.page.goto(`${lab.pageOrigin}/?run=bearer-401`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  const panel = await session.showPanel();
  const row = rowFor(panel, "bearer-401");
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(await findingShown(panel.locator(".detail"), "auth.credentials-rejected")).toBeVisible();
});

test("an imported sanitized HAR says credentials were sent where the server proves it, unknown elsewhere, never none", async ({ session }) => {
  const panel = await session.showPanel();
  const file = "test/fixtures/lab/lab-chromium-sanitized.har";
  await panel.getByTestId("har-input").setInputFiles(file);
  await expect(panel.locator(".banner.imported")).toContainText("lab-chromium-sanitized.har");
  // The server answered error="invalid_token": a token went out, though the file dropped it.
  const bearer = rowFor(panel, "bearer-401");
  await expect(bearer.locator('[data-badge="proven"]')).toHaveText("sent");
  await expect(bearer.locator(".verdict")).toHaveText("Server says the token is invalid");
  const detail = await openDetail(panel, bearer, "Credentials");
  await expect(detail.locator("table.kv")).toContainText('sent, value stripped from this capture: the server\'s challenge says error="invalid_token"');
  // A cookie session's 401 without a challenge proves nothing either way: unknown, not "none".
  const session401 = rowFor(panel, "session-expired-401");
  await expect(session401.locator(".col-credentials")).toHaveText("unknown");
  const other = await openDetail(panel, session401, "Credentials");
  await expect(other.locator("table.kv")).toContainText("unknown: stripped from this capture");
  await expect(other.locator("table.kv")).not.toContainText("not sent");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-imported-sanitized.png` });
});

test("masks credentials by default and shows them on request", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=valid-token-200`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  const token = await session.page.evaluate(async () => (await (await fetch("/tokens.json")).json()).valid as string);
  expect(token.split(".")).toHaveLength(3);

  await rowFor(panel, "valid-token-200").click();
  await panel.getByRole("tab", { name: "Headers" }).click();
  const authCell = panel.locator(".detail table.headers tr", { has: panel.locator("th", { hasText: /^Authorization$/ }) }).locator("td");
  await expect(authCell).toContainText("(masked)");
  // At most 4 characters of a credential show, then its length.
  await expect(authCell).toContainText(/Bearer eyJh… \(\d+ chars\)/);
  const masked = (await authCell.textContent()) ?? "";
  expect(masked).not.toContain(token.split(".")[1]!);

  await setSetting(panel, "Show secrets", true);
  await expect(authCell).not.toContainText("(masked)");
  expect(((await authCell.textContent()) ?? "").length).toBeGreaterThan(100);
});

test("shows an empty state that offers to reload the inspected page", async ({ session, lab }) => {
  await session.page.goto(`${lab.pageOrigin}/`);
  const panel = await session.showPanel();
  // The page's own requests are all listed before the clear, so none arrives after it.
  await settled(panel);
  await panel.locator(".tool-button", { hasText: "Clear" }).click();
  await expect(panel.locator(".empty-title")).toHaveText("No requests captured yet");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-empty.png` });
  await panel.getByRole("button", { name: "Reload the page" }).click();
  // The reload brings the page's own requests back into the list.
  await expect(panel.locator(".row").first()).toBeVisible();
});

test("follows the DevTools dark theme", async ({ lab }) => {
  const session = await launchWithDevtools({ extensionDir: "dist/chrome", theme: "dark" });
  try {
    const panel = await session.showPanel();
    await expect(panel.locator("html")).toHaveAttribute("data-theme", "dark");
    await session.page.goto(`${lab.pageOrigin}/?run=all`);
    await session.page.waitForSelector("body[data-lab-done='1']");
    await rowFor(panel, "bearer-401").click();
    await expect(await findingShown(panel.locator(".detail"), "auth.credentials-rejected")).toBeVisible();
    await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-dark-bearer-401.png` });
  } finally {
    await session.close();
  }
});

test("the panel runs under a content security policy of default-src 'self', with nothing refused", async ({ session, lab }) => {
  for (const dir of ["dist/chrome", "dist/firefox"]) {
    const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8")) as { content_security_policy?: { extension_pages?: string } };
    const policy = manifest.content_security_policy?.extension_pages ?? "";
    expect(policy, dir).toContain("default-src 'self'");
    expect(policy, dir).toContain("connect-src 'none'");
    expect(policy, dir).toContain("object-src 'none'");
  }
  const panel = await session.showPanel();
  // Every refusal of the policy from now on is recorded by the panel page itself.
  await panel.evaluate(() => {
    const w = window as unknown as { refused: string[] };
    w.refused = [];
    document.addEventListener("securitypolicyviolation", (e) => w.refused.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  // Every section of a rich detail renders (token, challenge, CORS tables, headers).
  for (const name of ["bearer-401", "preflight-fails"]) {
    // Its tabs once the detail shows this request, fully diagnosed (the tabs follow what it holds).
    await openDetail(panel, rowFor(panel, name));
    await expect(panel.locator(".detail")).toHaveAttribute("aria-busy", "false");
    // The detail's own sections (the CORS section's fix formats are tabs of their own).
    const tabs = panel.locator(".detail").getByRole("tablist", { name: "Detail sections" }).getByRole("tab");
    await expect(tabs.first()).toBeVisible();
    for (const tab of await tabs.all()) {
      await tab.click();
      await expect(tab).toHaveAttribute("aria-selected", "true");
    }
  }
  await setSetting(panel, "Show secrets", true);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");
  expect(await panel.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);

  // The policy is enforced and the listener hears it: an inline style, as injected markup would
  // carry, is refused.
  await panel.evaluate(() => document.head.append(Object.assign(document.createElement("style"), { textContent: "body { color: red }" })));
  await expect.poll(() => panel.evaluate(() => (window as unknown as { refused: string[] }).refused.join(" "))).toContain("style-src");
});

test("the capture's analysis runs in a worker: the panel page's own scripts hold none of core's rules or explanations", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=bearer-401`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  // The explanation reaches the list (diagnosed somewhere)…
  await expect(rowFor(panel, "bearer-401").locator(".verdict")).toHaveText(/\S/);
  const verdict = (await rowFor(panel, "bearer-401").locator(".verdict").textContent()) ?? "";
  // …from a dedicated worker the panel started from AuthLens's own analysis chunk.
  await expect.poll(() => session.devtools.workers().map((w) => w.url()).find((u) => /\/assets\/analysis\.worker-[\w-]+\.js$/.test(u))).toBeTruthy();
  const workerUrl = session.devtools.workers().map((w) => w.url()).find((u) => /\/assets\/analysis\.worker-[\w-]+\.js$/.test(u))!;
  // Every script the panel document loads: its own <script> elements and the chunks they import, read from the build.
  const entries = await panel.evaluate(() => [...document.scripts].map((s) => s.src).filter((src) => src !== ""));
  const fileOf = (url: string) => `dist/chrome${new URL(url).pathname}`;
  const ownScripts = new Set(entries);
  for (const url of ownScripts) {
    const code = readFileSync(fileOf(url), "utf8");
    for (const m of code.matchAll(/(?:from|import)\s*["'](\.\/[\w.-]+\.js)["']/g)) ownScripts.add(new URL(m[1]!, url).href);
  }
  expect([...ownScripts].some((u) => /\/assets\/panel-[\w-]+\.js$/.test(u))).toBe(true);
  expect(ownScripts.has(workerUrl)).toBe(false);
  // The verdict's words and the finding catalogue are in the worker's script, in none of the page's.
  expect(readFileSync(fileOf(workerUrl), "utf8")).toContain(verdict);
  for (const url of ownScripts) {
    const code = readFileSync(fileOf(url), "utf8");
    expect(code, url).not.toContain(verdict);
    expect(code, url).not.toContain(CATALOGUE["auth.challenge-missing"].title);
  }
});
