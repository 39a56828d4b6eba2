/**
 * A restart of the background (an MV3 service worker stopped by the browser) loses nothing
 * silently: requests it saw start are completed by the next start from their later events, the
 * panel drops what a replay repeats and counts exactly what never reached it.
 * webRequest is faked here; test/e2e/worker-restart.spec.ts stops the real worker in Chromium.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TabBuffers } from "../../../src/background/tab-buffers.ts";
import { type BackgroundBoot, DeliveryLedger } from "../../../src/capture/delivery.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { credentialVerdictRule } from "../../../src/core/credentials/verdict.ts";
import { API_ORIGIN, chromeEntry, codes, exchangeOf, ruleOn } from "../helpers.ts";

/** A fake webRequest: each event keeps its listeners; `fire` calls them as the browser would. */
type Listener = (d: unknown) => void;
const events = new Map<string, Set<Listener>>();
function event(name: string) {
  return {
    addListener: (cb: Listener) => (events.get(name) ?? events.set(name, new Set()).get(name)!).add(cb),
    removeListener: (cb: Listener) => events.get(name)?.delete(cb),
  };
}
function fire(name: string, d: object): void {
  for (const cb of events.get(name) ?? []) cb(d);
}
vi.mock("webextension-polyfill", () => ({
  default: {
    webRequest: Object.fromEntries(
      ["onBeforeRequest", "onSendHeaders", "onHeadersReceived", "onBeforeRedirect", "onCompleted", "onErrorOccurred"].map((n) => [n, event(n)]),
    ),
  },
}));

let startWebRequestCapture: typeof import("../../../src/capture/web-request.ts").startWebRequestCapture;
let startOwnCapture: typeof import("../../../src/capture/own-capture.ts").startOwnCapture;
beforeAll(async () => {
  vi.stubGlobal("__AUTHLENS_BROWSER__", "chrome");
  ({ startWebRequestCapture } = await import("../../../src/capture/web-request.ts"));
  ({ startOwnCapture } = await import("../../../src/capture/own-capture.ts"));
});
afterEach(() => events.clear());

const URL_401 = `${API_ORIGIN}/orders`;
const base = { requestId: "r7", tabId: 3, url: URL_401, method: "GET", type: "xmlhttprequest" };
const AUTH = { name: "Authorization", value: "Bearer abc.def.ghi" };

describe("webRequest capture across a restart of the background", () => {
  it("completes a request whose start went to the stopped background, from its later events", () => {
    const started: unknown[] = [];
    const stopA = startWebRequestCapture(() => undefined, { idPrefix: "a", onStarted: (...args) => started.push(args) });
    fire("onBeforeRequest", { ...base, timeStamp: 1000 });
    fire("onSendHeaders", { ...base, timeStamp: 1001, requestHeaders: [AUTH] });
    expect(started).toEqual([[3, "r7", [AUTH]]]);
    stopA(); // the service worker is stopped: its memory, the request's record, is gone

    const got: [number, Exchange, string][] = [];
    startWebRequestCapture((...args) => got.push(args), { idPrefix: "b" });
    fire("onHeadersReceived", {
      ...base,
      timeStamp: 1050,
      statusCode: 401,
      statusLine: "HTTP/1.1 401 Unauthorized",
      responseHeaders: [{ name: "WWW-Authenticate", value: 'Bearer error="invalid_token"' }],
    });
    fire("onCompleted", { ...base, timeStamp: 1060, statusCode: 401 });

    expect(got).toHaveLength(1);
    const [tabId, x, requestId] = got[0]!;
    expect(tabId).toBe(3);
    expect(requestId).toBe("r7");
    // Unique in a panel that saw both boots.
    expect(x.id).toBe("wb-1");
    expect(x.request.url).toBe(URL_401);
    expect(x.response?.status).toBe(401);
    expect(x.response?.headers).toContainEqual({ name: "WWW-Authenticate", value: 'Bearer error="invalid_token"' });
    // Reported only to the stopped background: not known here.
    expect(x.request.headers).toEqual([]);
  });

  it("takes the status and headers from onCompleted when onHeadersReceived also went to the stopped background", () => {
    const got: Exchange[] = [];
    startWebRequestCapture((_, x) => got.push(x));
    fire("onCompleted", {
      ...base,
      timeStamp: 2000,
      statusCode: 204,
      statusLine: "HTTP/1.1 204 No Content",
      responseHeaders: [{ name: "Date", value: "Fri, 04 Dec 2026 17:00:00 GMT" }],
    });
    fire("onErrorOccurred", { ...base, requestId: "r8", timeStamp: 2001, error: "net::ERR_FAILED" });
    expect(got.map((x) => [x.response?.status ?? 0, x.error])).toEqual([
      [204, undefined],
      [0, "net::ERR_FAILED"],
    ]);
  });
});

