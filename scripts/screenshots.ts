/**
 * The README's pictures of the panel: both DevTools themes, in a small (800×600) and a large
 * (1600×1000) DevTools window, after the lab's scenarios ran, with an expired-token 401 open.
 * `npm run screenshots` (after `npm run build`) writes docs/screenshots/panel-<theme>-<size>.png,
 * the two section pictures of the README's top: docs/panel-token.png and docs/panel-cors.png, and
 * the root-cause card with its supporting findings unfolded, in both themes:
 * docs/panel-root-cause-<theme>.png. And the panel where most people use it, DevTools docked at the
 * bottom of a browser window and 300 px tall, 1280 and 800 px wide, with the 401 open, in both
 * themes: docs/screenshots/panel-docked-<theme>-<width>x300.png (DevTools' part of the window).
 */
import { mkdirSync } from "node:fs";
import { launchWithDevtools } from "../test/harness/devtools.ts";
import { startLab } from "../test/lab/server.ts";

const SIZES = [
  { width: 800, height: 600 },
  { width: 1600, height: 1000 },
] as const;
const THEMES = [
  { id: "light", devtools: "default" },
  { id: "dark", devtools: "dark" },
] as const;
const OUT = "docs/screenshots";

mkdirSync(OUT, { recursive: true });
const lab = await startLab({ pagePort: 0, apiPort: 0 });

type Session = Awaited<ReturnType<typeof launchWithDevtools>>;

/** Runs every lab scenario, then opens the expired-token 401 with its root card shown and the pointer out of the way. */
async function openExpired401(session: Session): Promise<void> {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  const row = panel.locator(".row[data-exchange-id]").filter({ has: panel.locator('.col-name[title$="/api/bearer-401"]') }).filter({ hasNot: panel.locator('[data-badge="preflight"]') });
  await row.click();
  await panel.locator('.detail .finding[data-role="root"][data-code="auth.token-expired"]').waitFor();
  // Settle: no hover highlight, no focus ring on the clicked row.
  await session.devtools.mouse.move(0, 0);
}

try {
  for (const theme of THEMES) {
    for (const size of SIZES) {
      const session = await launchWithDevtools({ extensionDir: "dist/chrome", theme: theme.devtools, devtoolsSize: size });
      try {
        await openExpired401(session);
        const file = `${OUT}/panel-${theme.id}-${size.width}x${size.height}.png`;
        await session.devtools.screenshot({ path: file });
        console.log(`screenshots: ${file}`);
      } finally {
        await session.close();
      }
    }
  }
  // Docked at the bottom, as DevTools opens for most people: the window 800 px tall, DevTools 300 px of it.
  const DOCKED_HEIGHT = 300;
  for (const theme of THEMES) {
    for (const width of [1280, 800]) {
      const session = await launchWithDevtools({
        extensionDir: "dist/chrome",
        theme: theme.devtools,
        dock: "bottom",
        viewport: null,
        windowSize: { width, height: 800 },
        dockedHeight: DOCKED_HEIGHT,
      });
      try {
        await openExpired401(session);
        // DevTools' front end spans the window; the inspected page above it is another surface, blank here.
        const height = await session.devtools.evaluate(() => innerHeight);
        const file = `${OUT}/panel-docked-${theme.id}-${width}x${DOCKED_HEIGHT}.png`;
        await session.devtools.screenshot({ path: file, clip: { x: 0, y: height - DOCKED_HEIGHT, width, height: DOCKED_HEIGHT } });
        console.log(`screenshots: ${file}`);
      } finally {
        await session.close();
      }
    }
  }
  // Root cause first: cors() mounted after the auth middleware, on the real express stack. The
  // root's card with what agrees with it unfolded, in both themes.
  for (const theme of THEMES) {
    const session = await launchWithDevtools({ extensionDir: "dist/chrome", theme: theme.devtools, devtoolsSize: { width: 1280, height: 860 } });
    try {
      const panel = await session.showPanel();
      await session.page.goto(`${lab.pageOrigin}/?run=all`);
      await session.page.waitForSelector("body[data-lab-done='1']");
      await panel.locator(".row[data-exchange-id]").filter({ has: panel.locator('.col-name[title$="/api/express-cors-after-auth"]') }).filter({ hasNot: panel.locator('[data-badge="preflight"]') }).click();
      // A CORS failure opens on its CORS section; the root cause's card is in the Summary.
      await panel.locator('.detail .tab[data-section="summary"]').click();
      const root = panel.locator('.detail .finding[data-role="root"][data-code="cors.preflight-blocked-by-auth"]');
      await root.locator("details.supporting summary").click();
      await root.locator(".supporting-item").first().waitFor();
      await session.devtools.mouse.move(0, 0);
      const file = `docs/panel-root-cause-${theme.id}.png`;
      await session.devtools.screenshot({ path: file });
      console.log(`screenshots: ${file}`);
    } finally {
      await session.close();
    }
  }
  // The README's top: the Token and CORS sections, light theme, the harness's usual window.
  const session = await launchWithDevtools({ extensionDir: "dist/chrome" });
  try {
    const panel = await session.showPanel();
    await session.page.goto(`${lab.pageOrigin}/?run=all`);
    await session.page.waitForSelector("body[data-lab-done='1']");
    const sections = [
      { scenario: "bearer-401", section: "token", file: "docs/panel-token.png" },
      { scenario: "credentialed-no-acac", section: "cors", file: "docs/panel-cors.png" },
    ];
    for (const s of sections) {
      await panel.locator(".row[data-exchange-id]").filter({ has: panel.locator(`.col-name[title$="/api/${s.scenario}"]`) }).filter({ hasNot: panel.locator('[data-badge="preflight"]') }).click();
      await panel.locator(`.detail .tab[data-section="${s.section}"]`).click();
      await panel.locator(`.detail-body[data-section="${s.section}"]`).waitFor();
      await session.devtools.mouse.move(0, 0);
      await session.devtools.screenshot({ path: s.file });
      console.log(`screenshots: ${s.file}`);
    }
  } finally {
    await session.close();
  }
} finally {
  await lab.close();
}
