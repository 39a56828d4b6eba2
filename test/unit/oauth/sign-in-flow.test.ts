/**
 * The sign-in flow across a capture: linking (authorization request → response → code exchange →
 * API calls → refreshes), the three flow codes on realistic captures, refresh-token reuse named
 * by oauth.invalid-grant, and the flow's steps with every secret masked until shown.
 */
import { countingRules } from "../analysis/counting-rules.ts";
import { describe, expect, it } from "vitest";
import { CaptureAnalysis } from "../../../src/core/analysis/capture-analysis.ts";
import { describeExchange } from "../../../src/core/detail.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { screenDetail, screenRow } from "../../../src/core/share/screen.ts";
import { summarize } from "../../../src/core/summary.ts";
import { evidenceValue, importEntries, one, PAGE_ORIGIN, visibleText } from "../helpers.ts";
import {
  ACCESS_1,
  authorizeUrl,
  CALLBACK,
  CHALLENGE,
  CODE,
  CLIENT_ID,
  ID_TOKEN,
  navigation,
  REFRESH_1,
  REFRESH_2,
  signInEntries,
  STATE,
  tokenFetch,
  VERIFIER,
  type SignInOptions,
} from "./sign-in-captures.ts";

function capture(o: SignInOptions = {}): Exchange[] {
  return importEntries(signInEntries(o));
}

function findingsOn(xs: readonly Exchange[], id: string) {
  return diagnose(xs).find((d) => d.exchange.id === id)!;
}

const SECRETS = [CODE, VERIFIER, ACCESS_1, REFRESH_1, REFRESH_2, ID_TOKEN];

function allText(xs: readonly Exchange[]): string {
  return diagnose(xs)
    .flatMap((d) => d.findings.map(visibleText))
    .join("\n");
}

describe("a healthy sign-in", () => {
  it("has no flow finding, and no secret in any finding", () => {
    const xs = capture();
    const codes = diagnose(xs).flatMap((d) => d.findings.map((f) => f.code));
    expect(codes.filter((c) => c.startsWith("oauth."))).toEqual([]);
    const text = allText(xs);
    for (const s of SECRETS) expect(text).not.toContain(s);
  });

  it("is linked into steps, from any of its exchanges", () => {
    const xs = capture();
    for (const id of ["e1", "e2", "e3", "e4", "e5", "e6", "e7"]) {
      const flow = describeExchange(id, xs)?.signInFlow;
      expect(flow, id).toBeDefined();
      expect(flow!.steps.map((s) => `${s.step}:${s.exchangeId}:${s.status}`), id).toEqual([
        "authorize:e1:ok",
        "response:e2:ok",
        "response:e3:ok",
        "token:e4:ok",
        "api:e5:ok",
        "refresh:e6:ok",
        "api:e7:ok",
      ]);
      expect(flow!.clientId).toBe(CLIENT_ID);
      expect(flow!.redirectUri).toBe(CALLBACK);
    }
    const token = describeExchange("e4", xs)!.signInFlow!.steps[3]!;
    expect(token.items.find((i) => i.label === "PKCE")?.text).toBe("the code_verifier answers the code_challenge (S256)");
  });

  it("keeps secrets beside their masks, and the screen drops them unless secrets are shown", () => {
    const xs = capture();
    const detail = describeExchange("e4", xs)!;
    const d = findingsOn(xs, "e4");
    const hidden = JSON.stringify(screenDetail(detail, screenRow(d, summarize(d), false)));
    for (const s of SECRETS) expect(hidden).not.toContain(s);
    expect(hidden).toContain(`${VERIFIER.slice(0, 4)}… (${VERIFIER.length} chars)`);
    // state and the challenge are no secrets of the user: they stay readable.
    expect(hidden).toContain(STATE);
    expect(hidden).toContain(CHALLENGE);
    const shown = JSON.stringify(screenDetail(detail, screenRow(d, summarize(d), true)));
    for (const s of [CODE, VERIFIER, REFRESH_1]) expect(shown).toContain(s);
  });

  it("masks a step's URL as that step's own row does: a cookie value that is also a path segment is hidden", () => {
    // oidc-provider's interaction id is a path segment and its _interaction_resume cookie alike.
    const UID = "0PHX10G2Av7tWfP_jenU-duTGsidXjetE93DwpDi9w_";
    const xs = capture().map((x) =>
      x.id === "e2"
        ? { ...x, request: { ...x.request, url: `${x.request.url}/${UID}`, headers: [...x.request.headers, { name: "Cookie", value: `_interaction_resume=${UID}` }] } }
        : x,
    );
    const detail = describeExchange("e4", xs)!;
    const d = findingsOn(xs, "e4");
    expect(detail.signInFlow!.steps.find((st) => st.exchangeId === "e2")!.url.value).toContain(UID);
    expect(JSON.stringify(screenDetail(detail, screenRow(d, summarize(d), false)))).not.toContain(UID);
    expect(JSON.stringify(screenDetail(detail, screenRow(d, summarize(d), true)))).toContain(UID);
  });

  it("is not shown for a request outside any sign-in", () => {
    const xs = importEntries([navigation({ url: `${PAGE_ORIGIN}/?code=SAVE10` })]);
    expect(describeExchange("e1", xs)?.signInFlow).toBeUndefined();
    expect(diagnose(xs)[0]!.findings.filter((f) => f.code.startsWith("oauth."))).toEqual([]);
  });
});

