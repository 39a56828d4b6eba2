/** tokenTimeline: one token followed across a capture, by hash, never stored whole. */
import { describe, expect, it } from "vitest";
import { tokenTimeline } from "../../../src/core/tokens/index.ts";
import { API_ORIGIN, T0, chromeEntry, exchangeOf } from "../helpers.ts";
import { T0_SECONDS, jws, validClaims } from "./make.ts";

const ID = "https://id.example.com";

function tokenResponse(id: string, at: number, body: Record<string, unknown>, url = `${ID}/oauth/token`) {
  const e = chromeEntry({ method: "POST", url, at }) as { response: { content: unknown } };
  e.response.content = { size: 1, mimeType: "application/json", text: JSON.stringify(body) };
  return exchangeOf(id, e);
}

function call(id: string, at: number, token: string, status = 200) {
  return exchangeOf(id, chromeEntry({ url: `${API_ORIGIN}/v1/orders`, at, status, requestHeaders: { Authorization: `Bearer ${token}` } }));
}

describe("tokenTimeline", () => {
  // A 5-minute token issued at T0, used twice, then used after expiry and refused.
  const access = jws(validClaims({ iat: T0_SECONDS, exp: T0_SECONDS + 300 }));
  const fresh = jws(validClaims({ iat: T0_SECONDS + 400, exp: T0_SECONDS + 700 }));
  const capture = [
    tokenResponse("e1", 0, { access_token: access, token_type: "Bearer", expires_in: 300, refresh_token: "8xLOxBtZp8" }),
    call("e2", 60_000, access),
    call("e3", 120_000, access),
    call("e4", 360_000, access, 401),
    tokenResponse("e5", 400_000, { access_token: fresh, token_type: "Bearer", expires_in: 300 }, `${ID}/oauth/token?grant_type=refresh_token`),
    call("e6", 401_000, fresh),
  ];
  const timeline = tokenTimeline(capture);
  const first = timeline.find((e) => e.events.some((v) => v.exchangeId === "e2"))!;

  it("groups by token hash, in the order tokens were first seen", () => {
    expect(timeline.map((e) => e.label)).toEqual([
      `RS256 JWT for user-42 from ${ID}`,
      "opaque token (10 characters)",
      `RS256 JWT for user-42 from ${ID}`,
    ]);
    for (const e of timeline) expect(e.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("says where it was issued, every use, and when it expired", () => {
    expect(first.issuedIn).toBe("e1");
    expect(first.events.map((e) => `${e.kind} ${e.exchangeId}`)).toEqual(["issued e1", "used e2", "used e3", "used e4"]);
    expect(first.uses).toBe(3);
    expect(first.expiresAt).toEqual({ ms: T0 + 300_000, iso: "2026-11-24T10:05:00Z", from: "exp" });
    expect(first.events.find((e) => e.exchangeId === "e1")?.where).toBe("response body access_token");
  });

  it("lists the 401s that came after expiry", () => {
    expect(first.rejectedAfterExpiry).toEqual(["e4"]);
    expect(first.events.filter((e) => e.afterExpiry).map((e) => e.exchangeId)).toEqual(["e4"]);
  });

  it("marks tokens issued by a visible refresh call", () => {
    const second = timeline[2]!;
    expect(second.events[0]).toMatchObject({ kind: "issued", exchangeId: "e5", viaRefresh: true });
    expect(second.refreshes).toEqual(["e5"]);
    expect(second.rejectedAfterExpiry).toEqual([]);
  });

  it("uses expires_in for an opaque access token's expiry", () => {
    const opaque = tokenTimeline([tokenResponse("e1", 0, { access_token: "2YotnFZFEjr1zCsicMWpAA", expires_in: 60 }), call("e2", 90_000, "2YotnFZFEjr1zCsicMWpAA", 401)]);
    expect(opaque[0]!.expiresAt).toEqual({ ms: T0 + 60_000, iso: "2026-11-24T10:01:00Z", from: "expires_in" });
    expect(opaque[0]!.rejectedAfterExpiry).toEqual(["e2"]);
  });

  it("never holds a token, only its hash and masked form", () => {
    const text = JSON.stringify(timeline);
    for (const t of [access, fresh, "8xLOxBtZp8"]) expect(text).not.toContain(t);
  });
});
