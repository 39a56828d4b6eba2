/**
 * The panel's analysis worker: the capture, its diagnosis and everything derived from it live
 * here, off the panel's main thread (the panel page keeps only views). Started by
 * analysis-client.ts as a module worker from the extension's own files.
 */
import { CaptureStore } from "../store.ts";
import { AnalysisHost } from "./host.ts";
import type { ToWorker } from "./protocol.ts";

/** The worker's global scope, as much of it as is used (the DOM typings describe a window). */
const scope = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const host = new AnalysisHost(new CaptureStore(), (m) => scope.postMessage(m));
scope.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data);
