/**
 * `--json` writes no character a terminal acts on or hides: C1 controls (U+009B is an 8-bit
 * CSI, U+0085 a line break) and bidi controls (CVE-2021-42574) reach stdout as `\uXXXX`, and
 * the JSON still parses back to the captured strings. Checked on the raw bytes of the built CLI.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonText } from "../../src/cli/json-text.ts";
import type { Report } from "../../src/core/report.ts";
import { b64url } from "../unit/tokens/make.ts";
import { buildCli, runCli } from "./run-cli.ts";

/** C1 controls, bidi controls and marks, other invisible format characters, line separators. */
const HOSTILE = ["\u0085", "\u009b", "\u0080", "\u009f", "\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\ufeff", "\u2028", "\u{e0041}"];
const FORBIDDEN = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\udb40[\udc00-\udc7f]/u;

let tmp: string;
beforeAll(async () => {
  buildCli();
  tmp = await mkdtemp(join(tmpdir(), "authlens-json-"));
}, 60_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("jsonText", () => {
  it.each(HOSTILE.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`, c]))("writes %s as an escape that parses back", (_name, c) => {
    const value = { [`k${c}`]: `a${c}b`, list: [c] };
    const text = jsonText(value);
    expect(text).not.toMatch(FORBIDDEN);
    expect(text).toMatch(/\\u[0-9a-f]{4}/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("leaves other text exactly as JSON.stringify writes it", () => {
    const value = { a: "héllo \"ü\" 日本 😀 \n\t\u0000", n: [1, null, true] };
    expect(jsonText(value)).toBe(JSON.stringify(value));
  });
});

describe("authlens analyze --json", () => {
  it("escapes C1 and bidi controls taken from a capture, and parses back to the same strings", async () => {
    const evil = `x${HOSTILE.join("")}y`;
    const url = `https://api.example.com/v1/${encodeURIComponent("a")}?q=${evil}`;
    const har = {
      log: {
        version: "1.2",
        creator: { name: "WebInspector", version: "156.0.0.0" },
        entries: [
          {
            startedDateTime: "2026-11-24T10:00:00.000Z",
            time: 42,
            request: { method: "GET", url, httpVersion: "HTTP/1.1", headers: [{ name: "Authorization", value: `Bearer ${evil}` }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
            response: {
              status: 401,
              statusText: "Unauthorized",
              httpVersion: "HTTP/1.1",
              headers: [{ name: "WWW-Authenticate", value: `Bearer realm="${evil}", error="invalid_token", error_description="${evil}"` }],
              cookies: [],
              content: { size: 0, mimeType: "application/json" },
              redirectURL: "",
              headersSize: -1,
              bodySize: -1,
            },
            cache: {},
            timings: { send: 0, wait: 40, receive: 2 },
          },
        ],
      },
    };
    const file = join(tmp, "hostile.har");
    await writeFile(file, JSON.stringify(har));
    const r = await runCli(["analyze", file, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(FORBIDDEN);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.exchanges[0]!.url).toBe(url);
    // The captured strings come back whole wherever the report quotes them.
    const quoted = report.exchanges[0]!.findings.flatMap((f) => [f.detail, ...f.evidence.map((e) => e.value)]);
    expect(quoted.some((s) => s.includes(evil))).toBe(true);
  });
});

describe("authlens token --json", () => {
  it("escapes them in decoded claims", async () => {
    const claims = { sub: `user\u202e\u2066\u009b\u0085`, name: "\u200f\u061c" };
    const token = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}.c2ln`;
    const r = await runCli(["token", "--json", "--at", "2026-11-24T10:00:00Z", token]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(FORBIDDEN);
    expect(JSON.parse(r.stdout).payload).toEqual(claims);
  });
});

describe("authlens challenge --json", () => {
  it("escapes them in parameters", async () => {
    const r = await runCli(["challenge", "--json", 'Bearer realm="a\u009b[31m\u202eb"']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(FORBIDDEN);
    expect(JSON.parse(r.stdout).challenges[0].params.realm).toBe("a\u009b[31m\u202eb");
  });
});
