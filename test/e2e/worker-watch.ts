/**
 * The extension's service worker, watched and stopped through CDP's ServiceWorker domain, as
 * Chromium stops it when it idles. A stop is over when the version reports "stopped": a target
 * list cannot say it, since a worker woken again at once comes back under the same target.
 */
import type { BrowserContext, CDPSession, Page } from "@playwright/test";
import { expect } from "./fixtures.ts";

interface WorkerVersion {
  versionId: string;
  scriptURL: string;
  runningStatus: "stopped" | "starting" | "running" | "stopping";
}

/**
 * The extension's service worker as the CDP ServiceWorker domain reports it (from a session on
 * one of the extension's own pages, which share its origin): its version and running status.
 */
export class WorkerWatch {
  private versions = new Map<string, WorkerVersion>();
  /** How many times a version was seen to reach "stopped". */
  stops = 0;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }: { versions: WorkerVersion[] }) => {
      for (const v of versions) {
        if (v.runningStatus === "stopped" && this.versions.get(v.versionId)?.runningStatus !== "stopped") this.stops++;
        this.versions.set(v.versionId, v);
      }
    });
  }

  static async attach(page: Page): Promise<WorkerWatch> {
    const cdp = await page.context().newCDPSession(page);
    const watch = new WorkerWatch(cdp);
    await cdp.send("ServiceWorker.enable");
    return watch;
  }

  private running(): WorkerVersion | undefined {
    return [...this.versions.values()].find((v) => v.runningStatus === "running");
  }

  /** Stops the running worker as Chromium does when it idles, and waits until it has stopped. */
  async stop(): Promise<void> {
    await expect.poll(() => this.running() !== undefined, { message: "the AuthLens service worker runs" }).toBe(true);
    const before = this.stops;
    await this.cdp.send("ServiceWorker.stopWorker", { versionId: this.running()!.versionId });
    await expect.poll(() => this.stops, { message: "the service worker stopped" }).toBe(before + 1);
  }
}


/**
 * Whether the extension's running service worker has webRequest listeners now (the events'
 * own `hasListeners()`), undefined while no worker answers (stopped, or starting).
 */
export async function backgroundListens(context: BrowserContext): Promise<boolean | undefined> {
  for (const worker of context.serviceWorkers().reverse()) {
    try {
      return await worker.evaluate(() => chrome.webRequest.onBeforeRequest.hasListeners() && chrome.webRequest.onCompleted.hasListeners());
    } catch {
      // A worker Chromium stopped: its handle no longer answers.
    }
  }
  return undefined;
}

/**
 * Waits until the background listens to webRequest for the watched tab. The panel's `watch`
 * registers the tab's listeners asynchronously (the background listens only while a panel
 * watches): a request the page sends before that is seen by the DevTools log alone, by design.
 */
export async function untilBackgroundListens(context: BrowserContext): Promise<void> {
  await expect.poll(() => backgroundListens(context), { message: "the background listens to the watched tab" }).toBe(true);
}
