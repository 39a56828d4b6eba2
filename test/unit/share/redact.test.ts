/**
 * The redaction every share format goes through (issue #6): what is a secret, what stays, and
 * how each removal is described for the export preview.
 */
import { describe, expect, it } from "vitest";
import { redactExchange, shareable } from "../../../src/core/share/redact-exchange.ts";
import { REDACTED } from "../../../src/core/share/rules.ts";
import { EXPIRED, VALID, claimsOf, exchange, jwt } from "./fixtures.ts";

const URL = "https://api.example.com/v1/orders";
const OPAQUE = "gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3";

function requestHeader(x: ReturnType<typeof redactExchange>, name: string): string | undefined {
  return x.exchange.request.headers.find((h) => h.name === name)?.value;
}

function responseHeader(x: ReturnType<typeof redactExchange>, name: string): string | undefined {
  return x.exchange.response?.headers.find((h) => h.name === name)?.value;
}

describe("Authorization and Proxy-Authorization", () => {
  it("keeps the scheme and replaces opaque credentials, saying which and how long", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Authorization", `Bearer ${OPAQUE}`]] }));
    expect(requestHeader(r, "Authorization")).toBe(`Bearer ${REDACTED}`);
    expect(r.removed).toEqual([{ where: `request header Authorization of GET ${URL}`, what: `Bearer credentials (${OPAQUE.length} chars)` }]);
  });

  it("replaces Basic credentials whole (the user name goes with the password)", () => {
    const basic = Buffer.from("alice:correct horse battery staple").toString("base64");
    const r = redactExchange(exchange({ requestHeaders: [["authorization", `Basic ${basic}`]] }));
    expect(requestHeader(r, "authorization")).toBe(`Basic ${REDACTED}`);
    expect(r.removed[0]?.what).toBe(`Basic credentials (${basic.length} chars)`);
  });

  it("treats Proxy-Authorization like Authorization", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Proxy-Authorization", "Basic cHJveHk6c2VjcmV0"]] }));
    expect(requestHeader(r, "Proxy-Authorization")).toBe(`Basic ${REDACTED}`);
    expect(r.removed[0]?.where).toBe(`request header Proxy-Authorization of GET ${URL}`);
  });

  it("keeps a JWT's header and claims and replaces only its signature", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Authorization", `Bearer ${EXPIRED.token}`]] }));
    const value = requestHeader(r, "Authorization")!;
    expect(value).toBe(`Bearer ${EXPIRED.header}.${EXPIRED.payload}.REDACTED`);
    expect(claimsOf(value.slice("Bearer ".length))).toEqual(claimsOf(EXPIRED.token));
    expect(value).not.toContain(EXPIRED.signature);
    expect(r.removed).toHaveLength(1);
    expect(r.removed[0]?.what).toContain(`(${EXPIRED.signature.length} chars)`);
    expect(r.removed[0]?.what).toContain("signature");
  });

  it("finds the JWT in a token sent without its scheme, with its scheme twice, or in quotes", () => {
    const cases: [string, string][] = [
      [VALID.token, `${VALID.header}.${VALID.payload}.REDACTED`],
      [`Bearer Bearer ${VALID.token}`, `Bearer Bearer ${VALID.header}.${VALID.payload}.REDACTED`],
      [`Bearer "${VALID.token}"`, `Bearer "${VALID.header}.${VALID.payload}.REDACTED"`],
      [`DPoP ${VALID.token}`, `DPoP ${VALID.header}.${VALID.payload}.REDACTED`],
    ];
    for (const [sent, shared] of cases) {
      const r = redactExchange(exchange({ requestHeaders: [["Authorization", sent]] }));
      expect(requestHeader(r, "Authorization"), sent).toBe(shared);
    }
  });

  it("keeps placeholders and lone schemes, which hold no secret and are often the bug reported", () => {
    for (const value of ["Bearer undefined", "Bearer null", "Bearer ", "Bearer {{access_token}}", "Negotiate", "undefined", "Bearer [object Object]"]) {
      const r = redactExchange(exchange({ requestHeaders: [["Authorization", value]] }));
      expect(requestHeader(r, "Authorization"), value).toBe(value);
      expect(r.removed, value).toEqual([]);
    }
  });

  it("replaces a short token sent without any scheme", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Authorization", "k3y-abcdef123456"]] }));
    expect(requestHeader(r, "Authorization")).toBe(REDACTED);
    expect(r.removed).toHaveLength(1);
  });

  it("replaces Digest credentials (they carry the user name and a response hash)", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Authorization", 'Digest username="alice", realm="lab", response="6629fae49393a05397450978507c4ef1"']] }));
    expect(requestHeader(r, "Authorization")).toBe(`Digest ${REDACTED}`);
  });
});

