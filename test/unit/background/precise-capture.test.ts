/**
 * Precise mode's record of Chromium's cookie verdicts (src/capture/debugger.ts), with
 * chrome.debugger faked: CDP events in, VerdictObservations out. A redirect reuses its requestId;
 * each hop keeps its own verdicts. test/e2e/redirect-cookie.spec.ts runs the real debugger.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { startPreciseCapture } from "../../../src/capture/debugger.ts";
import type { VerdictObservation } from "../../../src/capture/protocol.ts";

type EventListener = (source: { tabId?: number }, method: string, params?: object) => void;
const listeners = new Set<EventListener>();

function fakeDebugger() {
  vi.stubGlobal("chrome", {
    debugger: {
      onEvent: { addListener: (cb: EventListener) => listeners.add(cb), removeListener: (cb: EventListener) => listeners.delete(cb) },
      onDetach: { addListener: () => undefined, removeListener: () => undefined },
      attach: async () => undefined,
      detach: async () => undefined,
      sendCommand: async () => ({}),
    },
  });
}

function cdp(method: string, params: object): void {
  for (const cb of listeners) cb({ tabId: 7 }, method, params);
}

afterEach(() => {
  listeners.clear();
  vi.unstubAllGlobals();
});

describe("precise capture: cookie verdicts", () => {
  it("keeps a redirected hop's verdicts on that hop, and the next hop's on it", async () => {
    fakeDebugger();
    const seen: VerdictObservation[] = [];
    const capture = await startPreciseCapture(7, { onVerdicts: (items) => seen.push(...items), onEnded: () => undefined });

    cdp("Network.requestWillBeSent", { requestId: "r1", request: { url: "https://a.example/login", method: "POST" }, wallTime: 1000 });
    cdp("Network.requestWillBeSentExtraInfo", { requestId: "r1", associatedCookies: [{ cookie: { name: "old" }, blockedReasons: ["NotOnPath"] }, { cookie: { name: "ok" }, blockedReasons: [] }] });
    cdp("Network.responseReceivedExtraInfo", { requestId: "r1", blockedCookies: [{ cookieLine: "sid=secret; SameSite=None", blockedReasons: ["SameSiteNoneInsecure"] }] });
    // The redirect: same requestId, a new URL.
    cdp("Network.requestWillBeSent", { requestId: "r1", request: { url: "https://b.example/home", method: "GET" }, wallTime: 1001, redirectResponse: { status: 302 } });
    cdp("Network.requestWillBeSentExtraInfo", { requestId: "r1", associatedCookies: [{ cookie: { name: "pref" }, blockedReasons: ["ThirdPartyPhaseout"] }] });
    cdp("Network.loadingFinished", { requestId: "r1" });
    await capture.stop();

    expect(seen).toEqual([
      {
        url: "https://a.example/login",
        method: "POST",
        startedAt: 1_000_000,
        verdict: { blockedCookies: [{ name: "old", reasons: ["NotOnPath"] }], rejectedSetCookies: [{ name: "sid", reasons: ["SameSiteNoneInsecure"] }] },
      },
      { url: "https://b.example/home", method: "GET", startedAt: 1_001_000, verdict: { blockedCookies: [{ name: "pref", reasons: ["ThirdPartyPhaseout"] }] } },
    ]);
    // The Set-Cookie line's value never leaves the capture, only the cookie's name.
    expect(JSON.stringify(seen)).not.toContain("secret");
  });
});
