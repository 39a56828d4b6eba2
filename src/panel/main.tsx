/**
 * The panel's entry: wires the DevTools network capture to the store and renders the views.
 * Browser APIs are used here and in capture/, never in the components.
 */
import { render } from "preact";
import browser from "webextension-polyfill";
import { startDevtoolsNetworkCapture } from "../capture/devtools-network.ts";
import { App, type PanelActions } from "./App.tsx";
import { CaptureStore } from "./store.ts";
import "./panel.css";

/** DevTools says "dark" or "default"; follow it, as the built-in panels do. */
function applyTheme(): void {
  const name = (browser.devtools.panels as { themeName?: string }).themeName;
  document.documentElement.dataset.theme = name === "dark" ? "dark" : "light";
}

const store = new CaptureStore();
const actions: PanelActions = {
  clear: () => store.clear(store.current.pageUrl),
  reloadInspectedPage: () => {
    void browser.devtools.inspectedWindow.reload({});
  },
};

applyTheme();
render(<App store={store} actions={actions} />, document.getElementById("app")!);

void startDevtoolsNetworkCapture({
  onExchanges: (xs) => store.add(xs),
  onSkipped: (n) => store.addUnreadable(n),
  onNavigated: (url) => store.clear(url),
});
