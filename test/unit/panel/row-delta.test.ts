/**
 * The list's row deltas (src/panel/worker/protocol.ts): what the worker sends is only what
 * changed, and the page that applies it ends with exactly the worker's rows, in its order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyDelta, diffRows, type ListRow } from "../../../src/panel/worker/protocol.ts";

function row(id: string, verdict = "ok"): ListRow {
  return {
    id,
    method: "GET",
    url: `https://api.example.com/${id}`,
    observedAt: 0,
    pending: false,
    sources: ["devtools-network"],
    summary: {
      status: 200,
      corsFailure: false,
      outcome: { text: "200 OK", short: "200", tone: "2xx" },
      preflight: false,
      credentials: { cookieCount: 0, visibility: "visible" },
      verdict,
      problem: false,
    },
    codes: "",
    worstRank: 0,
  };
}
const same = (a: ListRow, b: ListRow) => JSON.stringify(a) === JSON.stringify(b);
const ids = (rows: readonly ListRow[]) => rows.map((r) => r.id);

describe("row deltas", () => {
  it("sends nothing when nothing the list shows changed, even for new row objects", () => {
    const before = [row("e1"), row("e2")];
    expect(diffRows(before, [row("e1"), row("e2")], same)).toBeUndefined();
  });

  it("sends only the rows added at the end, without an order", () => {
    const before = [row("e1"), row("e2")];
    const delta = diffRows(before, [row("e1"), row("e2"), row("e3")], same)!;
    expect(ids(delta.upserted)).toEqual(["e3"]);
    expect(delta.removed).toEqual([]);
    expect(delta.order).toBeUndefined();
    expect(ids(applyDelta(before, delta))).toEqual(["e1", "e2", "e3"]);
  });

  it("sends a changed row by id, and keeps the other rows' objects", () => {
    const before = [row("e1"), row("e2"), row("e3")];
    const delta = diffRows(before, [row("e1"), row("e2", "Token expired"), row("e3")], same)!;
    expect(ids(delta.upserted)).toEqual(["e2"]);
    const after = applyDelta(before, delta);
    expect(after[0]).toBe(before[0]);
    expect(after[1]?.summary.verdict).toBe("Token expired");
    expect(after[2]).toBe(before[2]);
  });

  it("sends removed ids (the capture bound drops the oldest) without an order", () => {
    const before = [row("e1"), row("e2"), row("e3")];
    const delta = diffRows(before, [row("e2"), row("e3"), row("e4")], same)!;
    expect(delta.removed).toEqual(["e1"]);
    expect(ids(delta.upserted)).toEqual(["e4"]);
    expect(delta.order).toBeUndefined();
    expect(ids(applyDelta(before, delta))).toEqual(["e2", "e3", "e4"]);
  });

  it("sends the order when a row lands before others (requests are listed by start time)", () => {
    const before = [row("e1"), row("e3")];
    const delta = diffRows(before, [row("e1"), row("e2"), row("e3")], same)!;
    expect(delta.order).toEqual(["e1", "e2", "e3"]);
    expect(ids(applyDelta(before, delta))).toEqual(["e1", "e2", "e3"]);
  });

  it("applied to the page's rows, always gives the worker's rows in the worker's order", () => {
    const version = fc.record({ id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), verdict: fc.constantFrom("ok", "bad") });
    const list = fc.uniqueArray(version, { selector: (v) => v.id, maxLength: 7 }).map((vs) => vs.map((v) => row(v.id, v.verdict)));
    fc.assert(
      fc.property(list, list, (before, after) => {
        const delta = diffRows(before, after, same);
        const page = delta ? applyDelta(before, delta) : before;
        expect(page.map((r) => JSON.stringify(r))).toEqual(after.map((r) => JSON.stringify(r)));
        // Only what changed is sent.
        for (const r of delta?.upserted ?? []) {
          const old = before.find((b) => b.id === r.id);
          expect(old === undefined || !same(old, r)).toBe(true);
        }
      }),
    );
  });
});
