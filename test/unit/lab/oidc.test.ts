/**
 * oidc-provider, started by test/lab/real/oidc.ts, is a working OpenID Provider whose token
 * endpoint answers the lab page's origin, and each prepared error case gets the library's own
 * error answer (RFC 6749 §5.2) for the reason the case names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  OIDC_CLIENT_SECRET,
  type RunningOidcProvider,
  startOidcProvider,
  TOKEN_ERROR_KINDS,
  type TokenRequest,
} from "../../lab/real/oidc.ts";

const PAGE_ORIGIN = "http://127.0.0.1:5173";

/** Sends a token request the way the lab page's fetch() would: with the page's Origin. */
async function send(request: TokenRequest, origin = PAGE_ORIGIN): Promise<{ res: Response; body: Record<string, unknown> }> {
  const res = await fetch(request.url, { ...request, headers: { ...request.headers, Origin: origin } });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe("oidc-provider lab OpenID Provider", () => {
  let op: RunningOidcProvider;

  beforeAll(async () => {
    op = await startOidcProvider({ pageOrigin: PAGE_ORIGIN });
  });

  afterAll(async () => {
    await op?.stop();
  });

  it("publishes its metadata on loopback (OIDC Discovery §4)", async () => {
    expect(op.version).toMatch(/^9\./);
    expect(op.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(op.issuer);
    expect(metadata.token_endpoint).toBe(op.tokenEndpoint);
    expect(metadata.revocation_endpoint).toBe(op.revocationEndpoint);
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]));
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post", "none"]),
    );
  });

  it("answers the token endpoint's preflight for the page origin", async () => {
    const res = await fetch(op.tokenEndpoint, {
      method: "OPTIONS",
      headers: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST");
    expect(res.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  it("redeems a code with PKCE, then refreshes with rotation (public client)", async () => {
    const { code, codeVerifier } = await op.issueAuthorizationCode("public");
    const first = await send(op.authorizationCodeRequest("public", code, codeVerifier));
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(first.body).toMatchObject({ token_type: "Bearer", scope: "openid offline_access" });
    expect(typeof first.body.access_token).toBe("string");
    expect(typeof first.body.id_token).toBe("string");
    expect(typeof first.body.refresh_token).toBe("string");

    const refreshed = await send(op.refreshTokenRequest("public", String(first.body.refresh_token)));
    expect(refreshed.res.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it("authenticates the confidential clients with client_secret_basic and client_secret_post", async () => {
    const basic = op.clientCredentialsRequest("confidential");
    expect(basic.headers.Authorization).toMatch(/^Basic /);
    const post = op.clientCredentialsRequest("confidentialPost");
    expect(new URLSearchParams(post.body).get("client_secret")).toBe(OIDC_CLIENT_SECRET);
    for (const request of [basic, post]) {
      const { res, body } = await send(request);
      expect(res.status).toBe(200);
      expect(body.token_type).toBe("Bearer");
    }

    const refreshed = await send(op.refreshTokenRequest("confidential", await op.issueRefreshToken("confidential")));
    expect(refreshed.res.status).toBe(200);
  });

  it.each(TOKEN_ERROR_KINDS)("%s: the token endpoint's own error, readable from the page", async (kind) => {
    const c = await op.tokenErrorCase(kind);
    const before = op.serverErrors().length;
    const { res, body } = await send(c.request);

    expect(res.status).toBe(c.expected.status);
    expect(body.error).toBe(c.expected.error);
    expect(typeof body.error_description).toBe("string");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);

    const recorded = op.serverErrors().slice(before);
    expect(recorded).toEqual([{ error: c.expected.error, description: body.error_description, detail: c.expected.detail }]);
  });

  it("challenges a client that authenticated with Basic (RFC 6749 §5.2), not one that used the body", async () => {
    const basic = await send((await op.tokenErrorCase("client-secret-wrong")).request);
    expect(basic.res.headers.get("www-authenticate")).toMatch(/^Basic realm="[^"]+", error="invalid_client"/);

    const post = await send((await op.tokenErrorCase("client-unknown")).request);
    expect(post.res.status).toBe(401);
    expect(post.res.headers.get("www-authenticate")).toBeNull();
  });

  it("refuses another origin without Access-Control-Allow-Origin (clientBasedCORS)", async () => {
    const { res, body } = await send(op.clientCredentialsRequest("confidentialPost"), "http://127.0.0.1:6000");
    expect(res.status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("oidc-provider lifecycle", () => {
  it("stop() closes the port", async () => {
    const op = await startOidcProvider({ pageOrigin: PAGE_ORIGIN });
    expect((await fetch(`${op.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    await op.stop();
    await expect(fetch(`${op.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });

  it("refuses a page origin that is not one", async () => {
    await expect(startOidcProvider({ pageOrigin: "http://127.0.0.1:5173/app" })).rejects.toThrow(/pageOrigin must be an http\(s\) origin/);
  });
});
