/**
 * The panel's entry. Inside DevTools it wires the DevTools network log, the background's
 * webRequest capture and precise mode to the store. Opened as a page of its own (standalone
 * AuthLens, `panel.html?tabId=N`, for QA testers who keep it in a window, and for browsers whose
 * toolbox cannot be driven) it has no DevTools API and watches the tab through the background.
 * Browser APIs are used here, in capture-controls.ts and in capture/, never in the components.
 */
import { render } from "preact";
import browser from "webextension-polyfill";
import { connectBackground } from "../capture/background-port.ts";
import { DeliveryLedger } from "../capture/delivery.ts";
import { startOwnCapture } from "../capture/own-capture.ts";
import type { Header } from "../core/headers.ts";
import { startDevtoolsNetworkCapture } from "../capture/devtools-network.ts";
import { App, type PanelActions } from "./App.tsx";
import { hostAccess, preciseModeAvailable, requestDebugger, requestHostAccess } from "./capture-controls.ts";
import { TabPicker } from "./components/TabPicker.tsx";
import { type AnalysisClient, startAnalysis } from "./analysis-client.ts";
import "./panel.css";

/**
 * Asked of the browser's own namespace: the polyfill's `browser` proxy answers for namespaces the
 * page does not have. DevTools pages get `devtools` in Chromium (`chrome`) and Firefox (`browser`).
 */
function nativeDevtools(): { inspectedWindow?: { tabId?: unknown } } | undefined {
  const g = globalThis as { chrome?: { devtools?: object }; browser?: { devtools?: object } };
  return (g.browser?.devtools ?? g.chrome?.devtools) as { inspectedWindow?: { tabId?: unknown } } | undefined;
}

const inDevtools = typeof nativeDevtools()?.inspectedWindow?.tabId === "number";
const root = document.getElementById("app")!;

/** DevTools says "dark" or "default"; a standalone page follows the system. */
function applyTheme(name?: string): void {
  const theme =
    name ??
    (inDevtools
      ? (browser.devtools.panels as { themeName?: string }).themeName
      : window.matchMedia("(prefers-color-scheme: dark)").matches
        ? "dark"
        : "default");
  document.documentElement.dataset.theme = theme === "dark" ? "dark" : "light";
}

/**
 * Follows a theme switch made while the panel is open: Chromium calls the handler given to
 * `devtools.panels.setThemeChangeHandler` (Chrome 99+), Firefox fires `devtools.panels.onThemeChanged`.
 */
function followThemeChanges(): void {
  const g = globalThis as {
    chrome?: { devtools?: { panels?: { setThemeChangeHandler?: (cb: (name: string) => void) => void } } };
    browser?: { devtools?: { panels?: { onThemeChanged?: { addListener(cb: (name: string) => void): void } } } };
  };
  const onChange = (name: unknown) => applyTheme(typeof name === "string" ? name : undefined);
  if (g.browser?.devtools?.panels?.onThemeChanged) g.browser.devtools.panels.onThemeChanged.addListener(onChange);
  else g.chrome?.devtools?.panels?.setThemeChangeHandler?.(onChange);
  if (!inDevtools) window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => applyTheme());
}

