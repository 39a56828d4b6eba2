/** The lab README's "Real servers" table names the versions of the libraries actually installed. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { REAL_STACKS } from "../../lab/real/index.ts";

const README = readFileSync(new URL("../../lab/README.md", import.meta.url), "utf8");
const require = createRequire(import.meta.url);

function installedVersion(pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

/** `| … | library | version |` rows of the Real servers section. */
function listedVersions(): Map<string, string> {
  const section = README.split(/^## /m).find((s) => s.startsWith("Real servers")) ?? "";
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length === 5 && /^\d+\.\d+\.\d+/.test(cells[3] ?? "")) rows.set(cells[2] ?? "", cells[3] ?? "");
  }
  return rows;
}

describe("test/lab/README.md", () => {
  const listed = listedVersions();
  const used = [...new Set(REAL_STACKS.flatMap((s) => s.packages))].sort();

  it("lists every library a real stack is built on", () => {
    expect([...listed.keys()].sort()).toEqual(used);
  });

  it.each(used)("gives %s's installed version", (pkg) => {
    expect(listed.get(pkg)).toBe(installedVersion(pkg));
  });
});
