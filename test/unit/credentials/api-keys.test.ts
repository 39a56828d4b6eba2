/**
 * API keys are credentials (issue "Who is this token for?", FINDINGS.md auth.no-credentials-sent):
 * sent in a gateway's header or the URL, they show in the Credentials line by where they went,
 * masked; a 401 that carried one is not "no credentials sent"; every export removes them.
 */
import { describe, expect, it } from "vitest";
import { apiKeysOf } from "../../../src/core/credentials/api-keys.ts";
import { summarizeAttached } from "../../../src/core/credentials/index.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import { exportHar } from "../../../src/core/share/export-har.ts";
import { summarize } from "../../../src/core/summary.ts";
import { API_ORIGIN, chromeEntry, codes, exchangeOf } from "../helpers.ts";
import { contextFor } from "./context.ts";

const KEY = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";

const sent = (spec: Parameters<typeof chromeEntry>[0]) => exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/v1/maps`, ...spec }));

describe("API keys a request sent", () => {
  it.each([
    [{ requestHeaders: { "X-API-Key": KEY } }, { where: "header", name: "X-API-Key" }],
    [{ requestHeaders: { "Ocp-Apim-Subscription-Key": KEY } }, { where: "header", name: "Ocp-Apim-Subscription-Key" }],
    [{ requestHeaders: { "x-goog-api-key": KEY } }, { where: "header", name: "x-goog-api-key" }],
    [{ requestHeaders: { apikey: KEY } }, { where: "header", name: "apikey" }],
    [{ url: `${API_ORIGIN}/maps/api/geocode/json?address=x&key=${KEY}` }, { where: "query", name: "key" }],
    [{ url: `${API_ORIGIN}/echo?subscription-key=${KEY}` }, { where: "query", name: "subscription-key" }],
    [{ url: `${API_ORIGIN}/v1/items?api_key=${KEY}` }, { where: "query", name: "api_key" }],
  ] as const)("%j: %j, masked", (spec, where) => {
    const keys = apiKeysOf(sent(spec));
    expect(keys).toEqual([{ ...where, masked: `${KEY.slice(0, 4)}… (${KEY.length} chars)` }]);
  });

  it("an opaque API key is not called an opaque token to introspect; a JWT sent as an API key is still decoded", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrZXktMSJ9.c2lnbmF0dXJl";
    expect(codes(diagnose([sent({ status: 401, requestHeaders: { "X-API-Key": KEY } })])[0]!.findings)).not.toContain("token.opaque");
    expect(codes(diagnose([sent({ status: 200, requestHeaders: { "X-API-Key": jwt } })])[0]!.findings)).toContain("token.jwt");
    // Other token headers keep their reading.
    expect(codes(diagnose([sent({ status: 200, requestHeaders: { "X-Auth-Token": KEY } })])[0]!.findings)).toContain("token.opaque");
  });

  it("none in an ordinary request, a parameter that merely ends in key, or an empty value", () => {
    expect(apiKeysOf(sent({}))).toEqual([]);
    expect(apiKeysOf(sent({ url: `${API_ORIGIN}/zoo?monkey=1&turkey=2` }))).toEqual([]);
    expect(apiKeysOf(sent({ url: `${API_ORIGIN}/v1/items?key=` }))).toEqual([]);
  });

  it("the Credentials line and the list's badge say where it went, never the key", () => {
    const x = sent({ requestHeaders: { "X-API-Key": KEY, Cookie: "sid=1" } });
    const line = summarizeAttached(x, contextFor([x])).line;
    expect(line).toBe("no Authorization · API key (X-API-Key header) · 1 cookie (sid)");
    const row = summarize(diagnose([x])[0]!);
    expect(row.credentials.apiKey).toBe("X-API-Key");
    expect(JSON.stringify(row)).not.toContain(KEY);
  });

  it("a 401 that carried one is credentials rejected, not none sent", () => {
    const d = diagnose([sent({ status: 401, requestHeaders: { "X-API-Key": KEY }, responseHeaders: { "WWW-Authenticate": 'ApiKey realm="maps"' } })])[0]!;
    expect(codes(d.findings)).not.toContain("auth.no-credentials-sent");
    expect(codes(d.findings)).toContain("auth.credentials-rejected");
    expect(d.findings.find((f) => f.code === "auth.credentials-rejected")!.detail).toContain("API key (X-API-Key header)");
    const none = diagnose([sent({ status: 401, responseHeaders: { "WWW-Authenticate": 'ApiKey realm="maps"' } })])[0]!;
    expect(codes(none.findings)).toContain("auth.no-credentials-sent");
  });

  it("a Bearer token sent to a gateway that challenges with Key (Kong key-auth) is told where the key goes", () => {
    const d = diagnose([
      sent({
        status: 401,
        requestHeaders: { Authorization: "Bearer abc.def.ghi" },
        responseHeaders: { "WWW-Authenticate": 'Key realm="kong"', Server: "kong/3.9.0", "Content-Type": "application/json" },
      }),
    ])[0]!;
    const f = d.findings.find((x) => x.code === "auth.scheme-mismatch")!;
    expect(f.fix).toContain("`apikey` header");
    expect(f.fix).not.toContain("Authorization: Key");
  });

  it("every export removes it from headers and the URL unless secrets are asked for", () => {
    const xs = [sent({ requestHeaders: { "Ocp-Apim-Subscription-Key": KEY } }), exchangeOf("e2", chromeEntry({ url: `${API_ORIGIN}/echo?subscription-key=${KEY}&key=${KEY}` }))];
    const redacted = JSON.stringify(exportHar(xs, { includeSecrets: false, creator: { name: "AuthLens", version: "test" } }).har);
    expect(redacted).not.toContain(KEY);
    const kept = JSON.stringify(exportHar(xs, { includeSecrets: true, creator: { name: "AuthLens", version: "test" } }).har);
    expect(kept).toContain(KEY);
  });
});
