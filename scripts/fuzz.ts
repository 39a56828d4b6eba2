/**
 * `npm run fuzz [-- <inputs>] [--seed <n>] [--jobs <n>]`: the fuzz campaign over the whole analysis (HAR
 * import, diagnosis, reports, redaction, share formats, CLI renderers), over mutated real
 * captures and generated hostile values (test/fuzz/). 100,000 inputs by default (or FUZZ_RUNS).
 *
 * Inputs run in a child process (scripts/fuzz-worker.ts) that is killed and restarted when one
 * takes over 5 s of CPU time (or a minute of wall time): a hang. A crash is an exception escaping the pipeline or an output that breaks
 * a property (test/fuzz/pipeline.ts). Each failing input is written to test/fixtures/fuzz/ with
 * a line in its README saying where it came from; test/unit/fuzz/regressions.test.ts replays
 * them. Progress goes to stderr; the last line on stdout is
 *
 *   fuzz: N inputs, C crashes, H hangs, peak RSS M MB
 *
 * and the exit status is 1 when C or H is not 0.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { harText } from "../test/fuzz/mutate.ts";
import { saveRegression } from "../test/fuzz/save.ts";
import { batchInputs, type BatchRequest, type WorkerMessage } from "./fuzz-worker.ts";

const WORKER = new URL("./fuzz-worker.ts", import.meta.url).pathname;

/**
 * An input running longer than this is a hang. Counted in the worker's CPU time: on a machine
 * shared with other jobs (load 20 on 2 cores) an 8 KB capture can take 3 s of wall time, while
 * an endless loop or catastrophic backtracking burns CPU the whole time. A wall-clock bound 12×
 * longer still catches an input that blocks without computing.
 */
const HANG_MS = 5_000;
const HANG_WALL_MS = 60_000;
/** Inputs generated and run per batch; the worker reports its peak memory after each. */
const BATCH = 250;
/** Failing inputs written per distinct failure (same kind and first line), and in all. */
const FIXTURES_PER_FAILURE = 1;
const MAX_FIXTURES = 40;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const positional = process.argv.slice(2).find((a, i, all) => /^\d+$/.test(a) && all[i - 1] !== "--seed");
const total = Number(positional ?? process.env.FUZZ_RUNS ?? 100_000);
const seed = Number(option("--seed") ?? process.env.FUZZ_SEED ?? (Date.now() ^ (Math.random() * 2 ** 31)) | 0);
if (!Number.isSafeInteger(total) || total <= 0 || !Number.isSafeInteger(seed)) {
  process.stderr.write("usage: npm run fuzz -- [<inputs>] [--seed <n>]\n");
  process.exit(2);
}

let done = 0;
let crashes = 0;
let hangs = 0;
let peakRssKb = 0;
const written = new Map<string, number>();
let fixtureCount = 0;

/** Saves the first input of each distinct failure (same kind and first line), up to MAX_FIXTURES in all. */
function saveFixture(kind: "crash" | "hang", input: () => string, origin: string, message: string): void {
  // Crashes with one message are one bug; every hang is its own input.
  const signature = kind === "hang" ? origin : `${kind}:${message.split("\n")[0]!.replace(/\d+/g, "N")}`;
  const seen = written.get(signature) ?? 0;
  if (seen >= FIXTURES_PER_FAILURE || fixtureCount >= MAX_FIXTURES) return;
  written.set(signature, seen + 1);
  fixtureCount++;
  let text: string;
  try {
    text = input();
  } catch (error) {
    process.stderr.write(`fuzz: could not rebuild the failing input: ${String(error)}\n`);
    return;
  }
  const name = saveRegression(kind, text, `\`npm run fuzz\` (${origin})`, message);
  process.stderr.write(`fuzz: ${kind} saved as test/fixtures/fuzz/${name}\n`);
}

const jobs = Math.max(1, Math.min(8, Number(option("--jobs") ?? process.env.FUZZ_JOBS ?? 1) || 1));
const batches = Math.ceil(total / BATCH);

/** One worker process and the input it is running now, and since when. */
interface Lane {
  child?: ChildProcess;
  current?: { batch: number; index: number; since: number; cpuSince: number };
}

/** CPU time (user + system) a process has used, from /proc/<pid>/stat (Linux; 0 elsewhere, and wall time then decides). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** USER_HZ, which Linux fixes at 100 for /proc. */
const CLOCK_TICKS = 100;

function spawnWorker(): ChildProcess {
  return fork(WORKER, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

/** Runs one input alone in a fresh worker: true when it ends within the hang bounds. */
function runsAlone(batch: number, index: number, size: number): Promise<boolean> {
  return new Promise((resolve) => {
    const worker = spawnWorker();
    let since: { at: number; cpu: number } | undefined;
    const end = (ended: boolean) => {
      clearInterval(watchdog);
      worker.removeAllListeners();
      worker.kill("SIGKILL");
      resolve(ended);
    };
    const watchdog = setInterval(() => {
      if (since && (cpuMs(worker.pid) - since.cpu > HANG_MS || Date.now() - since.at > HANG_WALL_MS)) end(false);
    }, 250);
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "start") since = { at: Date.now(), cpu: cpuMs(worker.pid) };
      else if (m.type === "batch-done") end(true);
    });
    worker.on("exit", () => end(false));
    const req: BatchRequest = { type: "batch", seed, batch, from: index, size, count: 1 };
    worker.send(req);
  });
}