function startPanel(tabId: number, store: AnalysisClient): void {
  document.documentElement.dataset.mode = inDevtools ? "devtools" : "standalone";

  const delivered = new DeliveryLedger<readonly Header[]>();
  const showGap = () => {
    const gap = delivered.gap;
    const shown = store.current.backgroundGap;
    if (gap.missing !== (shown?.missing ?? 0) || gap.restartedAt !== shown?.restartedAt) store.setBackgroundGap(gap);
  };
  // Standalone AuthLens listens to its tab itself (capture/own-capture.ts); a DevTools panel cannot.
  const own = inDevtools ? undefined : startOwnCapture(tabId, (xs, replay) => store.addWebRequest(xs, replay));
  const background = connectBackground(tabId, (m) => {
    if (own?.takes(m)) return;
    if (m.type === "started") {
      delivered.start(m.boot, m.requestId, m.headers);
      showGap();
    } else if (m.type === "exchanges") {
      // A replay after a reconnect repeats what came live; a restarted background completes a
      // request it saw end without its request headers, which the panel kept from its start.
      const delivery = delivered.accept(m.boot, m.first, m.requestIds);
      const fresh = m.items.flatMap((x, k) => {
        const d = delivery[k];
        if (!d?.fresh) return [];
        return d.started !== undefined && x.request.headers.length === 0 ? [{ ...x, request: { ...x.request, headers: d.started } }] : [x];
      });
      if (fresh.length > 0) store.addWebRequest(fresh, m.replay === true);
      showGap();
    }
    else if (m.type === "verdicts") store.addVerdicts(m.items);
    else if (m.type === "precise-state") store.setCapture({ precise: m.on ? "on" : "off", ...(m.message ? { message: m.message } : {}) });
  });

  const refreshHostAccess = async () => {
    const { origins } = store.current.capture;
    if (origins.length === 0) return;
    const { granted } = await hostAccess(origins);
    store.setCapture({ fullCapture: granted.length === origins.length ? "on" : "off" });
  };

  const actions: PanelActions = {
    observesNavigation: inDevtools,
    clear: () => {
      delivered.forget();
      store.clear(store.current.pageUrl, Date.now());
    },
    reloadInspectedPage: () => {
      if (inDevtools) void browser.devtools.inspectedWindow.reload({});
      else void browser.tabs.reload(tabId);
    },
    enableFullCapture: () => {
      void requestHostAccess(store.current.capture.origins).then((ok) => {
        store.setCapture(
          ok ? { fullCapture: "on" } : { message: "Full capture was not allowed; AuthLens works from the DevTools network log alone." },
        );
      });
    },
    setPrecise: (on) => {
      if (!on) {
        background.send({ type: "precise", tabId, on: false });
        return;
      }
      void requestDebugger().then((ok) => {
        if (ok) background.send({ type: "precise", tabId, on: true });
        else store.setCapture({ message: "Precise mode needs the debugger permission, which was not granted." });
      });
    },
    ...(inDevtools
      ? {
          openStandalone: () => {
            void browser.windows.create({ url: browser.runtime.getURL(`src/panel/panel.html?tabId=${tabId}`), type: "popup", width: 1200, height: 800 });
          },
        }
      : {}),
  };

  store.setCapture({ precise: preciseModeAvailable() ? "off" : "unavailable" });
  render(<App store={store} actions={actions} version={browser.runtime.getManifest().version} />, root);

  let lastOrigins = "";
  store.subscribe((s) => {
    const key = s.capture.origins.join(" ");
    if (key !== lastOrigins) {
      lastOrigins = key;
      void refreshHostAccess();
    }
  });

  if (inDevtools) {
    void startDevtoolsNetworkCapture({
      onExchanges: (xs) => store.add(xs),
      onSkipped: (n) => store.addUnreadable(n),
      onNavigated: (url) => {
        if (!store.current.preserveLog) delivered.forget();
        store.navigated(url, Date.now());
      },
    });
  }
}

async function pickTab(store: AnalysisClient): Promise<void> {
  const own = browser.runtime.getURL("");
  const tabs = (await browser.tabs.query({}))
    .filter((t) => t.id !== undefined && t.url !== undefined && !t.url.startsWith(own))
    .map((t) => ({ id: t.id!, title: t.title ?? "", url: t.url! }));
  render(
    <TabPicker
      tabs={await store.screenTabs(tabs)}
      onPick={(id) => {
        history.replaceState(null, "", `?tabId=${id}`);
        startPanel(id, store);
      }}
    />,
    root,
  );
}

applyTheme();
followThemeChanges();
// The capture's analysis runs in its own worker: this page keeps only the views.
const analysis = startAnalysis();
if (inDevtools) startPanel(browser.devtools.inspectedWindow.tabId, analysis);
else {
  const param = new URLSearchParams(location.search).get("tabId");
  const requested = param !== null && /^\d+$/.test(param) ? Number(param) : undefined;
  if (requested !== undefined) startPanel(requested, analysis);
  else void pickTab(analysis);
}
