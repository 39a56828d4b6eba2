/**
 * Chromium's verdicts read from DevTools protocol events (src/capture/cdp-verdicts.ts). Event
 * parameters are shaped as Chromium 156 sends them over chrome.debugger (CDP 1.3 Network
 * domain): cookie entries carry the whole cookie, refused Set-Cookie lines carry the raw line.
 */
import { describe, expect, it } from "vitest";
import {
  blockedCookieVerdicts,
  corsVerdict,
  rejectedSetCookieVerdicts,
  trackedOf,
  verdictObservation,
} from "../../../src/capture/cdp-verdicts.ts";

/** A cookie as CDP's Network.Cookie gives it. */
const cookie = (name: string, value: string) => ({
  name,
  value,
  domain: "api.example.com",
  path: "/",
  expires: -1,
  size: name.length + value.length,
  httpOnly: true,
  secure: true,
  session: true,
  sameSite: "Lax",
  priority: "Medium",
  sameParty: false,
  sourceScheme: "Secure",
  sourcePort: 443,
});

describe("cookies Chromium did not send (requestWillBeSentExtraInfo.associatedCookies)", () => {
  it("names each withheld cookie with its reasons, and leaves out the ones sent", () => {
    const associatedCookies = [
      { blockedReasons: ["SameSiteLax"], exemptionReason: "None", cookie: cookie("sid", "s3cr3t") },
      { blockedReasons: [], exemptionReason: "None", cookie: cookie("theme", "dark") },
      { blockedReasons: ["NotOnPath", "DomainMismatch"], cookie: cookie("legacy", "1") },
    ];
    expect(blockedCookieVerdicts(associatedCookies)).toEqual([
      { name: "sid", reasons: ["SameSiteLax"] },
      { name: "legacy", reasons: ["NotOnPath", "DomainMismatch"] },
    ]);
    // The cookie's value never leaves the capture.
    expect(JSON.stringify(blockedCookieVerdicts(associatedCookies))).not.toContain("s3cr3t");
  });

  it("has nothing to say without entries, and keeps only reasons that are strings", () => {
    expect(blockedCookieVerdicts(undefined)).toEqual([]);
    expect(blockedCookieVerdicts([{ blockedReasons: [7, "UserPreferences"] as unknown as string[] }])).toEqual([{ name: "(unnamed)", reasons: ["UserPreferences"] }]);
  });
});

describe("Set-Cookie lines Chromium refused (responseReceivedExtraInfo.blockedCookies)", () => {
  it("names the cookie of a parsed line, and of a line Chromium could not parse, never its value", () => {
    const blockedCookies = [
      { blockedReasons: ["SameSiteNoneInsecure"], cookieLine: "sid=s3cr3t; SameSite=None", cookie: cookie("sid", "s3cr3t") },
      // A line that did not parse comes without `cookie`: the name is read off the line.
      { blockedReasons: ["SyntaxError"], cookieLine: " csrf =t0k3n; Path=/;;" },
      { blockedReasons: [], cookieLine: "ok=1", cookie: cookie("ok", "1") },
    ];
    expect(rejectedSetCookieVerdicts(blockedCookies)).toEqual([
      { name: "sid", reasons: ["SameSiteNoneInsecure"] },
      { name: "csrf", reasons: ["SyntaxError"] },
    ]);
    expect(JSON.stringify(rejectedSetCookieVerdicts(blockedCookies))).not.toMatch(/s3cr3t|t0k3n/);
  });

  it("never takes a line without a name for one: a nameless cookie's line is all value", () => {
    const refused = rejectedSetCookieVerdicts([
      { blockedReasons: ["SyntaxError"], cookieLine: "s3cr3t-session-value; Path=/" },
      { blockedReasons: ["SyntaxError"], cookieLine: "t0k3n; Domain=api.example.com=x" },
    ]);
    expect(refused).toEqual([
      { name: "(unnamed)", reasons: ["SyntaxError"] },
      { name: "(unnamed)", reasons: ["SyntaxError"] },
    ]);
    expect(JSON.stringify(refused)).not.toMatch(/s3cr3t|t0k3n/);
  });

  it("calls a line with an empty name unnamed", () => {
    expect(rejectedSetCookieVerdicts([{ blockedReasons: ["SyntaxError"], cookieLine: "=v" }, { blockedReasons: ["SyntaxError"] }])).toEqual([
      { name: "(unnamed)", reasons: ["SyntaxError"] },
      { name: "(unnamed)", reasons: ["SyntaxError"] },
    ]);
  });
});

describe("a request announced by Network.requestWillBeSent", () => {
  it("is tracked by URL, method and wall-clock start in ms", () => {
    const params = {
      requestId: "1187.12",
      loaderId: "A1B2C3",
      documentURL: "https://app.example.com/",
      request: { url: "https://api.example.com/login", method: "POST", headers: { "Content-Type": "application/json" }, initialPriority: "High" },
      timestamp: 91_234.567,
      wallTime: 1_795_600_000.25,
      initiator: { type: "script" },
      type: "Fetch",
    };
    expect(trackedOf(params)).toEqual({ url: "https://api.example.com/login", method: "POST", startedAt: 1_795_600_000_250 });
  });

  it("is not tracked without a URL; a missing method is GET and a missing wall time 0", () => {
    expect(trackedOf({})).toBeUndefined();
    expect(trackedOf({ request: { url: "" } })).toBeUndefined();
    expect(trackedOf({ request: { url: "https://api.example.com/" }, wallTime: "soon" })).toEqual({ url: "https://api.example.com/", method: "GET", startedAt: 0 });
  });
});

describe("what Network.loadingFailed says of CORS", () => {
  it("gives the failed check and the value it failed on", () => {
    const params = {
      requestId: "1187.13",
      timestamp: 91_234.9,
      type: "Fetch",
      errorText: "net::ERR_FAILED",
      canceled: false,
      corsErrorStatus: { corsError: "PreflightMissingAllowOriginHeader", failedParameter: "" },
    };
    expect(corsVerdict(params)).toEqual({ corsError: "PreflightMissingAllowOriginHeader" });
    expect(corsVerdict({ corsErrorStatus: { corsError: "HeaderDisallowedByPreflightResponse", failedParameter: "x-api-key" } })).toEqual({
      corsError: "HeaderDisallowedByPreflightResponse",
      corsFailedParameter: "x-api-key",
    });
  });

  it("says nothing of a failure that was not CORS", () => {
    expect(corsVerdict({})).toEqual({});
  });
});

describe("the observation of a request that ended", () => {
  const t = { url: "https://api.example.com/login", method: "POST", startedAt: 1_795_600_000_250 };

  it("carries the CORS verdict and the cookie verdicts together", () => {
    const o = verdictObservation(
      { ...t, blockedCookies: [{ name: "sid", reasons: ["SameSiteLax"] }], rejectedSetCookies: [] },
      { corsError: "InvalidAllowCredentials" },
    );
    expect(o).toEqual({ ...t, verdict: { corsError: "InvalidAllowCredentials", blockedCookies: [{ name: "sid", reasons: ["SameSiteLax"] }] } });
  });

  it("is none when Chromium gave no verdict", () => {
    expect(verdictObservation({ ...t, blockedCookies: [], rejectedSetCookies: [] }, {})).toBeUndefined();
  });
});