describe("cookies", () => {
  it("replaces every Cookie value and keeps every name", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Cookie", "sid=s3cr3t-session-id; theme=dark; csrf=t0k3n"]] }));
    expect(requestHeader(r, "Cookie")).toBe(`sid=${REDACTED}; theme=${REDACTED}; csrf=${REDACTED}`);
    expect(r.removed.map((i) => i.what)).toEqual([
      "value of cookie sid (17 chars)",
      "value of cookie theme (4 chars)",
      "value of cookie csrf (5 chars)",
    ]);
    expect(r.removed.every((i) => i.where === `request header Cookie of GET ${URL}`)).toBe(true);
  });

  it("keeps a JWT cookie's claims", () => {
    const r = redactExchange(exchange({ requestHeaders: [["Cookie", `lab_jwt=${VALID.token}; sid=abc`]] }));
    expect(requestHeader(r, "Cookie")).toBe(`lab_jwt=${VALID.header}.${VALID.payload}.REDACTED; sid=${REDACTED}`);
  });

  it("replaces the Set-Cookie value and keeps its name and attributes", () => {
    const line = "sid=abcdef123456; Path=/; Domain=example.com; Secure; HttpOnly; SameSite=None";
    const r = redactExchange(exchange({ responseHeaders: [["Set-Cookie", line]] }));
    expect(responseHeader(r, "Set-Cookie")).toBe(`sid=${REDACTED}; Path=/; Domain=example.com; Secure; HttpOnly; SameSite=None`);
    expect(r.removed[0]?.where).toBe(`response header Set-Cookie of GET ${URL}`);
  });

  it("replaces the capture's cookie list too, and describes it once when a Cookie header says the same", () => {
    const withHeader = redactExchange(
      exchange({ requestHeaders: [["Cookie", "sid=abc123"]], cookies: [{ name: "sid", value: "abc123" }] }),
    );
    expect(withHeader.exchange.request.cookies).toEqual([{ name: "sid", value: REDACTED }]);
    expect(withHeader.removed).toHaveLength(1);
    const listOnly = redactExchange(exchange({ cookies: [{ name: "sid", value: "abc123" }] }));
    expect(listOnly.exchange.request.cookies).toEqual([{ name: "sid", value: REDACTED }]);
    expect(listOnly.removed).toEqual([{ where: `cookie list of GET ${URL}`, what: "value of cookie sid (6 chars)" }]);
  });
});

describe("custom credential headers", () => {
  it.each([["X-API-Key"], ["x-auth-token"], ["X-CSRF-Token"], ["X-Upload-Secret"], ["Private-Token"], ["X-Signing-Key"], ["X-Refresh-Token"]])(
    "replaces %s",
    (name) => {
      const r = redactExchange(exchange({ requestHeaders: [[name, "sk_live_0123456789abcdef"]] }));
      expect(requestHeader(r, name)).toBe(REDACTED);
      expect(r.removed).toEqual([{ where: `request header ${name} of GET ${URL}`, what: `value of request header ${name} (24 chars)` }]);
    },
  );

  it("replaces them in responses too", () => {
    const r = redactExchange(exchange({ responseHeaders: [["X-Auth-Token", "new-session-token-value"]] }));
    expect(responseHeader(r, "X-Auth-Token")).toBe(REDACTED);
  });

  it("leaves ordinary headers alone", () => {
    const headers: [string, string][] = [
      ["Accept", "application/json"],
      ["X-Request-Id", "0f8fad5b-d9cb-469f-a165-70867728950e"],
      ["Content-Type", "application/json"],
      ["WWW-Authenticate", 'Bearer realm="api", error="invalid_token"'],
    ];
    const r = redactExchange(exchange({ requestHeaders: headers.slice(0, 3), responseHeaders: headers.slice(3) }));
    expect(r.exchange.request.headers).toEqual(headers.slice(0, 3).map(([name, value]) => ({ name, value })));
    expect(r.exchange.response?.headers).toEqual(headers.slice(3).map(([name, value]) => ({ name, value })));
    expect(r.removed).toEqual([]);
  });

  it("strips the signature of a JWT in any other header (a DPoP proof)", () => {
    const proof = jwt({ htm: "GET", htu: URL, iat: 1 });
    const r = redactExchange(exchange({ requestHeaders: [["DPoP", proof.token]] }));
    expect(requestHeader(r, "DPoP")).toBe(`${proof.header}.${proof.payload}.REDACTED`);
  });
});

