/**
 * The panel's port to the background (src/capture/background-port.ts), with the port and the
 * timers faked: a Chromium service worker stopped by the browser disconnects the port, and the
 * panel connects again after a wait that doubles while the background stays away.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { type BackgroundLinkDeps, connectBackground, type PortLike } from "../../../src/capture/background-port.ts";
import type { BackgroundMessage, PanelMessage } from "../../../src/capture/protocol.ts";
import { ReconnectBackoff } from "../../../src/capture/reconnect-backoff.ts";

const connectedPorts: FakePort[] = [];
vi.mock("webextension-polyfill", () => ({
  default: { runtime: { connect: ({ name }: { name: string }) => new FakePort(name) } },
}));

class FakePort implements PortLike {
  readonly posted: unknown[] = [];
  disconnected = false;
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  readonly onMessage = { addListener: (cb: (m: unknown) => void) => void this.messageListeners.push(cb) };
  readonly onDisconnect = { addListener: (cb: () => void) => void this.disconnectListeners.push(cb) };
  constructor(readonly name = "authlens-panel") {
    connectedPorts.push(this);
  }
  postMessage(message: unknown): void {
    if (this.disconnected) throw new Error("Attempting to use a disconnected port object");
    this.posted.push(message);
  }
  /** The panel's own disconnect(): the WebExtension API fires no onDisconnect on this side. */
  disconnect(): void {
    this.disconnected = true;
  }
  /** The background says something. */
  receive(message: BackgroundMessage): void {
    for (const cb of this.messageListeners) cb(message);
  }
  /** The other end went away (the service worker was stopped). */
  drop(): void {
    this.disconnected = true;
    for (const cb of this.disconnectListeners) cb();
  }
}

/** Timers the test runs by hand: each pending wait with the delay it asked for. */
function fakeTimers() {
  const pending = new Map<number, { cb: () => void; ms: number }>();
  let n = 0;
  const asked: number[] = [];
  return {
    asked,
    pending,
    deps: {
      setTimeout: (cb: () => void, ms: number) => {
        asked.push(ms);
        pending.set(++n, { cb, ms });
        return n;
      },
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    } satisfies BackgroundLinkDeps,
    /** Runs the one pending wait. */
    fire(): void {
      expect(pending.size).toBe(1);
      const [id, t] = [...pending][0]!;
      pending.delete(id);
      t.cb();
    },
  };
}

const replay: BackgroundMessage = { type: "exchanges", items: [], requestIds: [], replay: true, boot: { id: "b1", startedAt: 1_000 }, first: 1 };

afterEach(() => {
  connectedPorts.length = 0;
  vi.useRealTimers();
});

describe("reconnect backoff", () => {
  it("doubles from 100 ms up to 5 s, and starts over after a reset", () => {
    const b = new ReconnectBackoff();
    expect(Array.from({ length: 9 }, () => b.next())).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
    b.reset();
    expect([b.next(), b.next()]).toEqual([100, 200]);
  });

  it("stays at the cap however long the background stays away", () => {
    const b = new ReconnectBackoff({ firstMs: 1, capMs: 60_000 });
    for (let i = 0; i < 10_000; i++) b.next();
    expect(b.next()).toBe(60_000);
  });
});

