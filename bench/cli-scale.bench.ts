/**
 * Does `authlens analyze` scale linearly? HARs of 10,000, 100,000 and 1,000,000 small entries
 * (bench/small-har.ts, about 290 bytes each, seeded) are written to a temporary directory and
 * the built CLI (dist/cli/authlens.mjs; `node scripts/build-cli.mjs` first) runs on each in a
 * child process with `--json` to /dev/null. Printed: wall and CPU time, entries per second,
 * peak RSS (the child's own maxRSS, from `process.resourceUsage()`, read by a preload), and the
 * ratios of time and memory per entry at each size to those at 10,000.
 *
 *   npm run bench                       (all benches)
 *   tsx bench/cli-scale.bench.ts 10000 100000     (chosen sizes)
 *
 * It prints and never fails: timings depend on the machine. A million entries take minutes.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSmallHar } from "./small-har.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli", "authlens.mjs");
const SIZES = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [10_000, 100_000, 1_000_000];

/** Loaded into the child with --import: writes its peak RSS and CPU time to a file on exit. */
const PRELOAD = `
import { writeFileSync } from "node:fs";
process.on("exit", () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.AUTHLENS_BENCH_USAGE, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
});
`;

interface Run {
  entries: number;
  bytes: number;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  code: number | null;
}

function runCli(har: string, preload: string, usage: string): Promise<{ wallMs: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--import", preload, CLI, "analyze", har, "--json"], {
      env: { ...process.env, AUTHLENS_BENCH_USAGE: usage },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => resolve({ wallMs: performance.now() - t0, code, stderr }));
  });
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "node scripts/build-cli.mjs" first`);
  const dir = await mkdtemp(join(tmpdir(), "authlens-scale-"));
  const preload = join(dir, "usage.mjs");
  await writeFile(preload, PRELOAD);
  const runs: Run[] = [];
  try {
    console.log("AuthLens CLI scale benchmark: authlens analyze <file> --json > /dev/null");
    console.log(`Node ${process.version}; HARs of small entries (bench/small-har.ts)`);
    console.log("");
    console.log(`${"entries".padStart(10)}${"MB".padStart(8)}${"wall s".padStart(9)}${"cpu s".padStart(9)}${"entries/s (cpu)".padStart(17)}${"peak RSS MB".padStart(13)}${"exit".padStart(6)}`);
    for (const entries of SIZES) {
      const har = join(dir, `small-${entries}.har`);
      const bytes = await writeSmallHar(har, entries);
      const usage = join(dir, `usage-${entries}.json`);
      const r = await runCli(har, preload, usage);
      await rm(har, { force: true });
      const u = JSON.parse(await readFile(usage, "utf8")) as { maxRssKb: number; cpuUs: number };
      const run: Run = { entries, bytes, wallMs: r.wallMs, cpuMs: u.cpuUs / 1000, maxRssMb: u.maxRssKb / 1024, code: r.code };
      runs.push(run);
      console.log(
        `${fmt(entries).padStart(10)}${fmt(bytes / 1024 / 1024).padStart(8)}${fmt(run.wallMs / 1000, 1).padStart(9)}${fmt(run.cpuMs / 1000, 1).padStart(9)}` +
          `${fmt(entries / (run.cpuMs / 1000)).padStart(17)}${fmt(run.maxRssMb).padStart(13)}${String(r.code).padStart(6)}`,
      );
      if (r.code !== 0) console.log(`  stderr: ${r.stderr.trim().slice(0, 300)}`);
    }
    const base = runs[0];
    if (base !== undefined && runs.length > 1) {
      console.log("");
      console.log(`Per entry, relative to ${fmt(base.entries)} entries (1.00 = linear):`);
      for (const r of runs.slice(1)) {
        const cpu = r.cpuMs / r.entries / (base.cpuMs / base.entries);
        const wall = r.wallMs / r.entries / (base.wallMs / base.entries);
        const rss = r.maxRssMb / r.entries / (base.maxRssMb / base.entries);
        console.log(`  ${fmt(r.entries).padStart(10)}: cpu time ${cpu.toFixed(2)}, wall time ${wall.toFixed(2)}, peak RSS ${rss.toFixed(2)}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