/** Runs one batch from `from`; resolves when it is done, or when the worker was killed or died (with the index to resume at). */
function runBatch(lane: Lane, batch: number, from: number): Promise<number | undefined> {
  const size = Math.min(BATCH, total - batch * BATCH);
  return new Promise((resolve) => {
    lane.child ??= spawnWorker();
    const worker = lane.child;
    let finished = false;
    const finish = (resumeAt: number | undefined) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      worker.off("message", onMessage);
      worker.off("exit", onExit);
      lane.current = undefined;
      resolve(resumeAt);
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.type === "start") {
        lane.current = { batch: m.batch, index: m.index, since: Date.now(), cpuSince: cpuMs(worker.pid) };
      } else if (m.type === "failed") {
        crashes++;
        saveFixture("crash", () => m.text, `seed ${seed}, batch ${m.batch}, input ${m.index}, ${m.kind}`, m.message);
        process.stderr.write(`fuzz: ${m.kind} at batch ${m.batch} input ${m.index}: ${m.message.split("\n")[0]}\n`);
      } else if (m.type === "batch-done") {
        done += m.ran;
        peakRssKb = Math.max(peakRssKb, m.peakRssKb);
        finish(undefined);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      lane.child = undefined;
      if (finished) return;
      // The worker died under an input (out of memory, a native crash): that input is a crash.
      crashes++;
      const index = lane.current?.index ?? from;
      saveFixture("crash", () => harText(batchInputs(seed, batch, size)[index]!), `seed ${seed}, batch ${batch}, input ${index}`, `the process ended (code ${code}, signal ${signal})`);
      // The inputs before it in this run finished; it ended too.
      done += index - from + 1;
      finish(index + 1);
    };
    const watchdog = setInterval(() => {
      if (!lane.current) return;
      const cpu = cpuMs(worker.pid) - lane.current.cpuSince;
      if (cpu <= HANG_MS && Date.now() - lane.current.since <= HANG_WALL_MS) return;
      const { index } = lane.current;
      done += index - from + 1;
      finished = true;
      clearInterval(watchdog);
      worker.off("message", onMessage);
      worker.off("exit", onExit);
      worker.kill("SIGKILL");
      lane.child = undefined;
      lane.current = undefined;
      // A hang must happen again: the input runs once more, alone, in a fresh process. A worker
      // that has run thousands of inputs can spend seconds in one garbage collection.
      void runsAlone(batch, index, size).then((ended) => {
        if (ended) {
          process.stderr.write(`fuzz: batch ${batch} input ${index} passed ${HANG_MS / 1000} s once, but ended in time when run alone: not a hang\n`);
        } else {
          hangs++;
          saveFixture("hang", () => harText(batchInputs(seed, batch, size)[index]!), `seed ${seed}, batch ${batch}, input ${index}`, `over ${HANG_MS / 1000} s of CPU time, twice`);
          process.stderr.write(`fuzz: hang at batch ${batch} input ${index}\n`);
        }
        resolve(index + 1);
      });
    }, 250);
    worker.on("message", onMessage);
    worker.on("exit", onExit);
    const req: BatchRequest = { type: "batch", seed, batch, from, size };
    worker.send(req);
  });
}

process.stderr.write(`fuzz: ${total.toLocaleString("en-US")} inputs in ${jobs} process${jobs === 1 ? "" : "es"}, seed ${seed} (replay: npm run fuzz -- ${total} --seed ${seed})\n`);
const started = Date.now();
let nextBatch = 0;
let batchesDone = 0;

/** One worker's share: batches taken in turn until none is left. */
async function work(lane: Lane): Promise<void> {
  for (let batch = nextBatch++; batch < batches; batch = nextBatch++) {
    let from: number | undefined = 0;
    const size = Math.min(BATCH, total - batch * BATCH);
    while (from !== undefined && from < size) from = await runBatch(lane, batch, from);
    if (++batchesDone % 20 === 0 || batchesDone === batches) {
      const s = ((Date.now() - started) / 1000).toFixed(0);
      process.stderr.write(`fuzz: ${done.toLocaleString("en-US")} inputs in ${s} s, ${crashes} crashes, ${hangs} hangs\n`);
    }
  }
  lane.child?.kill();
}

await Promise.all(Array.from({ length: jobs }, () => work({})));
peakRssKb = Math.max(peakRssKb, process.resourceUsage().maxRSS);
process.stdout.write(`fuzz: ${done} inputs, ${crashes} crashes, ${hangs} hangs, peak RSS ${Math.round(peakRssKb / 1024)} MB\n`);
process.exitCode = crashes + hangs > 0 ? 1 : 0;
