/**
 * The child process of `npm run fuzz` (scripts/fuzz.ts): runs batches of generated inputs
 * through the whole pipeline and tells the parent when each one starts and how it ended. It runs
 * apart so that the parent can kill it when an input hangs: a synchronous loop cannot be
 * interrupted from inside its own thread.
 */
import fc from "fast-check";
import { fuzzInput, harText } from "../test/fuzz/mutate.ts";
import { PropertyViolation, runPipeline } from "../test/fuzz/pipeline.ts";

export interface BatchRequest {
  readonly type: "batch";
  readonly seed: number;
  readonly batch: number;
  readonly from: number;
  readonly size: number;
  /** Run only this many inputs from `from` (a suspected hang run again alone); all the rest by default. */
  readonly count?: number;
}

export type WorkerMessage =
  | { readonly type: "start"; readonly batch: number; readonly index: number }
  | { readonly type: "failed"; readonly batch: number; readonly index: number; readonly kind: "crash" | "violation"; readonly message: string; readonly text: string }
  | { readonly type: "batch-done"; readonly batch: number; readonly ran: number; readonly peakRssKb: number };

/** The inputs of one batch: the same seed, batch and size always give the same inputs. */
export function batchInputs(seed: number, batch: number, size: number) {
  return fc.sample(fuzzInput(), { seed: (seed + batch) | 0, numRuns: size });
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

async function runBatch(req: BatchRequest): Promise<void> {
  const inputs = batchInputs(req.seed, req.batch, req.size);
  let ran = 0;
  const end = Math.min(inputs.length, req.from + (req.count ?? inputs.length));
  for (let index = req.from; index < end; index++) {
    await send({ type: "start", batch: req.batch, index });
    let text = "";
    try {
      text = harText(inputs[index]!);
      await runPipeline(text);
    } catch (error) {
      const kind = error instanceof PropertyViolation ? "violation" : "crash";
      const message = error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? "").split("\n").slice(1, 8).join("\n")}` : String(error);
      await send({ type: "failed", batch: req.batch, index, kind, message, text });
    }
    ran++;
  }
  await send({ type: "batch-done", batch: req.batch, ran, peakRssKb: process.resourceUsage().maxRSS });
}

if (process.send) {
  process.on("message", (req: BatchRequest) => {
    if (req.type === "batch") void runBatch(req);
  });
}
