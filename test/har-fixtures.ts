/** The committed HAR files under test/fixtures: what tests run the whole pipeline over. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

export const FIXTURES_DIR = join(import.meta.dirname, "fixtures");

/** Every .har under `dir`, folders named in `skip` left out. */
export function harFiles(dir = FIXTURES_DIR, skip: readonly string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return skip.includes(d.name) ? [] : harFiles(path, skip);
    return d.name.endsWith(".har") ? [path] : [];
  });
}
