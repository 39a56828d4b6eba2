/**
 * The devtools page: it only registers the AuthLens panel. The panel reads the network log itself
 * (devtools.network.getHAR for what finished before it opened, onRequestFinished after), so no
 * entries need forwarding from here.
 */
import browser from "webextension-polyfill";

export const PANEL_TITLE = "AuthLens";

void browser.devtools.panels.create(PANEL_TITLE, "/icons/icon-32.png", "/src/panel/panel.html");
