/**
 * The shape of core's imports (ARCHITECTURE.md): src/core is pure and runs the same in the
 * extension and in the CLI, so it imports nothing from the capture, the panel, the background,
 * the devtools page or the CLI; and no two of its files import each other, directly or around a
 * loop. A cycle makes module evaluation order decide what a file sees (a `const` read before its
 * module ran), and it ties files together that could not be understood or tested apart.
 *
 * The import statements are read from the source text (TypeScript 7 has no JavaScript API):
 * `import … from`, `export … from`, side-effect `import "…"` and dynamic `import("…")`, type-only
 * imports included, since a type cycle ties files together as much as a value cycle does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const CORE = join(ROOT, "src/core");

/** Folders of src that are not core: core runs without them (the CLI and tests load core alone). */
const OUTSIDE_CORE = ["src/capture", "src/panel", "src/background", "src/devtools", "src/cli"];

/**
 * Cycles accepted for now, each as its files sorted and joined by " ⇄ ", with why. None: every
 * cycle found so far has been broken. A cycle listed here must still exist (see the last test).
 */
const KNOWN_CYCLES: ReadonlyMap<string, string> = new Map([]);

/** A statement at the start of a line; a specifier is never read out of a comment or a string. */
const STATIC_IMPORT = /^[ \t]*(?:import|export)\b[^"'`;]*?\bfrom[ \t]*["']([^"']+)["']/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import[ \t]*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function specifiersOf(source: string): string[] {
  return [STATIC_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT].flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!));
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

type Graph = ReadonlyMap<string, readonly string[]>;

/** Each file's relative imports, resolved to paths from the repository root. */
function coreGraph(): Graph {
  const graph = new Map<string, string[]>();
  for (const file of tsFilesUnder(CORE)) {
    const imports = specifiersOf(readFileSync(file, "utf8"))
      .filter((s) => s.startsWith("."))
      .map((s) => relative(ROOT, resolve(dirname(file), s)));
    graph.set(relative(ROOT, file), imports);
  }
  return graph;
}

/**
 * Every import cycle, one per strongly connected component (Tarjan), each as a path that starts
 * and ends at the same file: `a.ts → b.ts → a.ts`. Only edges between files of the graph count.
 */
function cyclesOf(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const edges = (v: string) => (graph.get(v) ?? []).filter((w) => graph.has(w));
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || edges(v).includes(v)) components.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return components.map((c) => loopThrough(c, edges));
}

/** One loop inside a strongly connected component, from its first file back to it (breadth first: the shortest). */
function loopThrough(component: readonly string[], edges: (v: string) => string[]): string[] {
  const start = component[0]!;
  const inside = new Set(component);
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of edges(v)) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component, start];
}

const keyOf = (loop: readonly string[]) => [...new Set(loop)].sort().join(" ⇄ ");

describe("reading import statements", () => {
  it("finds static, re-exported, type-only, side-effect and dynamic imports, not ones in comments or strings", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      "import {",
      "  c,",
      "  type D,",
      '} from "./c.ts";',
      'export { e } from "./e.ts";',
      'export type { F } from "./f.ts";',
      'import "./side.ts";',
      'const g = await import("./g.ts");',
      '// import { no } from "./comment.ts";',
      ' * import { no } from "./doc.ts";',
      'const text = "import { no } from ./string.ts";',
    ].join("\n");
    expect(specifiersOf(source).sort()).toEqual(["../b.ts", "./a.ts", "./c.ts", "./e.ts", "./f.ts", "./g.ts", "./side.ts"]);
  });

  it("finds a cycle and names its files in order, and none in a tree", () => {
    const loop = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "x.ts"]],
      ["c.ts", ["a.ts"]],
      ["x.ts", []],
    ]);
    expect(cyclesOf(loop)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(cyclesOf(new Map([["self.ts", ["self.ts"]]]))).toEqual([["self.ts", "self.ts"]]);
    expect(cyclesOf(new Map([["a.ts", ["b.ts", "c.ts"]], ["b.ts", ["c.ts"]], ["c.ts", []]]))).toEqual([]);
  });
});

describe("src/core imports", () => {
  const graph = coreGraph();

  it("reads every file of src/core", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("src/core/diagnose.ts")?.length).toBeGreaterThan(5);
  });

  it("form no cycle", () => {
    const unexpected = cyclesOf(graph)
      .filter((loop) => !KNOWN_CYCLES.has(keyOf(loop)))
      .map((loop) => loop.join(" → "));
    expect(unexpected, `import cycles in src/core:\n${unexpected.join("\n")}`).toEqual([]);
  });

  it("list only known cycles that still exist", () => {
    const found = new Set(cyclesOf(graph).map(keyOf));
    expect([...KNOWN_CYCLES.keys()].filter((k) => !found.has(k))).toEqual([]);
  });

  it("take nothing from the capture, the panel, the background, the devtools page or the CLI", () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      imports.filter((i) => OUTSIDE_CORE.some((dir) => i === dir || i.startsWith(`${dir}/`))).map((i) => `${file} imports ${i}`),
    );
    expect(outside).toEqual([]);
  });

  it("keep masking, time words and request labels in text/, so credentials/ and tokens/ need not import each other for them", () => {
    const forbidden: readonly (readonly [string, RegExp])[] = [
      // text/ is below both: it imports neither.
      ["src/core/text/", /^src\/core\/(credentials|tokens)\//],
      // The helpers that used to make the two import each other.
      ["src/core/credentials/", /^src\/core\/tokens\/(time|basic)\.ts$/],
      ["src/core/tokens/", /^src\/core\/credentials\/(mask|mask-authorization)\.ts$/],
    ];
    const found = [...graph].flatMap(([file, imports]) =>
      forbidden.filter(([from]) => file.startsWith(from)).flatMap(([, target]) => imports.filter((i) => target.test(i)).map((i) => `${file} imports ${i}`)),
    );
    expect(found).toEqual([]);
    // The helpers are where this test looks for them.
    expect(graph.has("src/core/text/mask.ts") && graph.has("src/core/text/time.ts") && graph.has("src/core/text/describe.ts")).toBe(true);
  });
});
