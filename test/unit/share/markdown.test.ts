/**
 * Diagnosis as Markdown (issue #6): a bug-report block whose structure only AuthLens decides;
 * values from the network are text, never markup, and secrets are redacted by default.
 */
import { rankFindings } from "../../../src/core/root-cause.ts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "../../../src/core/diagnose.ts";
import { type Finding, finding } from "../../../src/core/findings.ts";
import { diagnosisToMarkdown } from "../../../src/core/share/markdown.ts";
import { REDACTED } from "../../../src/core/share/rules.ts";
import { EXPIRED, exchange, hostileString } from "./fixtures.ts";

const URL = "https://api.example.com/v1/orders";

const REJECTED = finding("auth.credentials-rejected", {
  detail: "GET /v1/orders on api.example.com sent `Authorization: Bearer …` and got 401.",
  evidence: [
    { label: "Status", value: "401 Unauthorized" },
    { label: "Challenge", value: 'Bearer error="invalid_token"' },
  ],
  fix: "Refresh the token before calling `GET /v1/orders`.",
});
const EXPIRED_FINDING = finding("auth.token-expired", {
  detail: "The token expired 15 minutes before the request.",
  evidence: [{ label: "exp", value: "2026-11-24T09:45:00Z" }],
});

function diagnosis(findings: readonly Finding[], parts: Parameters<typeof exchange>[0] = {}): Diagnosis {
  const x = exchange({
      status: 401,
      statusText: "Unauthorized",
      requestHeaders: [
        ["Authorization", `Bearer ${EXPIRED.token}`],
        ["Cookie", "sid=s3cr3t-session"],
        ["Accept", "application/json"],
      ],
      responseHeaders: [["WWW-Authenticate", 'Bearer error="invalid_token"']],
      ...parts,
    });
  return { exchange: x, ...rankFindings(x, findings) };
}

/** The lines of the fenced block and the lines around it. */
function split(md: string): { outside: string[]; fence: string[] } {
  const lines = md.split("\n");
  const open = lines.findIndex((l) => /^`{3,}http$/.test(l));
  expect(open).toBeGreaterThan(-1);
  const marker = lines[open]!.replace(/http$/, "");
  const close = lines.indexOf(marker, open + 1);
  expect(close).toBeGreaterThan(open);
  expect(lines.slice(close + 1).every((l) => l === "")).toBe(true);
  return { outside: lines.slice(0, open), fence: lines.slice(open + 1, close) };
}

/**
 * A line with its code spans removed (CommonMark §6.1: a backtick string closes at the next
 * backtick string of the same length; a backslash-escaped backtick opens nothing).
 */
function withoutCode(line: string): string {
  let out = "";
  let i = 0;
  while (i < line.length) {
    if (line[i] === "\\" && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== "`") {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let j = line.indexOf(fence, i + n);
    while (j !== -1 && (line[j + n] === "`" || line[j - 1] === "`")) j = line.indexOf(fence, j + 1);
    if (j === -1) {
      out += fence;
      i += n;
    } else {
      i = j + n;
    }
  }
  return out;
}

