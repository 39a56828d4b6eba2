/**
 * The sign-in flow against a real OpenID Provider (oidc-provider 9, test/lab/real/oidc.ts): its
 * token endpoint's own answers to a code exchanged with another attempt's verifier and to a
 * refresh token sent again after rotation, recorded as Chromium records the page's fetch()es, in
 * a capture whose authorization request carries the S256 challenge the provider bound the code
 * to. The provider's body says only "grant request is invalid"; AuthLens names the cause.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { type RunningOidcProvider, startOidcProvider, type TokenRequest } from "../../lab/real/oidc.ts";
import { chromeEntry, importEntries, one, visibleText } from "../helpers.ts";
import { navigation } from "./sign-in-captures.ts";

const PAGE_ORIGIN = "http://127.0.0.1:5173";

type Entry = Record<string, unknown>;

let op: RunningOidcProvider;

beforeAll(async () => {
  op = await startOidcProvider({ pageOrigin: PAGE_ORIGIN });
});

afterAll(async () => {
  await op?.stop();
});

/** Sends a token request as the page's fetch() does, and records it as Chromium's HAR entry. */
async function sent(request: TokenRequest, at: number): Promise<{ entry: Entry; body: Record<string, unknown> }> {
  const res = await fetch(request.url, { ...request, headers: { ...request.headers, Origin: PAGE_ORIGIN } });
  const text = await res.text();
  const entry = chromeEntry({
    url: request.url,
    method: "POST",
    at,
    status: res.status,
    requestHeaders: { ...request.headers, Origin: PAGE_ORIGIN },
    responseHeaders: [...res.headers.entries()],
  });
  (entry.request as Entry).postData = { mimeType: "application/x-www-form-urlencoded", text: request.body };
  (entry.response as Entry).content = { size: text.length, mimeType: res.headers.get("content-type") ?? "application/json", text };
  return { entry, body: JSON.parse(text) as Record<string, unknown> };
}

/** The front channel of the sign-in the code came from: the authorization request and the provider's redirect back. */
function frontChannel(code: string, codeVerifier: string, redirectUri: string): Entry[] {
  const challenge = createHash("sha256").update(codeVerifier).digest("base64url");
  const state = randomBytes(12).toString("base64url");
  const authorize = `${op.issuer}/auth?${new URLSearchParams({ response_type: "code", client_id: op.clients.public.clientId, redirect_uri: redirectUri, scope: "openid offline_access", state, code_challenge: challenge, code_challenge_method: "S256" })}`;
  const back = `${redirectUri}?${new URLSearchParams({ code, state, iss: op.issuer })}`;
  return [navigation({ url: authorize, at: 0, status: 303, location: back }), navigation({ url: back, at: 50, initiator: "redirect" })];
}

function on(xs: readonly Exchange[], id: string) {
  return diagnose(xs).find((d) => d.exchange.id === id)!;
}

describe("oidc-provider's answers in a whole sign-in", () => {
  it("a code exchanged with another attempt's verifier: oauth.pkce-mismatch is the root of its invalid_grant", async () => {
    const { code, codeVerifier, redirectUri } = await op.issueAuthorizationCode("public");
    const otherVerifier = randomBytes(32).toString("base64url");
    const exchange = await sent(op.authorizationCodeRequest("public", code, otherVerifier), 200);
    expect(exchange.body).toEqual({ error: "invalid_grant", error_description: "grant request is invalid" });
    const xs = importEntries([...frontChannel(code, codeVerifier, redirectUri), exchange.entry]);
    const d = on(xs, "e3");
    expect(d.rootCause).toBe("oauth.pkce-mismatch");
    expect(d.findings.find((f) => f.code === "oauth.invalid-grant")?.role).toBe("supporting");
    const f = one(d.findings, "oauth.pkce-mismatch");
    expect(f.evidence.find((e) => e.label === "S256 of the code_verifier")?.value).toBe(createHash("sha256").update(otherVerifier).digest("base64url"));
    for (const secret of [code, otherVerifier, codeVerifier]) expect(visibleText(f)).not.toContain(secret);
  });

  it("a refresh token sent again after rotation: oauth.invalid-grant names the refresh that rotated it", async () => {
    const { code, codeVerifier, redirectUri } = await op.issueAuthorizationCode("public");
    const exchanged = await sent(op.authorizationCodeRequest("public", code, codeVerifier), 200);
    const first = String(exchanged.body.refresh_token);
    const refreshed = await sent(op.refreshTokenRequest("public", first), 60_000);
    expect(refreshed.body.refresh_token).not.toBe(first);
    const again = await sent(op.refreshTokenRequest("public", first), 60_500);
    expect(again.body.error).toBe("invalid_grant");
    const xs = importEntries([...frontChannel(code, codeVerifier, redirectUri), exchanged.entry, refreshed.entry, again.entry]);
    expect(diagnose(xs).flatMap((d) => d.findings.map((f) => f.code)).filter((c) => c === "oauth.pkce-mismatch" || c === "oauth.state-mismatch")).toEqual([]);
    const d = on(xs, "e5");
    expect(d.rootCause).toBe("oauth.invalid-grant");
    const f = one(d.findings, "oauth.invalid-grant");
    expect(f.detail).toContain("That earlier refresh issued a new refresh token");
    expect(visibleText(f)).not.toContain(first);
  });
});