describe("URLs", () => {
  it.each([
    ["access_token"],
    ["id_token"],
    ["refresh_token"],
    ["token"],
    ["api_key"],
    ["apikey"],
    ["key"],
    ["code"],
    ["state"],
    ["code_verifier"],
    ["client_secret"],
    ["password"],
    ["Access_Token"],
  ])("replaces the %s parameter and keeps the others", (name) => {
    const r = redactExchange(exchange({ url: `${URL}?page=2&${name}=s3cr3t-value&sort=desc` }));
    expect(r.exchange.request.url).toBe(`${URL}?page=2&${name}=${REDACTED}&sort=desc`);
    expect(r.removed).toEqual([{ where: `URL of GET ${URL}?page=2&${name}=${REDACTED}&sort=desc`, what: `value of URL parameter ${name} (12 chars)` }]);
  });

  it("strips the signature of a JWT in a parameter of any name", () => {
    const r = redactExchange(exchange({ url: `${URL}?assertion=${VALID.token}&x=1` }));
    expect(r.exchange.request.url).toBe(`${URL}?assertion=${VALID.header}.${VALID.payload}.REDACTED&x=1`);
  });

  it("keeps the claims of a JWT in a secret parameter", () => {
    const r = redactExchange(exchange({ url: `${URL}?access_token=${VALID.token}` }));
    expect(r.exchange.request.url).toBe(`${URL}?access_token=${VALID.header}.${VALID.payload}.REDACTED`);
  });

  it("redacts tokens in the fragment (OAuth implicit flow) and in redirects", () => {
    const callback = `https://app.example.com/cb#access_token=abc123def456&token_type=Bearer&state=xyz987`;
    const r = redactExchange(
      exchange({ url: callback, status: 302, responseHeaders: [["Location", `https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj`]] }),
    );
    expect(r.exchange.request.url).toBe(`https://app.example.com/cb#access_token=${REDACTED}&token_type=Bearer&state=${REDACTED}`);
    expect(responseHeader(r, "Location")).toBe(`https://app.example.com/cb?code=${REDACTED}&state=${REDACTED}`);
  });

  it("redacts the password of user:password@ and keeps the user", () => {
    const r = redactExchange(exchange({ url: "https://alice:hunter2@api.example.com/v1" }));
    expect(r.exchange.request.url).toBe(`https://alice:${REDACTED}@api.example.com/v1`);
  });

  it("redacts the Referer's tokens and the page URL's", () => {
    const r = redactExchange(
      exchange({ requestHeaders: [["Referer", "https://app.example.com/?token=abcdef"]], pageUrl: "https://app.example.com/?token=abcdef" }),
    );
    expect(requestHeader(r, "Referer")).toBe(`https://app.example.com/?token=${REDACTED}`);
    expect(r.exchange.pageUrl).toBe(`https://app.example.com/?token=${REDACTED}`);
  });

  it("never names a secret in a description", () => {
    const r = redactExchange(exchange({ url: `${URL}?access_token=s3cr3t-value`, requestHeaders: [["Authorization", `Bearer ${OPAQUE}`]] }));
    const text = JSON.stringify(r.removed);
    expect(text).not.toContain("s3cr3t-value");
    expect(text).not.toContain(OPAQUE);
  });
});