describe("oauth.state-mismatch", () => {
  it("fires on the provider's redirect when the state returned is another", () => {
    const xs = capture({ returnedState: "f00-other-tab-state" });
    const f = one(findingsOn(xs, "e2").findings, "oauth.state-mismatch");
    expect(f.severity).toBe("warning");
    expect(evidenceValue(f, "state sent")).toBe(STATE);
    expect(evidenceValue(f, "state returned")).toBe("f00-other-tab-state");
    expect(f.related).toEqual(["e3"]);
    // Listed on the callback too (a copy), found once.
    expect(findingsOn(xs, "e3").findings.filter((g) => g.code === "oauth.state-mismatch")).toHaveLength(1);
    const step = describeExchange("e3", xs)!.signInFlow!.steps.find((s) => s.exchangeId === "e2")!;
    expect(step.status).toBe("warning");
  });

  it("fires when no state comes back", () => {
    const f = one(findingsOn(capture({ returnedState: null }), "e2").findings, "oauth.state-mismatch");
    expect(evidenceValue(f, "state returned")).toBe("(none)");
  });

  it("fires on the callback itself when the capture has no provider redirect (query response)", () => {
    const xs = capture({ returnedState: "zzz" }).filter((x) => x.id !== "e2");
    expect(findingsOn(xs, "e3").findings.map((f) => f.code)).toContain("oauth.state-mismatch");
  });
});

describe("a provider that answers the authorization request at once (a live session), in the fragment", () => {
  /** Keycloak's default for SPAs: response_mode=fragment; the callback's request carries no fragment. */
  function atOnce(back: string, verifier = VERIFIER, status = 200): Exchange[] {
    const answer = status === 200 ? { access_token: ACCESS_1, token_type: "Bearer", expires_in: 300 } : { error: "invalid_grant", error_description: "PKCE verification failed" };
    return importEntries([
      navigation({ url: authorizeUrl({ response_mode: "fragment" }), status: 302, location: back }),
      navigation({ url: CALLBACK, at: 30, initiator: "redirect" }),
      tokenFetch(200, { grant_type: "authorization_code", code: CODE, redirect_uri: CALLBACK, client_id: CLIENT_ID, code_verifier: verifier }, status, answer),
    ]);
  }

  it("links the code in the Location's fragment to the token request, and checks its PKCE", () => {
    const xs = atOnce(`${CALLBACK}#state=${STATE}&code=${CODE}`, "w".repeat(43), 400);
    expect(findingsOn(xs, "e3").rootCause).toBe("oauth.pkce-mismatch");
    expect(describeExchange("e3", xs)!.signInFlow!.steps.map((s) => `${s.step}:${s.exchangeId}:${s.status}`)).toEqual(["authorize:e1:ok", "response:e1:ok", "token:e3:failed"]);
  });

  it("reports a state mismatch on the authorization request that carried it", () => {
    const f = one(findingsOn(atOnce(`${CALLBACK}#state=other&code=${CODE}`), "e1").findings, "oauth.state-mismatch");
    expect(evidenceValue(f, "Carried in")).toBe("the Location of a 302 (in the fragment)");
  });
});

