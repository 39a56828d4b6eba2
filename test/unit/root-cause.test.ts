/**
 * Root cause first (FINDINGS.md v2): the ranking table, case by case. Each case is a failed
 * request's findings as the rules give them (most severe first) and the answer a senior engineer
 * names: the root, the findings that restate it (supporting) and those that stand on their own.
 * Then the same through diagnose() on real captures, and the tables' own consistency.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import { CATALOGUE, type FindingCode, finding, isFindingCode } from "../../src/core/findings.ts";
import { rankFindings } from "../../src/core/root-cause.ts";
import { EXPLAINS, ROOT_RANKING } from "../../src/core/root-cause-table.ts";
import { API_ORIGIN, PAGE_ORIGIN, chromeEntry, chromePreflight, exchangeOf } from "./helpers.ts";

function exchange(status: number, error?: string): Exchange {
  return exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/v1/orders`, status, ...(error !== undefined ? { error } : {}) }));
}

function ranked(status: number, codes: readonly FindingCode[]) {
  const findings = codes.map((code) => finding(code, { detail: code, evidence: [] }));
  const r = rankFindings(exchange(status), findings);
  return {
    root: r.rootCause,
    order: r.findings.map((f) => f.code),
    supporting: r.findings.filter((f) => f.role === "supporting").map((f) => f.code),
    independent: r.findings.filter((f) => f.role === undefined && f.code !== r.rootCause).map((f) => f.code),
  };
}

interface Case {
  readonly name: string;
  readonly status: number;
  readonly findings: readonly FindingCode[];
  readonly root: FindingCode | null;
  readonly supporting: readonly FindingCode[];
  readonly independent: readonly FindingCode[];
}

const CASES: readonly Case[] = [
  {
    name: "an expired token: the expiry, with the server's words and the generic rejection folded under it",
    status: 401,
    findings: ["auth.credentials-rejected", "auth.token-expired", "auth.bearer-invalid-token", "token.jwt"],
    root: "auth.token-expired",
    supporting: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    independent: ["token.jwt"],
  },
  {
    name: "a placeholder token: the client bug, not the server's refusal",
    status: 401,
    findings: ["auth.credentials-rejected", "auth.bearer-invalid-token", "auth.token-placeholder"],
    root: "auth.token-placeholder",
    supporting: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    independent: [],
  },
  {
    name: "a preflight answered 401 by auth middleware: the order of middleware, Chromium's reasons under it",
    status: 0,
    findings: ["cors.missing-allow-origin", "cors.preflight-failed-status", "cors.preflight-blocked-by-auth", "cors.preflight-trigger"],
    root: "cors.preflight-blocked-by-auth",
    supporting: ["cors.missing-allow-origin", "cors.preflight-failed-status"],
    independent: ["cors.preflight-trigger"],
  },
  {
    name: "a proxy dropped Authorization: named over the rejection",
    status: 401,
    findings: ["auth.credentials-rejected", "auth.authorization-not-received"],
    root: "auth.authorization-not-received",
    supporting: ["auth.credentials-rejected"],
    independent: [],
  },
  {
    name: "a cross-origin redirect dropped Authorization: named over 'no credentials'",
    status: 401,
    findings: ["auth.no-credentials-sent", "auth.authorization-stripped-on-redirect"],
    root: "auth.authorization-stripped-on-redirect",
    supporting: ["auth.no-credentials-sent"],
    independent: [],
  },
  {
    name: "a token endpoint's invalid_client: never 'no credentials were sent'",
    status: 401,
    findings: ["auth.challenge-missing", "oauth.invalid-client"],
    root: "oauth.invalid-client",
    supporting: ["auth.challenge-missing"],
    independent: [],
  },
  {
    name: "a 401 hidden behind CORS: the missing CORS headers on the error answer, then the browser's reason",
    status: 401,
    findings: ["cors.missing-allow-origin", "cors.error-hidden-by-cors", "auth.credentials-rejected"],
    root: "cors.error-hidden-by-cors",
    supporting: ["cors.missing-allow-origin"],
    independent: ["auth.credentials-rejected"],
  },
  {
    name: "the browser's CORS reason leads the generic 'blocked'",
    status: 0,
    findings: ["cors.blocked", "cors.local-network"],
    root: "cors.local-network",
    supporting: ["cors.blocked"],
    independent: [],
  },
  {
    name: "a wrong password without a challenge: the refusal; the missing challenge is the server's own bug",
    status: 401,
    findings: ["auth.credentials-rejected", "auth.challenge-missing"],
    root: "auth.credentials-rejected",
    supporting: [],
    independent: ["auth.challenge-missing"],
  },
  {
    name: "a 403 for lack of scope: the scope, 'identity accepted' folded",
    status: 403,
    findings: ["auth.bearer-insufficient-scope", "auth.forbidden-not-unauthenticated"],
    root: "auth.bearer-insufficient-scope",
    supporting: ["auth.forbidden-not-unauthenticated"],
    independent: [],
  },
  {
    name: "a plain 403: the info verdict is the answer",
    status: 403,
    findings: ["auth.forbidden-not-unauthenticated", "token.jwt"],
    root: "auth.forbidden-not-unauthenticated",
    supporting: [],
    independent: ["token.jwt"],
  },
  {
    name: "the server says the audience is wrong: named over its generic words",
    status: 401,
    findings: ["auth.credentials-rejected", "auth.bearer-invalid-token", "auth.token-audience-mismatch"],
    root: "auth.token-audience-mismatch",
    supporting: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    independent: [],
  },
  {
    name: "a sanitized capture: the server's own words lead, not 'unknown'",
    status: 401,
    findings: ["auth.bearer-invalid-token", "har.sanitized"],
    root: "auth.bearer-invalid-token",
    supporting: [],
    independent: ["har.sanitized"],
  },
  {
    name: "a sanitized capture with nothing else: the capture's limit is the best answer there is",
    status: 401,
    findings: ["har.sanitized"],
    root: "har.sanitized",
    supporting: [],
    independent: [],
  },
];

describe("the ranking, case by case", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const r = ranked(c.status, c.findings);
    expect(r.root).toBe(c.root);
    expect(r.order[0]).toBe(c.root);
    expect(r.supporting).toEqual(c.supporting);
    expect(r.independent).toEqual(c.independent);
    // Nothing is lost or repeated: the same findings, reordered.
    expect([...r.order].sort()).toEqual([...c.findings].sort());
  });
});

describe("requests that did not fail", () => {
  it("have no root cause: a warning on a 200 stands on its own", () => {
    const r = ranked(200, ["auth.token-in-url", "token.jwt"]);
    expect(r.root).toBeNull();
    expect(r.supporting).toEqual([]);
    expect(r.order).toEqual(["auth.token-in-url", "token.jwt"]);
  });

  it("a 200 the browser blocked did fail: the CORS reason is its root", () => {
    expect(ranked(200, ["cors.allow-credentials-missing"]).root).toBe("cors.allow-credentials-missing");
  });

  it("a failed request whose findings are all notes has no root cause", () => {
    expect(ranked(404, ["token.jwt"]).root).toBeNull();
  });

  it("no findings, no root", () => {
    expect(rankFindings(exchange(500), [])).toEqual({ rootCause: null, findings: [] });
  });
});

describe("the tables", () => {
  it("rank each code once, and only catalogue codes", () => {
    expect(new Set(ROOT_RANKING).size).toBe(ROOT_RANKING.length);
    for (const code of ROOT_RANKING) expect(isFindingCode(code), code).toBe(true);
  });

  it("let only ranked codes explain others, and never themselves", () => {
    for (const [root, explained] of Object.entries(EXPLAINS)) {
      expect(ROOT_RANKING, root).toContain(root);
      expect(explained, root).not.toContain(root);
    }
  });

  it("never fold a finding under a root it outranks: a supporting finding is less specific", () => {
    const rank = new Map(ROOT_RANKING.map((c, i) => [c, i]));
    for (const [root, explained] of Object.entries(EXPLAINS)) {
      for (const code of explained ?? []) {
        const r = rank.get(code);
        if (r !== undefined) expect(r, `${code} under ${root}`).toBeGreaterThan(rank.get(root as FindingCode)!);
      }
    }
  });

  it("can lead with every error a failed request may carry", () => {
    // An error finding that can never lead would leave a failed request without its answer.
    const leaders = new Set<string>(ROOT_RANKING);
    const errors = Object.entries(CATALOGUE).filter(([, e]) => e.severity === "error").map(([code]) => code);
    for (const code of errors) expect(leaders.has(code), code).toBe(true);
  });
});

describe("through diagnose, on captures", () => {
  it("an expired token's 401: root first, the rest supporting, rootCause on the diagnosis", () => {
    const jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyIiwiZXhwIjoxNzY0MDAwMDAwfQ.c2lnbmF0dXJl"; // exp 2025-11-24T16:00:00Z
    const x = exchangeOf(
      "e1",
      chromeEntry({
        url: `${API_ORIGIN}/v1/orders`,
        status: 401,
        requestHeaders: { Authorization: `Bearer ${jwt}` },
        responseHeaders: [["WWW-Authenticate", 'Bearer error="invalid_token", error_description="The access token expired"']],
      }),
    );
    const [d] = diagnose([x]);
    expect(d!.rootCause).toBe("auth.token-expired");
    expect(d!.findings[0]!.code).toBe("auth.token-expired");
    expect(d!.findings[0]!.role).toBeUndefined();
    const supporting = d!.findings.filter((f) => f.role === "supporting").map((f) => f.code);
    expect(supporting).toEqual(expect.arrayContaining(["auth.credentials-rejected", "auth.bearer-invalid-token"]));
  });

  it("a preflight's failure is on its request only; the preflight names no root and repeats nothing", () => {
    const actual = exchangeOf("a", chromeEntry({ url: `${API_ORIGIN}/v1/orders`, at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN, Authorization: "Bearer t" } }));
    const pre = exchangeOf("p", chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 1, status: 401, requestHeadersList: "authorization" }));
    const byId = new Map(diagnose([actual, pre]).map((d) => [d.exchange.id, d]));
    expect(byId.get("a")!.rootCause).toBe("cors.preflight-blocked-by-auth");
    expect(byId.get("p")!.rootCause).toBeNull();
    expect(byId.get("p")!.findings).toEqual([]);
  });
});
