/**
 * Messages between the panel and the background over a runtime port. Plain JSON: the port
 * serialises them, and the background may restart (MV3 service worker) between two messages.
 */
import type { BrowserVerdict, Exchange } from "../core/exchange.ts";
import type { Header } from "../core/headers.ts";
import type { BackgroundBoot } from "./delivery.ts";

export const PANEL_PORT = "authlens-panel";

/** A verdict the browser gave for one request (Chromium precise mode), to be matched to an exchange. */
export interface VerdictObservation {
  readonly url: string;
  readonly method: string;
  /** When the request started, ms since the epoch (browser clock). */
  readonly startedAt: number;
  readonly verdict: BrowserVerdict;
}

export type PanelMessage =
  | { readonly type: "watch"; readonly tabId: number }
  | { readonly type: "precise"; readonly tabId: number; readonly on: boolean };

export type BackgroundMessage =
  /** Requests seen by webRequest for the watched tab (only hosts the user granted). */
  /** `replay`: sent again from the background's buffer when a panel (re)connects. */
  /**
   * `items[k]` is the tab's exchange number `first + k` in this `boot` of the background, of the
   * browser's request `requestIds[k]` (capture/delivery.ts).
   */
  | {
      readonly type: "exchanges";
      readonly items: readonly Exchange[];
      readonly requestIds: readonly string[];
      readonly replay?: boolean;
      readonly boot: BackgroundBoot;
      readonly first: number;
    }
  /** A request of the watched tab sent its headers: the panel holds them until its exchange comes. */
  | { readonly type: "started"; readonly boot: BackgroundBoot; readonly requestId: string; readonly headers: readonly Header[] }
  | { readonly type: "verdicts"; readonly items: readonly VerdictObservation[] }
  | { readonly type: "precise-state"; readonly on: boolean; readonly message?: string };
