/** The list's sort orders (src/panel/sort.ts): pure functions over rows core diagnosed. */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import { summarize } from "../../../src/core/summary.ts";
import { nextOrder, SORT_KEYS, sortRows } from "../../../src/panel/sort.ts";
import { listRow } from "../../../src/panel/worker/rows.ts";
import type { ListRow as Row } from "../../../src/panel/worker/protocol.ts";
import { API_ORIGIN, chromeEntry, exchangeOf } from "../helpers.ts";

function rows(): Row[] {
  const xs = [
    exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/b`, at: 0, status: 200, time: 30 })),
    exchangeOf("e2", chromeEntry({ url: `${API_ORIGIN}/a`, at: 1, status: 401, time: 10, requestHeaders: { Authorization: "Bearer abc.def" } })),
    exchangeOf("e3", chromeEntry({ url: `${API_ORIGIN}/c`, at: 2, status: 0, time: 5, error: "net::ERR_FAILED" })),
    exchangeOf("e4", chromeEntry({ url: `${API_ORIGIN}/d`, at: 3, status: 204, time: 20, requestHeaders: { Cookie: "a=1; b=2" } })),
  ];
  // As the list has them: the analysis worker's light rows.
  return diagnose(xs).map((d) => listRow({ diagnosis: d, summary: summarize(d) }, false));
}
const ids = (list: readonly Row[]) => list.map((r) => r.id);

describe("sortRows", () => {
  it("keeps the capture order without a sort", () => {
    const r = rows();
    expect(sortRows(r, undefined)).toBe(r);
  });

  it("sorts by status with failed requests last, and reverses", () => {
    expect(ids(sortRows(rows(), { key: "status", direction: "ascending" }))).toEqual(["e1", "e4", "e2", "e3"]);
    expect(ids(sortRows(rows(), { key: "status", direction: "descending" }))).toEqual(["e3", "e2", "e4", "e1"]);
  });

  it("sorts by name (the URL) and by time (the duration)", () => {
    expect(ids(sortRows(rows(), { key: "name", direction: "ascending" }))).toEqual(["e2", "e1", "e3", "e4"]);
    expect(ids(sortRows(rows(), { key: "time", direction: "ascending" }))).toEqual(["e3", "e2", "e4", "e1"]);
  });

  it("puts the most severe verdict first, and requests that sent an Authorization header first by credentials", () => {
    const byVerdict = sortRows(rows(), { key: "verdict", direction: "ascending" });
    expect(byVerdict[0]?.summary.worst).toBe("error");
    expect(byVerdict.at(-1)?.summary.worst).toBeUndefined();
    expect(ids(sortRows(rows(), { key: "credentials", direction: "ascending" })).slice(0, 2)).toEqual(["e2", "e4"]);
  });

  it("is stable: rows that compare equal keep the order they started in", () => {
    const r = rows();
    const same = sortRows(r, { key: "method", direction: "ascending" });
    expect(ids(same)).toEqual(ids(r));
  });

  it("has a comparison for every column", () => {
    for (const key of SORT_KEYS) expect(sortRows(rows(), { key, direction: "ascending" })).toHaveLength(4);
  });
});

describe("nextOrder", () => {
  it("cycles ascending → descending → none, and starts over on another column", () => {
    const a = nextOrder(undefined, "status");
    expect(a).toEqual({ key: "status", direction: "ascending" });
    const d = nextOrder(a, "status");
    expect(d).toEqual({ key: "status", direction: "descending" });
    expect(nextOrder(d, "status")).toBeUndefined();
    expect(nextOrder(d, "time")).toEqual({ key: "time", direction: "ascending" });
  });
});