describe("webRequest capture", () => {
  it("times a request from its first event to its last (the list's Time column)", () => {
    const got: Exchange[] = [];
    startWebRequestCapture((_, x) => got.push(x), { tabId: 3 });
    fire("onBeforeRequest", { ...base, timeStamp: 3_000 });
    fire("onSendHeaders", { ...base, timeStamp: 3_001, requestHeaders: [AUTH] });
    fire("onCompleted", { ...base, timeStamp: 3_145, statusCode: 200 });
    expect(got.map((x) => x.durationMs)).toEqual([145]);
  });
});

describe("standalone AuthLens's own capture", () => {
  const replayed = (id: string, at: number, durationMs: number) => ({ ...exchangeOf(id, chromeEntry({ url: `${API_ORIGIN}/${id}`, at: 0 })), observedAt: at, durationMs });

  it("lists what it hears itself, takes the background's history once, and nothing else the background says", () => {
    const added: [string[], boolean][] = [];
    const own = startOwnCapture(3, (xs, replay) => added.push([xs.map((x) => x.request.url), replay]), () => 10_000)!;
    fire("onBeforeRequest", { ...base, timeStamp: 10_100 });
    fire("onCompleted", { ...base, timeStamp: 10_160, statusCode: 401 });
    expect(added).toEqual([[[URL_401], false]]);

    const boot: BackgroundBoot = { id: "a", startedAt: 0 };
    const history = { type: "exchanges" as const, boot, first: 1, requestIds: ["r1", "r2"], replay: true };
    // Finished before the page opened: history. Ended after it: this capture heard it.
    expect(own.takes({ ...history, items: [replayed("old", 9_000, 500), replayed("late", 9_800, 400)] })).toBe(true);
    expect(added.slice(1)).toEqual([[[`${API_ORIGIN}/old`], true]]);
    // A later replay repeats the history; live messages repeat what this capture heard.
    expect(own.takes({ ...history, items: [replayed("old", 9_000, 500)] })).toBe(true);
    expect(own.takes({ type: "exchanges", boot, first: 3, requestIds: ["r7"], items: [replayed("live", 10_100, 60)] })).toBe(true);
    expect(own.takes({ type: "started", boot, requestId: "r7", headers: [] })).toBe(true);
    expect(added).toHaveLength(2);
    // Precise mode still comes from the background.
    expect(own.takes({ type: "precise-state", on: true })).toBe(false);
  });
});

const bootA: BackgroundBoot = { id: "a", startedAt: 1_000 };
const bootB: BackgroundBoot = { id: "b", startedAt: 5_000 };

describe("DeliveryLedger", () => {
  it("drops what a replay repeats and counts nothing missing when all arrived", () => {
    const ledger = new DeliveryLedger();
    expect(ledger.accept(bootA, 1, ["r1"]).map((d) => d.fresh)).toEqual([true]);
    expect(ledger.accept(bootA, 2, ["r2"]).map((d) => d.fresh)).toEqual([true]);
    // The port dropped and the panel asked again: the buffer repeats 1–3.
    expect(ledger.accept(bootA, 1, ["r1", "r2", "r3"]).map((d) => d.fresh)).toEqual([false, false, true]);
    expect(ledger.gap).toEqual({ missing: 0 });
  });

  it("of the first boot met, what came before the panel opened is not missing", () => {
    const ledger = new DeliveryLedger();
    ledger.accept(bootA, 901, ["r901"]);
    expect(ledger.gap.missing).toBe(0);
  });

  it("counts numbers never received, and a new boot from its first", () => {
    const ledger = new DeliveryLedger();
    ledger.accept(bootA, 1, ["r1"]);
    ledger.accept(bootA, 4, ["r4"]);
    expect(ledger.gap).toEqual({ missing: 2 });
    ledger.accept(bootA, 3, ["r3"]);
    expect(ledger.gap).toEqual({ missing: 1 });
    // The background restarted; the panel hears first of its third exchange.
    ledger.accept(bootB, 3, ["r9"]);
    expect(ledger.gap).toEqual({ missing: 3, restartedAt: 5_000 });
  });

  it("holds a request's start until its exchange comes from the next boot, and counts starts whose exchange never came", () => {
    const ledger = new DeliveryLedger<string>();
    ledger.start(bootA, "r1", "headers of r1");
    ledger.start(bootA, "r2", "headers of r2");
    ledger.accept(bootA, 1, ["r1"]);
    // Still in flight in a live background: not missing.
    expect(ledger.gap.missing).toBe(0);
    ledger.start(bootB, "r3", "headers of r3");
    // Boot A is gone and r2's exchange never came from it.
    expect(ledger.gap).toEqual({ missing: 1, restartedAt: 5_000 });
    // Boot B completed r2 from its later events: the panel gives back its request headers.
    expect(ledger.accept(bootB, 1, ["r2"])).toEqual([{ fresh: true, started: "headers of r2" }]);
    expect(ledger.gap).toEqual({ missing: 0, restartedAt: 5_000 });
  });

  it("forgets what went missing before the list was cleared", () => {
    const ledger = new DeliveryLedger();
    ledger.accept(bootA, 1, ["r1"]);
    ledger.start(bootA, "r5", undefined);
    ledger.accept(bootB, 2, ["r2"]);
    expect(ledger.gap.missing).toBe(2);
    ledger.forget();
    expect(ledger.gap.missing).toBe(0);
    ledger.accept(bootB, 4, ["r4"]);
    expect(ledger.gap.missing).toBe(1);
  });
});