/** Outside code: every `<` and `[` is escaped, except AuthLens's own `<https://…>` links. */
function expectNoMarkupFromValues(outside: readonly string[]): void {
  for (const line of outside) {
    const prose = withoutCode(line).replace(/<https:\/\/[^\s<>`\\]+>/g, "");
    expect(prose, line).not.toMatch(/(^|[^\\])(\\\\)*[<[]/);
  }
}

describe("diagnosisToMarkdown", () => {
  it("starts with the request line and the outcome as a heading", () => {
    const md = diagnosisToMarkdown(diagnosis([REJECTED]), { includeSecrets: false });
    expect(md.split("\n")[0]).toBe(`### GET ${URL} → 401 Unauthorized`);
  });

  it("says when no response came, and why", () => {
    const md = diagnosisToMarkdown(diagnosis([], { status: 0, error: "net::ERR_FAILED" }), { includeSecrets: false });
    expect(md.split("\n")[0]).toBe(`### GET ${URL} → no response: the browser failed it (Chromium's generic error, which CORS failures use too) (net::ERR\\_FAILED)`);
    expect(md).toContain("No findings.");
  });

  it("leads with the root cause and folds what restates it", () => {
    const md = diagnosisToMarkdown(diagnosis([REJECTED, EXPIRED_FINDING]), { includeSecrets: false });
    // The root cause's card first, the rejection it explains folded to one line under it.
    expect(md).toContain("**Root cause:** **Error** `auth.token-expired`: Token expired");
    expect(md).toContain("- **exp:** `2026-11-24T09:45:00Z`");
    expect(md).toContain("**Supporting evidence**\n\n- `auth.credentials-rejected` Credentials were sent and rejected: GET /v1/orders on api.example.com sent `Authorization: Bearer …` and got 401.");
    expect(md).not.toContain("**Error** `auth.credentials-rejected`");
    expect(md.indexOf("auth.token-expired")).toBeLessThan(md.indexOf("auth.credentials-rejected"));
  });

  it("gives an independent finding its own card, with evidence, fix and docs", () => {
    const md = diagnosisToMarkdown(diagnosis([REJECTED]), { includeSecrets: false });
    expect(md).toContain("**Root cause:** **Error** `auth.credentials-rejected`: Credentials were sent and rejected");
    expect(md).toContain("GET /v1/orders on api.example.com sent `Authorization: Bearer …` and got 401.");
    expect(md).toContain("- **Status:** `401 Unauthorized`");
    expect(md).toContain('- **Challenge:** `Bearer error="invalid_token"`');
    expect(md).toContain("**Fix:** Refresh the token before calling `GET /v1/orders`.");
    for (const url of REJECTED.docs) expect(md).toContain(`<${url}>`);
  });

  it("puts the request and response headers in a fence, redacted by default", () => {
    const { fence } = split(diagnosisToMarkdown(diagnosis([REJECTED]), { includeSecrets: false }));
    expect(fence).toEqual([
      `GET ${URL}`,
      `Authorization: Bearer ${EXPIRED.header}.${EXPIRED.payload}.REDACTED`,
      `Cookie: sid=${REDACTED}`,
      "Accept: application/json",
      "",
      "401 Unauthorized",
      'WWW-Authenticate: Bearer error="invalid_token"',
    ]);
  });

  it("shows the secrets only when asked", () => {
    const md = diagnosisToMarkdown(diagnosis([REJECTED]), { includeSecrets: true });
    expect(md).toContain(`Authorization: Bearer ${EXPIRED.token}`);
    expect(md).toContain("Cookie: sid=s3cr3t-session");
    const redacted = diagnosisToMarkdown(diagnosis([REJECTED]), { includeSecrets: false });
    expect(redacted).not.toContain(EXPIRED.signature);
    expect(redacted).not.toContain("s3cr3t-session");
  });

  it("scrubs secrets that a finding's text quotes from the exchange", () => {
    const leaky = finding("auth.token-in-url", {
      detail: "GET /cb?access_token=abcdef0123456789 on api.example.com carries a token; also sid s3cr3t-session.",
      evidence: [{ label: "URL", value: `${URL}?access_token=abcdef0123456789` }],
    });
    const md = diagnosisToMarkdown(diagnosis([leaky], { url: `${URL}?access_token=abcdef0123456789` }), { includeSecrets: false });
    expect(md).not.toContain("abcdef0123456789");
    expect(md).not.toContain("s3cr3t-session");
    expect(md).toContain("access\\_token=\\[REDACTED\\]");
  });

  it("escapes HTML and link syntax from the network", () => {
    const md = diagnosisToMarkdown(
      diagnosis([finding("auth.challenge-missing", { detail: "Server said <img src=x onerror=alert(1)> and [click](javascript:alert(1))", evidence: [] })], {
        statusText: "<script>alert(1)</script>",
        method: "G<b>ET",
      }),
      { includeSecrets: false },
    );
    const { outside } = split(md);
    expect(outside[0]).toBe(`### G\\<b\\>ET ${URL} → 401 \\<script\\>alert(1)\\</script\\>`);
    expect(md).toContain("Server said \\<img src=x onerror=alert(1)\\> and \\[click\\](javascript:alert(1))");
    expectNoMarkupFromValues(outside);
  });

  it("keeps line breaks and fences in header values from breaking out of the fence", () => {
    const value = "a\n```\n### Injected heading\n<script>x</script>\r\n````";
    const md = diagnosisToMarkdown(diagnosis([], { requestHeaders: [["X-Evil", value]], statusText: "OK\n# Injected" }), { includeSecrets: false });
    const { outside, fence } = split(md);
    expect(outside.filter((l) => l.startsWith("#"))).toHaveLength(1);
    expect(fence).toContain("X-Evil: a\\n```\\n### Injected heading\\n<script>x</script>\\r\\n````");
    expect(md.split("\n").filter((l) => /^`{3,}/.test(l))).toHaveLength(2);
  });

  it("does not let a detail start a list or a code block", () => {
    const md = diagnosisToMarkdown(diagnosis([finding("auth.challenge-missing", { detail: "    - 1. x", evidence: [] })]), { includeSecrets: false });
    expect(md.split("\n")).toContain("\\- 1. x");
  });

  it("shows a URL with markup characters as code", () => {
    const md = diagnosisToMarkdown(diagnosis([], { url: "https://x.example/a*b*[c](d)" }), { includeSecrets: false });
    expect(md.split("\n")[0]).toBe("### GET `https://x.example/a*b*[c](d)` → 401 Unauthorized");
  });

  it("shortens 1 MB values instead of pasting them whole", () => {
    const huge = "y".repeat(1 << 20);
    const md = diagnosisToMarkdown(diagnosis([], { requestHeaders: [["X-Huge", huge]] }), { includeSecrets: true });
    expect(md.length).toBeLessThan(10_000);
    expect(md).toContain(`(${1 << 20} chars)`);
  });

  it("gives one heading, one fence and no markup from any network value (property)", () => {
    const text = hostileString(40);
    const noBackticks = text.map((s) => s.replaceAll("`", "'"));
    fc.assert(
      fc.property(text, text, text, text, noBackticks, text, (method, statusText, name, value, detail, label) => {
        const md = diagnosisToMarkdown(
          diagnosis([finding("auth.challenge-missing", { detail, evidence: [{ label, value }], fix: detail })], {
            method,
            statusText,
            requestHeaders: [[name, value]],
          }),
          { includeSecrets: false },
        );
        const { outside } = split(md);
        expect(outside.filter((l) => l.startsWith("#"))).toHaveLength(1);
        expect(outside.some((l) => /^`{3,}/.test(l))).toBe(false);
        expectNoMarkupFromValues(outside);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the Markdown copy with secrets (Show secrets on)", () => {
  it("puts the values back into the finding texts core masked, as the headers below them show", async () => {
    const { diagnose } = await import("../../../src/core/diagnose.ts");
    const token = "abcdefghijklmnopqrstuvwxyz0123456789";
    const d = diagnose([exchange({ url: `https://api.example.com/v1/orders?access_token=${token}` })])[0]!;
    const hidden = diagnosisToMarkdown(d, { includeSecrets: false });
    expect(hidden).not.toContain(token);
    const shown = diagnosisToMarkdown(d, { includeSecrets: true });
    expect(shown).toContain(`/v1/orders?access\\_token=${token} on api.example.com`);
    expect(shown).not.toContain(`abcd… (${token.length} chars)`);
  });
});
