import { describe, expect, it } from "vitest";
import { choiceOn, keptChoice, sectionFor } from "../../../src/panel/detail-section.ts";
import type { ListRow } from "../../../src/panel/worker/protocol.ts";

/** A listed row with only what the choice of section reads. */
function row(summary: Partial<ListRow["summary"]>, id = "x"): ListRow {
  return {
    id,
    method: "GET",
    url: "https://api.example/x",
    observedAt: 0,
    pending: false,
    sources: [],
    codes: "",
    worstRank: 0,
    summary: {
      status: 200,
      corsFailure: false,
      outcome: { text: "200 OK", short: "200", tone: "2xx" },
      preflight: false,
      credentials: { cookieCount: 0, visibility: "visible" },
      problem: false,
      ...summary,
    } as ListRow["summary"],
  };
}

const cors = row({ status: 0, corsFailure: true, problem: true }, "e1");
const cors401 = row({ status: 401, authStatus: 401, corsFailure: true, problem: true }, "e2");
const unauthorized = row({ status: 401, authStatus: 401, problem: true }, "e3");
const forbidden = row({ status: 403, authStatus: 403, problem: true }, "e4");
const fine = row({}, "e5");

describe("the section a request opens on", () => {
  it("is CORS for a CORS failure (also one that answered 401), the Summary otherwise", () => {
    expect(sectionFor(cors, undefined)).toBe("cors");
    expect(sectionFor(cors401, undefined)).toBe("cors");
    expect(sectionFor(unauthorized, undefined)).toBe("summary");
    expect(sectionFor(forbidden, undefined)).toBe("summary");
    expect(sectionFor(fine, undefined)).toBe("summary");
  });

  it("is the tab the user picked on a request of the same kind, and only then", () => {
    const pick = choiceOn(unauthorized, "headers");
    expect(sectionFor(unauthorized, pick)).toBe("headers");
    expect(sectionFor(forbidden, pick)).toBe("summary");
    expect(sectionFor(cors401, pick)).toBe("cors");
  });

  it("drops the pick once a request of another kind is selected", () => {
    const pick = choiceOn(cors, "timeline");
    expect(keptChoice(pick, cors401)).toBe(pick);
    expect(keptChoice(pick, unauthorized)).toBeUndefined();
    expect(keptChoice(pick, undefined)).toBeUndefined();
    expect(keptChoice(undefined, cors)).toBeUndefined();
  });

  it("holds on the request it was picked on when that request's kind changes as the capture fills in", () => {
    // A 401 whose CORS failure shows once its preflight or the browser's verdict arrives.
    const before = row({ status: 401, authStatus: 401, problem: true }, "e7");
    const after = row({ status: 401, authStatus: 401, corsFailure: true, problem: true }, "e7");
    const pick = choiceOn(before, "summary");
    expect(sectionFor(after, pick)).toBe("summary");
    expect(keptChoice(pick, after)).toBe(pick);
    // Another request of the new kind still opens on its own section.
    expect(sectionFor(cors, pick)).toBe("cors");
  });
});
