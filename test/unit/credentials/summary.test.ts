/** summarizeAttached: what a request carried, in one line, and whether the capture could see cookies at all. */
import { describe, expect, it } from "vitest";
import { summarizeAttached } from "../../../src/core/credentials/index.ts";
import { API_ORIGIN, OPAQUE_TOKEN, REAL_JWT, chromeEntry, entry, exchangeOf } from "../helpers.ts";
import { contextFor } from "./context.ts";

function summary(spec: Parameters<typeof chromeEntry>[0], facts = {}) {
  const x = exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/v1/me`, ...spec }));
  return summarizeAttached(x, contextFor([x], facts));
}

describe("summarizeAttached", () => {
  it("a Bearer JWT and three cookies", () => {
    const s = summary({ requestHeaders: { Authorization: `Bearer ${REAL_JWT}`, Cookie: "sid=1; csrf=2; _ga=3" } });
    expect(s.line).toBe("Bearer JWT · 3 cookies (sid, csrf, _ga)");
    expect(s.authorization).toEqual({ scheme: "Bearer", masked: `${REAL_JWT.slice(0, 4)}… (${REAL_JWT.length} chars)`, length: REAL_JWT.length, kind: "jws" });
    expect(s.cookies).toEqual({ names: ["sid", "csrf", "_ga"], visibility: "visible" });
  });

  it("Basic shows the user, never the password", () => {
    const s = summary({ requestHeaders: { Authorization: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" } });
    expect(s.line).toBe("Basic (user Aladdin) · no cookies");
    expect(s.authorization?.masked).toBe("Aladdin:•••••••• (11 chars)");
    expect(JSON.stringify(s)).not.toContain("open sesame");
  });

  it("an opaque token, and more cookies than the line names", () => {
    const s = summary({ requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}`, Cookie: "a=1; b=2; c=3; d=4; e=5; f=6; g=7" } });
    expect(s.line).toBe("Bearer opaque token · 7 cookies (a, b, c, d, e, +2 more)");
  });

  it("a placeholder is named as one, not as a token", () => {
    expect(summary({ requestHeaders: { Authorization: "Bearer undefined" } }).line).toBe('Bearer placeholder ("undefined") · no cookies');
  });

  it("nothing sent, on a capture that could see it", () => {
    expect(summary({ requestHeaders: { Accept: "application/json" } }).line).toBe("no Authorization · no cookies");
  });

  it("stripped: unknown, and why", () => {
    const s = summary({ requestHeaders: { Accept: "*/*" } }, { credentialsStripped: "Chromium's sanitized export" });
    expect(s.line).toBe("Authorization unknown · cookies unknown (stripped from this capture)");
    expect(s.cookies).toEqual({ names: [], visibility: "stripped", why: "Chromium's sanitized export" });
  });

  it("a request that did not complete: cookies unknown, since provisional headers never include Cookie", () => {
    const s = summary({ status: 0, error: "net::ERR_FAILED", requestHeaders: { Accept: "*/*" } });
    expect(s.cookies.visibility).toBe("unknown");
    expect(s.cookies.why).toContain("provisional headers");
    expect(s.line).toBe("no Authorization · cookies unknown");
  });

  it("no request headers recorded at all: unknown", () => {
    const x = exchangeOf("e1", entry({}));
    expect(summarizeAttached(x, contextFor([x])).cookies).toMatchObject({ visibility: "unknown", why: "the capture recorded no request headers for this request" });
  });

  it("seen only by webRequest: unknown (Chromium hides Cookie without extraHeaders)", () => {
    const x = exchangeOf("e1", chromeEntry({ requestHeaders: { Accept: "*/*" } }), "web-request");
    expect(summarizeAttached(x, contextFor([x])).cookies.why).toContain("extraHeaders");
  });
});
