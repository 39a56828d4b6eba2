/**
 * Copy as fetch (issue #6): the snippet is valid JavaScript that passes exactly the request's
 * values to fetch(); it is run here against a stand-in fetch to read them back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toFetch } from "../../../src/core/share/fetch.ts";
import { REDACTED } from "../../../src/core/share/rules.ts";
import { VALID, exchange, hostileString } from "./fixtures.ts";

const URL = "https://api.example.com/v1/orders";

interface Call {
  readonly url: unknown;
  readonly init: { method?: unknown; headers?: Record<string, unknown>; credentials?: unknown };
}

/** Runs the snippet with a stand-in `fetch` and returns what it was called with. */
function run(snippet: string): Call {
  const calls: Call[] = [];
  const fakeFetch = (url: unknown, init: Call["init"]) => {
    calls.push({ url, init });
  };
  // The snippet is code by design; running it is the most direct check that it parses as JS.
  new Function("fetch", snippet)(fakeFetch);
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe("toFetch", () => {
  it("writes fetch(url, { method, headers, credentials })", () => {
    const snippet = toFetch(exchange({ method: "POST", requestHeaders: [["Accept", "application/json"], ["Content-Type", "application/json"]] }), {
      includeSecrets: false,
    });
    expect(snippet.startsWith(`fetch(${JSON.stringify(URL)}, {`)).toBe(true);
    const call = run(snippet);
    expect(call.url).toBe(URL);
    expect(call.init).toEqual({
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      credentials: "omit",
    });
  });

  it("asks for credentials: include when a Cookie header was sent, and leaves the header to the browser", () => {
    const call = run(toFetch(exchange({ requestHeaders: [["Cookie", "sid=1"], ["Accept", "*/*"]] }), { includeSecrets: true }));
    expect(call.init.credentials).toBe("include");
    expect(call.init.headers).toEqual({ Accept: "*/*" });
  });

  it("asks for credentials: include when only the capture's cookie list says cookies went out", () => {
    expect(run(toFetch(exchange({ cookies: [{ name: "sid", value: "1" }] }), { includeSecrets: true })).init.credentials).toBe("include");
  });

  it("leaves out pseudo-headers and the headers fetch() may not set", () => {
    const call = run(
      toFetch(
        exchange({
          requestHeaders: [
            [":authority", "api.example.com"],
            ["Host", "api.example.com"],
            ["Origin", "https://app.example.com"],
            ["Referer", "https://app.example.com/"],
            ["Sec-Fetch-Mode", "cors"],
            ["Content-Length", "0"],
            ["Accept-Encoding", "gzip"],
            ["Connection", "keep-alive"],
            ["X-Trace", "1"],
          ],
        }),
        { includeSecrets: true },
      ),
    );
    expect(call.init.headers).toEqual({ "X-Trace": "1" });
  });

  it("combines repeated header lines into one value", () => {
    const call = run(toFetch(exchange({ requestHeaders: [["Accept", "text/html"], ["accept", "application/json"]] }), { includeSecrets: true }));
    expect(call.init.headers).toEqual({ Accept: "text/html, application/json" });
  });

  it("redacts by default and keeps secrets only when asked", () => {
    const x = exchange({ url: `${URL}?api_key=abc123`, requestHeaders: [["Authorization", `Bearer ${VALID.token}`], ["X-Auth-Token", "tok-0123456789"]] });
    const redacted = run(toFetch(x, { includeSecrets: false }));
    expect(redacted.url).toBe(`${URL}?api_key=${REDACTED}`);
    expect(redacted.init.headers).toEqual({ Authorization: `Bearer ${VALID.header}.${VALID.payload}.REDACTED`, "X-Auth-Token": REDACTED });
    const full = run(toFetch(x, { includeSecrets: true }));
    expect(full.url).toBe(`${URL}?api_key=abc123`);
    expect(full.init.headers).toEqual({ Authorization: `Bearer ${VALID.token}`, "X-Auth-Token": "tok-0123456789" });
  });

  it.each([
    ["quotes and backslashes", `"'\\"); alert(1); ("`],
    ["line breaks", "a\nb\r\n\u2028\u2029"],
    ["a closing script tag", "</script><script>alert(1)</script>"],
    ["template syntax", "$" + "{globalThis.x}`"],
    ["1 MB", '"\\'.repeat(1 << 19)],
  ])("keeps values with %s exactly, as data", (_label, value) => {
    const call = run(toFetch(exchange({ method: value.slice(0, 20), url: value, requestHeaders: [["X-Value", value]] }), { includeSecrets: true }));
    expect(call.url).toBe(value);
    expect(call.init.method).toBe(value.slice(0, 20));
    expect(call.init.headers).toEqual({ "X-Value": value });
  });

  it("passes any URL, method and header value through exactly (property)", () => {
    fc.assert(
      fc.property(
        hostileString(40),
        hostileString(10),
        hostileString(40),
        (url, method, value) => {
          const call = run(toFetch(exchange({ url, method, requestHeaders: [["X-Value", value]] }), { includeSecrets: true }));
          expect(call.url).toBe(url);
          expect(call.init.method).toBe(method);
          expect(call.init.headers).toEqual({ "X-Value": value });
        },
      ),
      { numRuns: 300 },
    );
  });
});
