/**
 * The capture's settings and the state of an empty capture, shared by the store (in the worker)
 * and the panel page's view of it. No analysis here: the panel page imports it.
 */
import type { PanelState } from "./store.ts";

/** How many exchanges the capture keeps: the panel's "Keep" setting. */
export const DEFAULT_CAPTURE_LIMIT = 5_000;
/** The capture limits the panel offers (its "Keep" setting). */
export const CAPTURE_LIMITS: readonly number[] = [1_000, 5_000, 10_000, 20_000];

/** An empty capture, before anything is recorded (its rows are given by each side). */
export const EMPTY_CAPTURE: Pick<PanelState, "limit" | "dropped" | "unreadable" | "capture" | "preserveLog" | "paused" | "missedWhilePaused" | "pageLoads" | "diagnosing"> = {
  limit: DEFAULT_CAPTURE_LIMIT,
  dropped: 0,
  unreadable: 0,
  capture: { fullCapture: "off", origins: [], precise: "unavailable" },
  preserveLog: false,
  paused: false,
  missedWhilePaused: 0,
  pageLoads: 1,
  diagnosing: false,
};