/**
 * The background's buffers and the panel's ledger together, with a fake port: a background
 * posts each exchange live and replays its buffer when the panel (re)connects; stopping it
 * loses its memory and whatever it posted while dying.
 */
describe("a panel watching a tab while its background restarts", () => {
  class FakeBackground {
    readonly buffers = new TabBuffers<string>(4);
    connected = true;
    constructor(
      readonly boot: BackgroundBoot,
      private readonly deliver: (boot: BackgroundBoot, first: number, ids: readonly string[]) => void,
    ) {}
    observe(requestId: string, { lost = false } = {}): void {
      const seq = this.buffers.push(1, requestId);
      if (this.connected && !lost) this.deliver(this.boot, seq, [requestId]);
    }
    watch(): void {
      this.connected = true;
      const { first, items } = this.buffers.get(1);
      if (items.length > 0) this.deliver(this.boot, first, items);
    }
  }

  it("lists each request once, and counts what the numbering shows lost", () => {
    const ledger = new DeliveryLedger();
    const listed: string[] = [];
    const deliver = (boot: BackgroundBoot, first: number, ids: readonly string[]) => {
      const delivery = ledger.accept(boot, first, ids);
      listed.push(...ids.filter((_, k) => delivery[k]!.fresh));
    };
    const a = new FakeBackground(bootA, deliver);
    a.observe("r1");
    a.observe("r2");
    // The port drops and comes back (same boot): the replay repeats r1 and r2.
    a.connected = false;
    a.observe("r3");
    a.watch();
    // Posted while the worker was being stopped: never arrives.
    a.observe("r4", { lost: true });

    const b = new FakeBackground(bootB, deliver);
    b.connected = false; // the panel reconnects a moment after the restart
    b.observe("r5");
    b.observe("r6");
    b.watch();
    b.observe("r7");

    expect(listed).toEqual(["r1", "r2", "r3", "r5", "r6", "r7"]);
    // r4 cannot be counted by numbers (boot A's tail died with it): only by its start.
    expect(ledger.gap).toEqual({ missing: 0, restartedAt: 5_000 });
    // Boot B's buffer overflowed (4 kept) before the panel came back: 2 are counted missing.
    b.connected = false;
    for (const id of ["r8", "r9", "r10", "r11", "r12", "r13"]) b.observe(id);
    b.watch();
    expect(listed.slice(6)).toEqual(["r10", "r11", "r12", "r13"]);
    expect(ledger.gap).toEqual({ missing: 2, restartedAt: 5_000 });
  });
});

describe("credential verdict on a request whose headers a restarted background missed", () => {
  it("claims neither way, instead of 'no credentials sent'", () => {
    const entry = chromeEntry({ url: URL_401, status: 401, responseHeaders: { "WWW-Authenticate": "Bearer" }, requestHeaders: {} });
    const fromWebRequest = { ...exchangeOf("w1", entry), sources: ["web-request" as const] };
    expect(codes(ruleOn(credentialVerdictRule, fromWebRequest))).toEqual(["capture.partial"]);
    // Once the panel gave back the headers kept from the request's start, the verdict is made.
    const withHeaders = { ...fromWebRequest, request: { ...fromWebRequest.request, headers: [{ name: "Accept", value: "*/*" }] } };
    expect(codes(ruleOn(credentialVerdictRule, withHeaders))).toEqual(["auth.no-credentials-sent"]);
  });
});