describe("the panel's port to the background", () => {
  it("asks for its tab on connecting, and delivers each message once", () => {
    const timers = fakeTimers();
    const got: BackgroundMessage[] = [];
    connectBackground(42, (m) => got.push(m), undefined, { ...timers.deps, connect: () => new FakePort() });
    const [port] = connectedPorts;
    expect(port!.posted).toEqual([{ type: "watch", tabId: 42 } satisfies PanelMessage]);
    port!.receive(replay);
    port!.receive({ type: "precise-state", on: false });
    expect(got).toEqual([replay, { type: "precise-state", on: false }]);
  });

  it("waits longer after each connection that never delivered anything", () => {
    const timers = fakeTimers();
    const reconnects: number[] = [];
    connectBackground(42, () => undefined, () => reconnects.push(connectedPorts.length), { ...timers.deps, connect: () => new FakePort() });
    for (let i = 0; i < 8; i++) {
      connectedPorts.at(-1)!.drop();
      timers.fire();
    }
    expect(timers.asked).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
    expect(connectedPorts).toHaveLength(9);
    // Every new port asks for the tab again, and the panel hears of each reconnect.
    expect(connectedPorts.every((p) => p.posted.some((m) => (m as PanelMessage).type === "watch"))).toBe(true);
    expect(reconnects).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("starts the waits over after a connection that delivered a message", () => {
    const timers = fakeTimers();
    connectBackground(42, () => undefined, undefined, { ...timers.deps, connect: () => new FakePort() });
    connectedPorts.at(-1)!.drop();
    timers.fire();
    connectedPorts.at(-1)!.drop();
    timers.fire();
    // This one came up and the background answered: the worker is back.
    connectedPorts.at(-1)!.receive(replay);
    connectedPorts.at(-1)!.drop();
    timers.fire();
    connectedPorts.at(-1)!.drop();
    expect(timers.asked).toEqual([100, 200, 100, 200]);
  });

  it("backs off too when connecting throws (the extension's context is gone)", () => {
    const timers = fakeTimers();
    let fail = 3;
    const connect = () => {
      if (fail-- > 0) throw new Error("Extension context invalidated.");
      return new FakePort();
    };
    connectBackground(42, () => undefined, undefined, { ...timers.deps, connect });
    timers.fire();
    timers.fire();
    timers.fire();
    expect(timers.asked).toEqual([100, 200, 400]);
    expect(connectedPorts).toHaveLength(1);
    expect(timers.pending.size).toBe(0);
  });

  it("turns precise mode on again on the new port when the panel had asked for it", () => {
    const timers = fakeTimers();
    const link = connectBackground(42, () => undefined, undefined, { ...timers.deps, connect: () => new FakePort() });
    link.send({ type: "precise", tabId: 42, on: true });
    connectedPorts[0]!.drop();
    timers.fire();
    expect(connectedPorts[1]!.posted).toEqual([
      { type: "watch", tabId: 42 },
      { type: "precise", tabId: 42, on: true },
    ]);
    link.send({ type: "precise", tabId: 42, on: false });
    connectedPorts[1]!.drop();
    timers.fire();
    expect(connectedPorts[2]!.posted).toEqual([{ type: "watch", tabId: 42 }]);
  });

  it("close() cancels a pending reconnect", () => {
    const timers = fakeTimers();
    const link = connectBackground(42, () => undefined, undefined, { ...timers.deps, connect: () => new FakePort() });
    connectedPorts[0]!.drop();
    expect(timers.pending.size).toBe(1);
    link.close();
    expect(timers.pending.size).toBe(0);
    expect(connectedPorts).toHaveLength(1);
  });

  it("close() disconnects the port, and a disconnect that follows does not reconnect", () => {
    const timers = fakeTimers();
    const got: BackgroundMessage[] = [];
    const link = connectBackground(42, (m) => got.push(m), undefined, { ...timers.deps, connect: () => new FakePort() });
    const port = connectedPorts[0]!;
    link.close();
    expect(port.disconnected).toBe(true);
    // A fake (or a browser) that reports the closing as a disconnect, and a late message.
    port.drop();
    port.receive(replay);
    expect(timers.asked).toEqual([]);
    expect(got).toEqual([]);
    expect(connectedPorts).toHaveLength(1);
    // Sending after close goes nowhere and does not throw.
    link.send({ type: "precise", tabId: 42, on: false });
  });

  it("ignores what a replaced port still says", () => {
    const timers = fakeTimers();
    const got: BackgroundMessage[] = [];
    connectBackground(42, (m) => got.push(m), undefined, { ...timers.deps, connect: () => new FakePort() });
    const old = connectedPorts[0]!;
    old.drop();
    timers.fire();
    old.receive({ type: "precise-state", on: true });
    old.drop();
    connectedPorts[1]!.receive(replay);
    expect(got).toEqual([replay]);
    // The old port's second disconnect scheduled nothing.
    expect(timers.asked).toEqual([100]);
  });

  it("uses the browser's runtime port and timers by default", () => {
    vi.useFakeTimers();
    const got: BackgroundMessage[] = [];
    connectBackground(42, (m) => got.push(m));
    expect(connectedPorts.map((p) => p.name)).toEqual(["authlens-panel"]);
    connectedPorts[0]!.drop();
    vi.advanceTimersByTime(99);
    expect(connectedPorts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(connectedPorts).toHaveLength(2);
    connectedPorts[1]!.receive(replay);
    expect(got).toEqual([replay]);
  });
});
