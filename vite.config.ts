/**
 * One config, two browsers: AUTHLENS_BROWSER=chrome|firefox picks the target and the output
 * folder (dist/chrome, dist/firefox). The manifest's browser differences live here, in data.
 */
import { readFileSync } from "node:fs";
import { crx, type ManifestV3Export } from "@crxjs/vite-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

type Browser = "chrome" | "firefox";
const browser: Browser = process.env.AUTHLENS_BROWSER === "firefox" ? "firefox" : "chrome";
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
const base = JSON.parse(readFileSync(new URL("./manifest.json", import.meta.url), "utf8")) as Record<string, unknown>;

/** Per-browser manifest additions. Firefox needs an add-on id and declares its data use. */
const PER_BROWSER: Record<Browser, Record<string, unknown>> = {
  // Precise mode reads Chromium's own verdicts through chrome.debugger, asked for when turned on.
  chrome: { optional_permissions: ["debugger"] },
  firefox: {
    // Firefox runs MV3 backgrounds as event pages, not service workers.
    background: { scripts: ["src/background/worker.ts"], type: "module" },
    browser_specific_settings: {
      gecko: {
        id: "authlens@authlens.dev",
        strict_min_version: "142.0",
        // AuthLens collects nothing: everything stays in the browser.
        data_collection_permissions: { required: ["none"] },
      },
    },
  },
};

/**
 * AUTHLENS_GRANTS=test builds the variant the e2e tests load: the optional permissions are
 * granted at install, because a headless browser cannot click its own permission prompt.
 * The shipped builds never have it.
 */
const testGrants = process.env.AUTHLENS_GRANTS === "test";

function manifestFor(target: Browser): ManifestV3Export {
  const m: Record<string, unknown> = { ...base, version: pkg.version, ...PER_BROWSER[target] };
  if (testGrants) {
    m.host_permissions = ["http://127.0.0.1/*"];
    if (target === "chrome") m.permissions = [...(m.permissions as string[]), "debugger"];
  }
  if (target === "firefox") delete m.minimum_chrome_version;
  return m as unknown as ManifestV3Export;
}

export default defineConfig({
  plugins: [preact(), crx({ manifest: manifestFor(browser), browser })],
  // Lets each build drop the other browser's code (e.g. chrome.debugger from Firefox's).
  define: { __AUTHLENS_BROWSER__: JSON.stringify(browser) },
  build: {
    outDir: `dist/${browser}${testGrants ? "-test" : ""}`,
    emptyOutDir: true,
    target: "es2022",
    // Extension pages must not load anything remote; keep every chunk local and readable.
    modulePreload: false,
    rollupOptions: {
      // The panel page is only named at run time (devtools.panels.create), so list it here.
      input: { panel: "src/panel/panel.html" },
    },
  },
  // The panel's analysis worker (src/panel/worker/) is a chunk of its own, loaded as a module
  // worker from the extension's files: extension pages' CSP allows 'self' scripts and workers.
  worker: { format: "es" },
  server: { port: 5199, strictPort: false },
});
