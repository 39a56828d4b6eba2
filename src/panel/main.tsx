/**
 * The panel's entry: wires the capture sources (the DevTools network log, the background's
 * webRequest capture and precise mode) to the store and renders the views. Browser APIs are
 * used here, in capture-controls.ts and in capture/, never in the components.
 */
import { render } from "preact";
import browser from "webextension-polyfill";
import { connectBackground } from "../capture/background-port.ts";
import { startDevtoolsNetworkCapture } from "../capture/devtools-network.ts";
import { App, type PanelActions } from "./App.tsx";
import { hostAccess, preciseModeAvailable, requestDebugger, requestHostAccess } from "./capture-controls.ts";
import { CaptureStore } from "./store.ts";
import "./panel.css";

/** DevTools says "dark" or "default"; follow it, as the built-in panels do. */
function applyTheme(): void {
  const name = (browser.devtools.panels as { themeName?: string }).themeName;
  document.documentElement.dataset.theme = name === "dark" ? "dark" : "light";
}

const store = new CaptureStore();
const tabId = browser.devtools.inspectedWindow.tabId;

const background = connectBackground(tabId, (m) => {
  if (m.type === "exchanges") store.addWebRequest(m.items);
  else if (m.type === "verdicts") store.addVerdicts(m.items);
  else if (m.type === "precise-state") store.setCapture({ precise: m.on ? "on" : "off", ...(m.message ? { message: m.message } : {}) });
});

async function refreshHostAccess(): Promise<void> {
  const { origins } = store.current.capture;
  if (origins.length === 0) return;
  const { granted } = await hostAccess(origins);
  store.setCapture({ fullCapture: granted.length === origins.length ? "on" : "off" });
}

const actions: PanelActions = {
  clear: () => store.clear(store.current.pageUrl, Date.now()),
  reloadInspectedPage: () => {
    void browser.devtools.inspectedWindow.reload({});
  },
  enableFullCapture: () => {
    void requestHostAccess(store.current.capture.origins).then((ok) => {
      store.setCapture(ok ? { fullCapture: "on" } : { message: "Full capture was not allowed; AuthLens works from the DevTools network log alone." });
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
};

applyTheme();
store.setCapture({ precise: preciseModeAvailable() ? "off" : "unavailable" });
render(<App store={store} actions={actions} />, document.getElementById("app")!);

let lastOrigins = "";
store.subscribe((s) => {
  const key = s.capture.origins.join(" ");
  if (key !== lastOrigins) {
    lastOrigins = key;
    void refreshHostAccess();
  }
});

void startDevtoolsNetworkCapture({
  onExchanges: (xs) => store.add(xs),
  onSkipped: (n) => store.addUnreadable(n),
  onNavigated: (url) => store.clear(url, Date.now()),
});
