/**
 * Precise mode (Chromium only, opt-in): chrome.debugger on the inspected tab gives Chromium's
 * own verdicts that no HAR records — the CORS check that failed (Network.loadingFailed
 * .corsErrorStatus) and the cookies it withheld or refused (requestWillBeSentExtraInfo
 * .associatedCookies[].blockedReasons, responseReceivedExtraInfo.blockedCookies). Runs in the
 * background; the panel receives VerdictObservations and matches them to exchanges.
 */
import type { BrowserVerdict } from "../core/exchange.ts";
import {
  blockedCookieVerdicts,
  type CdpBlockedSetCookie,
  type CdpCookieEntry,
  corsVerdict,
  rejectedSetCookieVerdicts,
  type Tracked,
  trackedOf,
  verdictObservation,
} from "./cdp-verdicts.ts";
import type { VerdictObservation } from "./protocol.ts";

const PROTOCOL_VERSION = "1.3";
/** Requests remembered per tab while waiting for their outcome; older ones are forgotten. */
const MAX_TRACKED = 2_000;
const FLUSH_MS = 150;

export interface PreciseCapture {
  stop(): Promise<void>;
}

export interface PreciseEvents {
  onVerdicts(items: VerdictObservation[]): void;
  /** The session ended without stop(): the user closed the "debugging" bar, the tab closed… */
  onEnded(reason: string): void;
}

export async function startPreciseCapture(tabId: number, events: PreciseEvents): Promise<PreciseCapture> {
  const target: chrome.debugger.Debuggee = { tabId };
  const tracked = new Map<string, Tracked>();
  const early = new Map<string, Pick<Tracked, "blockedCookies" | "rejectedSetCookies">>();
  let pending: VerdictObservation[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const flush = () => {
    timer = undefined;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    events.onVerdicts(items);
  };
  const emit = (t: Tracked, extra: BrowserVerdict) => {
    const observation = verdictObservation(t, extra);
    if (!observation) return;
    pending.push(observation);
    timer ??= setTimeout(flush, FLUSH_MS);
  };
  const remember = (id: string, t: Tracked) => {
    if (tracked.size >= MAX_TRACKED) {
      const oldest = tracked.keys().next().value;
      if (oldest !== undefined) tracked.delete(oldest);
    }
    tracked.set(id, { ...t, ...early.get(id) });
    early.delete(id);
  };

  const onEvent = (source: chrome.debugger.Debuggee, method: string, params?: object) => {
    if (source.tabId !== tabId || !params) return;
    const p = params as Record<string, unknown> & { requestId?: string };
    const id = p.requestId;
    if (typeof id !== "string") return;
    switch (method) {
      case "Network.requestWillBeSent": {
        // A redirect reuses the requestId (with `redirectResponse`): the hop that was redirected
        // is done, and its cookie verdicts are its own, not the next hop's.
        const hop = tracked.get(id);
        if (hop && p.redirectResponse !== undefined) emit(hop, {});
        const next = trackedOf(p as Parameters<typeof trackedOf>[0]);
        if (next) remember(id, next);
        break;
      }
      case "Network.requestWillBeSentExtraInfo": {
        const blocked = blockedCookieVerdicts(p.associatedCookies as CdpCookieEntry[] | undefined);
        const t = tracked.get(id);
        if (t) t.blockedCookies = blocked;
        else if (early.size < MAX_TRACKED) early.set(id, { ...early.get(id), blockedCookies: blocked });
        break;
      }
      case "Network.responseReceivedExtraInfo": {
        const refused = rejectedSetCookieVerdicts(p.blockedCookies as CdpBlockedSetCookie[] | undefined);
        const t = tracked.get(id);
        if (t) t.rejectedSetCookies = refused;
        else if (early.size < MAX_TRACKED) early.set(id, { ...early.get(id), rejectedSetCookies: refused });
        break;
      }
      case "Network.loadingFailed": {
        const t = tracked.get(id);
        if (!t) break;
        emit(t, corsVerdict(p as Parameters<typeof corsVerdict>[0]));
        tracked.delete(id);
        break;
      }
      case "Network.loadingFinished": {
        const t = tracked.get(id);
        if (t) emit(t, {});
        tracked.delete(id);
        break;
      }
    }
  };
  const onDetach = (source: chrome.debugger.Debuggee, reason: string) => {
    if (source.tabId !== tabId || stopped) return;
    stopped = true;
    cleanup();
    events.onEnded(reason === "canceled_by_user" ? "Precise mode was turned off from the browser's debugging bar." : `The debugger detached (${reason}).`);
  };
  const cleanup = () => {
    chrome.debugger.onEvent.removeListener(onEvent);
    chrome.debugger.onDetach.removeListener(onDetach);
    if (timer !== undefined) clearTimeout(timer);
    flush();
  };

  chrome.debugger.onEvent.addListener(onEvent);
  chrome.debugger.onDetach.addListener(onDetach);
  try {
    await chrome.debugger.attach(target, PROTOCOL_VERSION);
    await chrome.debugger.sendCommand(target, "Network.enable", {});
  } catch (error) {
    stopped = true;
    cleanup();
    throw error;
  }

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      cleanup();
      await chrome.debugger.detach(target).catch(() => undefined);
    },
  };
}