describe("two sign-ins in flight", () => {
  it("pairs each response with the attempt that sent its state, and marks the one another attempt overtook", () => {
    const entries = signInEntries();
    // Another tab starts a sign-in (state "tab-2") after this one, before this one's response comes back.
    entries.splice(1, 0, navigation({ url: authorizeUrl({ state: "tab-2" }), at: 1_000 }));
    const xs = importEntries(entries);
    expect(diagnose(xs).flatMap((d) => d.findings.map((f) => f.code)).filter((c) => c === "oauth.state-mismatch")).toEqual([]);
    const steps = describeExchange("e3", xs)!.signInFlow!.steps;
    expect(steps.map((s) => `${s.step}:${s.exchangeId}:${s.status}`).slice(0, 3)).toEqual(["authorize:e1:ok", "response:e3:warning", "response:e4:ok"]);
    expect(steps[1]!.note).toMatch(/^Another sign-in started \(GET \/oauth2\/authorize\?\S+ at 10:00:01\.000 UTC, state tab-2\)/);
    // The overtaking attempt has no response: its flow is its authorization request alone.
    expect(describeExchange("e2", xs)!.signInFlow!.steps.map((s) => s.exchangeId)).toEqual(["e2"]);
  });
});

describe("oauth.pkce-mismatch", () => {
  it("computes S256 of the verifier and names it against the challenge; the invalid_grant supports it", () => {
    const other = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";
    const xs = capture({ verifier: other, tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed" } } });
    const d = findingsOn(xs, "e4");
    expect(d.rootCause).toBe("oauth.pkce-mismatch");
    const f = one(d.findings, "oauth.pkce-mismatch");
    expect(evidenceValue(f, "code_challenge")).toBe(CHALLENGE);
    expect(evidenceValue(f, "S256 of the code_verifier")).not.toBe(CHALLENGE);
    expect(f.detail).toContain("computed locally");
    expect(visibleText(f)).not.toContain(other);
    expect(d.findings.find((g) => g.code === "oauth.invalid-grant")?.role).toBe("supporting");
    expect(describeExchange("e4", xs)!.signInFlow!.steps[3]!.status).toBe("failed");
  });

  it("names a method disagreement: the S256 challenge of a request that declared plain", () => {
    const entries = signInEntries({ tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "code_verifier does not match" } } });
    (entries[0]!.request as Record<string, unknown>).url = authorizeUrl({ code_challenge_method: "plain" });
    const f = one(findingsOn(importEntries(entries), "e4").findings, "oauth.pkce-mismatch");
    expect(f.detail).toContain("S256 hash of the code_verifier");
  });

  it("takes the token endpoint's word when the capture lacks the authorization request", () => {
    const xs = capture({ verifier: "x".repeat(43), tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed" } } }).slice(3);
    const f = one(findingsOn(xs, "e4").findings, "oauth.pkce-mismatch");
    expect(f.detail).toContain("PKCE verification failed");
  });
});

describe("oauth.authorization-error", () => {
  it("explains access_denied from the redirect, listed on the callback too", () => {
    const xs = capture({ error: { error: "access_denied", description: "The user denied the request" } });
    const d = findingsOn(xs, "e2");
    const f = one(d.findings, "oauth.authorization-error");
    expect(f.detail).toContain("RFC 6749 §4.1.2.1");
    expect(evidenceValue(f, "client_id")).toBe(CLIENT_ID);
    expect(findingsOn(xs, "e3").rootCause).toBe("oauth.authorization-error");
    expect(describeExchange("e1", xs)!.signInFlow!.steps.map((s) => s.status)).toEqual(["ok", "failed", "failed"]);
  });

  it("names Entra ID's AADSTS50011 in error_description as a redirect URI not registered", () => {
    const description = "AADSTS50011: The redirect URI 'https://app.example.com/callback' specified in the request does not match the redirect URIs configured for the application 'spa-orders'.";
    const f = one(findingsOn(capture({ error: { error: "invalid_request", description } }), "e2").findings, "oauth.authorization-error");
    expect(f.detail).toContain("AADSTS50011 means the redirect URI sent is not one registered");
  });

  it.each([
    ["Okta", 400, "<h1>400 Bad Request</h1><p>The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://example-admin.okta.com/admin/app/oidc_client/instance/0oa1#tab-general</p>"],
    ["Keycloak", 400, "<div id=\"kc-error-message\"><p class=\"instruction\">Invalid parameter: redirect_uri</p></div>"],
    ["Auth0", 400, "<h2>Callback URL mismatch.</h2><p>The provided redirect_uri is not in the list of allowed callback URLs.</p>"],
    ["Microsoft Entra ID", 200, "<div>AADSTS50011: The redirect URI 'https://app.example.com/callback' specified in the request does not match the redirect URIs configured for the application</div>"],
  ])("reads %s's error page at the authorization endpoint", (provider, status, html) => {
    const xs = importEntries([navigation({ url: authorizeUrl(), status, html })]);
    const d = findingsOn(xs, "e1");
    expect(d.rootCause).toBe("oauth.authorization-error");
    expect(evidenceValue(one(d.findings, "oauth.authorization-error"), "Provider")).toBe(provider);
  });

  it("reads an error page the authorization request redirected to (Cognito's /error?error=redirect_mismatch)", () => {
    const error = "https://auth.example.com/error?error=redirect_mismatch&client_id=spa-orders";
    const xs = importEntries([
      navigation({ url: authorizeUrl(), status: 302, location: error }),
      navigation({ url: error, at: 50, initiator: "redirect", html: "<p>An error was encountered with the requested page.</p>" }),
    ]);
    expect(evidenceValue(one(findingsOn(xs, "e2").findings, "oauth.authorization-error"), "Provider")).toBe("Amazon Cognito");
  });
});

describe("oauth.invalid-grant names refresh-token reuse after rotation", () => {
  it("points at the earlier refresh that rotated the token out", () => {
    const xs = capture({ refreshReused: true });
    const f = one(findingsOn(xs, "e8").findings, "oauth.invalid-grant");
    expect(f.detail).toContain("issued a new refresh token");
    expect(f.detail).toContain("RFC 9700 §4.14.2");
    expect(visibleText(f)).not.toContain(REFRESH_1);
    const steps = describeExchange("e8", xs)!.signInFlow!.steps;
    expect(steps.filter((s) => s.step === "refresh").map((s) => `${s.exchangeId}:${s.status}`)).toEqual(["e6:ok", "e8:failed"]);
  });

  it("says when the two refreshes ran at once (two tabs refreshing on the same 401)", () => {
    const entries = signInEntries();
    entries[5]!.time = 900; // e6, the first refresh, answered 900 ms after it started
    entries.push(tokenFetch(600_100, { grant_type: "refresh_token", refresh_token: REFRESH_1, client_id: CLIENT_ID }, 400, { error: "invalid_grant", error_description: "Refresh token has already been used" }));
    const f = one(findingsOn(importEntries(entries), "e7").findings, "oauth.invalid-grant");
    expect(f.detail).toContain("This refresh started before the earlier one was answered");
  });
});

describe("a client secret sent from the page", () => {
  it("is a warning in the flow, masked", () => {
    const xs = capture({ clientSecret: "s3cr3t-Client-Secret-Value-123" });
    const step = describeExchange("e4", xs)!.signInFlow!.steps[3]!;
    expect(step.status).toBe("warning");
    expect(step.note).toContain("public client (RFC 6749 §2.1)");
    expect(step.items.find((i) => i.label === "client_secret")?.secret?.masked).toBe("s3cr… (30 chars)");
  });

  it("is a warning as HTTP Basic client credentials too (client_secret_basic from a page with an Origin)", () => {
    const entries = signInEntries();
    const headers = (entries[3]!.request as { headers: { name: string; value: string }[] }).headers;
    headers.push({ name: "Authorization", value: `Basic ${btoa(`${CLIENT_ID}:s3cr3t-Client-Secret-Value-123`)}` });
    const step = describeExchange("e4", importEntries(entries))!.signInFlow!.steps[3]!;
    expect(step.status).toBe("warning");
    expect(step.note).toContain("Sent HTTP Basic client credentials from a browser page (Origin https://app.example.com)");
  });
});

describe("a sign-in loop (the app and the provider redirecting each other)", () => {
  it("judges a new round's exchanges and the few sharing its state, not every round again", () => {
    const entries = [];
    for (let i = 0; i < 300; i++) {
      const back = `${CALLBACK}?error=login_required&state=s${i}`;
      entries.push(navigation({ url: authorizeUrl({ state: `s${i}`, prompt: "none" }), at: i * 20, status: 302, location: back }));
      entries.push(navigation({ url: back, at: i * 20 + 5, initiator: "redirect" }));
    }
    const xs = importEntries(entries);
    const { rules, judged } = countingRules();
    const analysis = new CaptureAnalysis({ rules });
    analysis.add(xs.slice(0, -2));
    judged.clear();
    analysis.add(xs.slice(-2));
    expect([...judged].sort()).toEqual(xs.slice(-2).map((x) => x.id).sort());
    expect(JSON.stringify(analysis.all())).toBe(JSON.stringify(diagnose(xs)));
    expect(analysis.diagnosis(xs[xs.length - 1]!.id)?.rootCause).toBe("oauth.authorization-error");
  });
});