describe("bodies", () => {
  it("redacts a token endpoint's JSON answer, keeping the access token's claims and every other byte", () => {
    const text = `{"access_token": "${VALID.token}", "refresh_token":"8xLOxBtZp8", "token_type":"Bearer", "expires_in":3600, "id":12345678901234567890}`;
    const r = redactExchange(exchange({ body: { text, mimeType: "application/json" } }));
    expect(r.exchange.response?.body?.text).toBe(
      `{"access_token": "${VALID.header}.${VALID.payload}.REDACTED", "refresh_token":"${REDACTED}", "token_type":"Bearer", "expires_in":3600, "id":12345678901234567890}`,
    );
    expect(r.removed.map((i) => i.where)).toEqual([`response body of GET ${URL}`, `response body of GET ${URL}`]);
  });

  it("redacts nested members and JWTs under any name, and still works on JSON cut short", () => {
    const text = `{"data":{"password":"pa55w0rd!"},"note":"see ${VALID.token}","client_secret":"abc`;
    const r = redactExchange(exchange({ body: { text, mimeType: "application/json" } }));
    const out = r.exchange.response?.body?.text ?? "";
    expect(out).toContain(`"password":"${REDACTED}"`);
    expect(out).toContain(`see ${VALID.header}.${VALID.payload}.REDACTED`);
    expect(out).not.toContain("pa55w0rd!");
    expect(out).not.toContain(`"client_secret":"abc`);
  });

  it("redacts form bodies by parameter name", () => {
    const text = "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&client_secret=s3cr3t";
    const r = redactExchange(exchange({ body: { text, mimeType: "application/x-www-form-urlencoded" } }));
    expect(r.exchange.response?.body?.text).toBe(`grant_type=refresh_token&refresh_token=${REDACTED}&client_secret=${REDACTED}`);
  });
});

describe("with secrets", () => {
  it("changes nothing and removes nothing", () => {
    const x = exchange({
      url: `${URL}?access_token=abc`,
      requestHeaders: [["Authorization", `Bearer ${VALID.token}`], ["Cookie", "sid=1"]],
      responseHeaders: [["Set-Cookie", "sid=2; Path=/"]],
    });
    const r = shareable(x, true);
    expect(r.exchange).toBe(x);
    expect(r.removed).toEqual([]);
  });
});

describe("hostile values", () => {
  // Its time is measured in bench/hostile.bench.ts (tests assert no wall-clock time).
  it("handles 1 MB values", () => {
    const huge = "A".repeat(1 << 20);
    const spaced = `a${" ".repeat(1 << 20)}b`;
    const r = redactExchange(
      exchange({
        url: `${URL}?token=${huge}`,
        requestHeaders: [
          ["Authorization", `Bearer ${huge}`],
          ["Cookie", `sid=${huge}`],
          ["X-Api-Key", spaced],
          ["X-Other", `${"eyJ".repeat(1 << 18)}.${"e".repeat(1 << 18)}`],
        ],
        body: { text: `{"token":"${huge}", "x": "${"\\\\".repeat(1 << 18)}"}`, mimeType: "application/json" },
      }),
    );
    expect(requestHeader(r, "Authorization")).toBe(`Bearer ${REDACTED}`);
    expect(requestHeader(r, "X-Api-Key")).toBe(REDACTED);
    expect(JSON.stringify(r.exchange)).not.toContain(huge);
  });

  it("redacts values full of quotes, newlines and shell or HTML syntax", () => {
    const nasty = `'"; rm -rf ~; $(id) \`id\` <script>alert(1)</script>\r\nX-Injected: 1`;
    const r = redactExchange(exchange({ requestHeaders: [["Authorization", `Bearer ${nasty}`], ["Cookie", `a=${nasty}`], ["X-Api-Key", nasty]] }));
    expect(JSON.stringify(r.exchange.request.headers)).not.toContain("rm -rf");
    expect(requestHeader(r, "Authorization")).toBe(`Bearer ${REDACTED}`);
  });
});
