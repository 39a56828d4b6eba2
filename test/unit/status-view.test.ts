/**
 * A response the browser withheld never reads as a green "200 OK": the list cell, the detail's
 * heading and the Markdown copy all take their words and tone from statusView.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import { diagnosisToMarkdown } from "../../src/core/share/markdown.ts";
import { statusView } from "../../src/core/status-view.ts";
import { PAGE_ORIGIN, chromeEntry, chromePreflight, exchangeOf } from "./helpers.ts";

const URL = "https://api.example.com/v1/orders";

/** Chromium's record of a credentialed fetch whose 200 lacked Access-Control-Allow-Credentials. */
function blocked200(): Exchange {
  return exchangeOf(
    "e1",
    chromeEntry({
      url: URL,
      status: 200,
      requestHeaders: { Origin: PAGE_ORIGIN, Cookie: "sid=1" },
      responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin" },
      error: "net::ERR_FAILED",
    }),
  );
}

function viewOf(x: Exchange) {
  const [d] = diagnose([x]);
  return statusView(d!.exchange, d!.findings);
}

describe("statusView", () => {
  it("a CORS-blocked 200 reads as blocked, not as 200 OK", () => {
    const v = viewOf(blocked200());
    expect(v.text).toBe("200 OK · blocked by CORS");
    expect(v.tone).toBe("blocked");
    expect(v.short).toBe("200");
    expect(v.note).toContain("200 OK");
    expect(v.note).toContain("net::ERR_FAILED");
  });

  it("Chromium's own CORS verdict is enough", () => {
    const x = { ...exchangeOf("e1", chromeEntry({ url: URL, status: 200 })), browserVerdict: { corsError: "MissingAllowOriginHeader" } };
    expect(statusView(x, []).text).toBe("200 OK · blocked by CORS");
  });

  it("another browser error after a response reads as failed, naming the error", () => {
    const x = exchangeOf("e1", chromeEntry({ url: URL, status: 200, error: "net::ERR_BLOCKED_BY_ORB" }));
    const v = statusView(x, []);
    expect(v.text).toBe("200 OK · blocked by Opaque Response Blocking (a no-cors response of a type the page may not read) (net::ERR_BLOCKED_BY_ORB)");
    expect(v.tone).toBe("failed");
  });

  it("a healthy response keeps its status line and tone", () => {
    expect(statusView(exchangeOf("e1", chromeEntry({ url: URL, status: 200 })), [])).toEqual({ short: "200", text: "200 OK", tone: "2xx" });
    expect(statusView(exchangeOf("e1", chromeEntry({ url: URL, status: 401 })), [])).toEqual({ short: "401", text: "401 Unauthorized", tone: "4xx" });
  });

  it("no response: blocked by CORS, failed, or pending", () => {
    const failedPreflight = [
      exchangeOf("e1", chromeEntry({ url: URL, status: 0, error: "net::ERR_FAILED", requestHeaders: { "X-Trace": "1" } }), "har-file", `${PAGE_ORIGIN}/`),
      exchangeOf("p1", chromePreflight({ url: URL, status: 403, requestHeadersList: "x-trace" })),
    ];
    const [request, preflight] = diagnose(failedPreflight);
    expect(statusView(request!.exchange, request!.findings)).toMatchObject({ short: "failed", text: "no response (blocked by CORS, net::ERR_FAILED)", tone: "blocked" });
    // The preflight's failure is reported on its request (FINDINGS.md v2: one failure, one
    // place); the preflight itself reads as the server's own answer, in the error tone.
    expect(preflight!.findings).toEqual([]);
    expect(statusView(preflight!.exchange, preflight!.findings)).toMatchObject({ text: "403 Forbidden", tone: "4xx" });
    expect(statusView(exchangeOf("e2", chromeEntry({ url: URL, status: 0, error: "net::ERR_CONNECTION_REFUSED" })), [])).toMatchObject({ short: "failed", text: "no response: the server refused the connection (net::ERR_CONNECTION_REFUSED)", tone: "failed" });
    expect(statusView(exchangeOf("e3", chromeEntry({ url: URL, status: 0 })), [])).toMatchObject({ short: "pending", tone: "pending" });
  });

  it("Firefox's error names read in words, the name kept", () => {
    const x = exchangeOf("e1", chromeEntry({ url: URL, status: 0, error: "NS_ERROR_UNKNOWN_HOST" }));
    expect(statusView(x, []).text).toBe("no response: the host name was not found (DNS) (NS_ERROR_UNKNOWN_HOST)");
    const corp = exchangeOf("e2", chromeEntry({ url: URL, status: 200, error: "NS_ERROR_DOM_CORP_FAILED" }));
    expect(statusView(corp, [])).toMatchObject({ text: "200 OK · blocked by the response's Cross-Origin-Resource-Policy (NS_ERROR_DOM_CORP_FAILED)", tone: "failed" });
  });

  it("the Markdown copy's heading says the response was blocked", () => {
    const [d] = diagnose([blocked200()]);
    expect(diagnosisToMarkdown(d!, { includeSecrets: false }).split("\n")[0]).toBe(`### GET ${URL} → 200 OK · blocked by CORS`);
  });
});
