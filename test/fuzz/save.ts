/**
 * A failing fuzz input becomes a regression fixture: test/fixtures/fuzz/<kind>-<hash>.har, with
 * a README line saying where it came from. regressions.test.ts replays every one.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FUZZ_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "fuzz");

const README_HEAD = "# Fuzz regressions\n\nInputs that once failed the fuzz campaign (`npm run fuzz`, test/unit/fuzz); test/unit/fuzz/regressions.test.ts replays each.\n\n";

/** Writes the HAR text of a failing input and notes its origin; returns the file name. */
export function saveRegression(kind: "crash" | "hang", text: string, origin: string, message: string): string {
  mkdirSync(FUZZ_FIXTURES, { recursive: true });
  const name = `${kind}-${createHash("sha256").update(text).digest("hex").slice(0, 12)}.har`;
  writeFileSync(join(FUZZ_FIXTURES, name), text);
  const readme = join(FUZZ_FIXTURES, "README.md");
  if (!existsSync(readme)) writeFileSync(readme, README_HEAD);
  appendFileSync(readme, `- \`${name}\`: ${kind} found by ${origin}: ${message.split("\n")[0]!.slice(0, 200)}\n`);
  return name;
}
