/**
 * The panel's display model (share/screen.ts): with Show secrets off, every header, URL and
 * text shows masks of at most 4 characters; shown or not, invisible controls are escaped.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importHarDocument } from "../../../src/core/analyze-har.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { screenListFields, screenRow, screenTitle, screenUrl } from "../../../src/core/share/screen.ts";
import { summarize } from "../../../src/core/summary.ts";
import { OPAQUE_TOKEN, REAL_JWT } from "../helpers.ts";
import { harFiles } from "../../har-fixtures.ts";
import { exchange } from "./fixtures.ts";

function shown(x: Exchange, showSecrets = false) {
  const d = diagnose([x])[0]!;
  return screenRow(d, summarize(d), showSecrets);
}

function header(x: Exchange, name: string, side: "request" | "response" = "request") {
  return shown(x).headers[side].find((h) => h.name === name);
}

describe("headers on screen", () => {
  it("masks Authorization credentials and keeps the scheme, saying it is masked", () => {
    const h = header(exchange({ requestHeaders: [["Authorization", `Bearer ${REAL_JWT}`]] }), "Authorization")!;
    expect(h.value).toBe(`Bearer ${REAL_JWT.slice(0, 4)}… (${REAL_JWT.length} chars)`);
    expect(h.masked).toBe(true);
    expect(header(exchange({ requestHeaders: [["proxy-authorization", `Basic ${OPAQUE_TOKEN}`]] }), "proxy-authorization")!.value).not.toContain(OPAQUE_TOKEN);
  });

  it("masks every cookie value and keeps the names", () => {
    const v = header(exchange({ requestHeaders: [["cookie", "session=s3cr3t; csrf=t0k3n"]] }), "cookie")!.value;
    expect(v).toContain("session=");
    expect(v).toContain("csrf=");
    expect(v).not.toContain("s3cr3t");
    expect(v).not.toContain("t0k3n");
  });

  it("masks a Set-Cookie value and keeps its attributes", () => {
    const v = header(exchange({ responseHeaders: [["Set-Cookie", "sid=abcdef123456; Path=/; Secure; SameSite=None"]] }), "Set-Cookie", "response")!.value;
    expect(v).not.toContain("abcdef123456");
    expect(v).toContain("sid=");
    expect(v).toContain("; Path=/; Secure; SameSite=None");
  });

  it("leaves other headers alone and unmarked", () => {
    const h = header(exchange({ requestHeaders: [["Accept", "application/json"]] }), "Accept")!;
    expect(h).toEqual({ name: "Accept", value: "application/json", masked: false });
  });

  // Regression test for a fixed bug: a token sent without a scheme (`Authorization: eyJ…`) was shown whole.
  it("masks a token sent without a scheme", () => {
    expect(header(exchange({ requestHeaders: [["Authorization", REAL_JWT]] }), "Authorization")!.value).not.toContain(REAL_JWT);
  });

  it.each([
    ["X-Api-Key", "request"],
    ["Api-Key", "request"],
    ["X-Auth-Token", "request"],
    ["X-CSRF-Token", "request"],
    ["X-XSRF-Token", "request"],
    ["X-Session", "request"],
    ["X-Session-Id", "request"],
    ["X-Auth-Token", "response"],
  ] as const)("masks %s (%s) by name, showing at most 4 characters", (name, side) => {
    const secret = "SECRETMARKq7Zp2LwR9";
    const x = exchange(side === "request" ? { requestHeaders: [[name, secret]] } : { responseHeaders: [[name, secret]] });
    const h = header(x, name, side)!;
    expect(h.value).toBe(`SECR… (${secret.length} chars)`);
    expect(h.masked).toBe(true);
  });

  it("masks a Referer's token parameters and shows them with Show secrets", () => {
    const x = exchange({ requestHeaders: [["Referer", "https://app.example.com/cb?access_token=SECRETMARKref123456&x=1"]] });
    expect(header(x, "Referer")!.value).not.toContain("SECRETMARKref123456");
    expect(header(x, "Referer")!.value).toContain("&x=1");
    expect(shown(x, true).headers.request[0]!.value).toContain("SECRETMARKref123456");
  });
});

describe("URL and texts on screen", () => {
  const url = "https://api.example.com/cb?code=SECRETMARKcode0001&state=SECRETMARKstate001&api_key=SECRETMARKkey00001&access_token=SECRETMARKtok000001&page=2";

  it("masks every secret parameter of the URL and keeps the rest", () => {
    const s = shown(exchange({ url }));
    const shownUrl = s.diagnosis.exchange.request.url;
    expect(shownUrl).not.toMatch(/SECRETMARK\w{5}/);
    expect(shownUrl).toContain("page=2");
    expect(JSON.stringify(s.diagnosis.findings)).not.toMatch(/SECRETMARK\w{5}/);
  });

  it("shows them all with Show secrets", () => {
    expect(shown(exchange({ url }), true).diagnosis.exchange.request.url).toBe(url);
  });

  it("scrubs any other text of the request of what its redaction removed", () => {
    const s = shown(exchange({ url }));
    expect(s.text(`echoed SECRETMARKcode0001 and state=abcdef12345`)).toBe("echoed SECR… (18 chars) and state=•••••••• (11 chars)");
  });
});

describe("invisible controls", () => {
  it("escapes bidi overrides in headers and URLs, shown or hidden", () => {
    const x = exchange({ url: "https://api.example.com/\u202Egnp.exe", requestHeaders: [["X-Note\u2066", "a\u202Eb\u200Fc"]] });
    for (const on of [false, true]) {
      const s = shown(x, on);
      expect(s.diagnosis.exchange.request.url).toBe("https://api.example.com/⟨U+202E⟩gnp.exe");
      expect(s.headers.request[0]).toMatchObject({ name: "X-Note⟨U+2066⟩", value: "a⟨U+202E⟩b⟨U+200F⟩c", masked: false });
    }
  });
});

describe("URLs and titles outside a request (the standalone window's tab picker)", () => {
  it("are masked and made visible", () => {
    expect(screenUrl("https://app.example.com/cb#access_token=SECRETMARKabcdef123&x=1")).toBe("https://app.example.com/cb#access_token=SECR… (19 chars)&x=1");
    expect(screenTitle("Signed in \u202Etoken=SECRETMARKabcdef123")).toBe("Signed in ⟨U+202E⟩token=SECR… (19 chars)");
  });
});

describe("the list's fields on screen", () => {
  it("are what the whole row's screening shows of them, on every committed HAR fixture, secrets shown or not", () => {
    let checked = 0;
    for (const path of harFiles()) {
      const read = importHarDocument(JSON.parse(readFileSync(path, "utf8")));
      if (!read.ok) continue;
      for (const d of diagnose(read.har.exchanges, read.facts)) {
        const summary = summarize(d);
        for (const showSecrets of [false, true]) {
          const row = screenRow(d, summary, showSecrets);
          const root = row.diagnosis.rootCause !== null ? row.diagnosis.findings[0] : undefined;
          expect(screenListFields(d, summary, showSecrets)).toEqual({
            method: row.diagnosis.exchange.request.method,
            url: row.diagnosis.exchange.request.url,
            ...(row.diagnosis.exchange.resourceType !== undefined ? { resourceType: row.diagnosis.exchange.resourceType } : {}),
            summary: row.summary,
            ...(root ? { rootTitle: root.title } : {}),
          });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("masks a token in the URL in the list as in the row", () => {
    const d = diagnose([exchange({ url: `https://api.example.com/v1/orders?access_token=${REAL_JWT}` })])[0]!;
    const fields = screenListFields(d, summarize(d), false);
    expect(fields.url).not.toContain(REAL_JWT);
    expect(fields.url).toBe(screenRow(d, summarize(d), false).diagnosis.exchange.request.url);
  });
});

describe("Show secrets on: the texts say what the headers say (share/reveal.ts)", () => {
  const url = `https://api.example.com/v1/orders?access_token=${REAL_JWT}&page=2`;

  it("a token in the URL: hidden everywhere with the option off, whole in the finding's text, evidence and summary with it on", () => {
    const x = exchange({ url });
    const hidden = shown(x, false);
    expect(JSON.stringify(hidden)).not.toContain(REAL_JWT);
    const on = shown(x, true);
    const f = on.diagnosis.findings.find((g) => g.code === "auth.token-in-url")!;
    expect(f.detail).toContain(`/v1/orders?access_token=${REAL_JWT}&page=2 on api.example.com`);
    expect(f.detail).not.toContain("[REDACTED]");
    expect(f.evidence.find((e) => e.label === "URL parameter access_token")!.value).toBe(REAL_JWT);
    // The list shows what the detail shows.
    const d = diagnose([x])[0]!;
    expect(screenListFields(d, summarize(d), true).url).toBe(url);
  });

  it("a Bearer token: the masks of its reading are put back", () => {
    const x = exchange({ requestHeaders: [["Authorization", `Bearer ${REAL_JWT}`]] });
    const masked = `${REAL_JWT.slice(0, 4)}… (${REAL_JWT.length} chars)`;
    expect(JSON.stringify(shown(x, false).diagnosis.findings)).toContain(masked);
    const on = JSON.stringify(shown(x, true));
    expect(on).not.toContain(masked);
    expect(on).toContain(REAL_JWT);
  });

  it("a mask that stands for two values is left as it is", () => {
    const a = "abcdefghijkl";
    const b = "zyxwvutsrqpo";
    const x = exchange({ url: `https://api.example.com/v1?api_key=${a}&password=${b}` });
    const texts = JSON.stringify(shown(x, true).diagnosis.findings);
    expect(texts).not.toContain(`"${a}"`);
    expect(texts).not.toContain(`"${b}"`);
    expect(texts).toContain("•••••••• (12 chars)");
  });
});
