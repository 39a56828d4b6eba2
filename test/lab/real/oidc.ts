/**
 * oidc-provider (panva, v9) as a real OpenID Provider for the scenario lab, on a free loopback
 * port. The token endpoint's errors are the library's own answers to requests built the way a
 * browser app sends them; this module only prepares the state each one needs (a refresh token
 * that expired, was revoked, or was already rotated; a code already redeemed).
 *
 *   const op = await startOidcProvider({ pageOrigin });
 *   const c = await op.tokenErrorCase("refresh-token-expired");
 *   const res = await fetch(c.request.url, c.request);   // 400 {"error":"invalid_grant",...}
 *   await op.stop();
 */
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { FindingCode } from "../../../src/core/findings.ts";
import Provider, { type Account, type Client, type Configuration } from "oidc-provider";
import { LOOPBACK } from "./free-port.ts";
import { labAdapterFactory } from "./oidc-adapter.ts";
import { checkedOrigin } from "./origin.ts";

export const OIDC_ACCOUNT_ID = "lab-oidc-user";
export const OIDC_SCOPE = "openid offline_access";
export const OIDC_CALLBACK_PATH = "/oidc/callback";

export type ClientName = "confidential" | "confidentialPost" | "public";
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "none";

export interface LabClient {
  clientId: string;
  /** Absent for the public client. */
  clientSecret?: string;
  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1; OIDC Core §9). */
  authMethod: ClientAuthMethod;
  /** `<pageOrigin>/oidc/callback`. */
  redirectUri: string;
  grantTypes: readonly string[];
}

/** A token request as data: `fetch(r.url, r)` sends it, from Node or from the lab page. */
export interface TokenRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  /** `application/x-www-form-urlencoded` (RFC 6749 §3.2). */
  body: string;
}

/** The token-endpoint errors tokenErrorCase() reproduces. */
export const TOKEN_ERROR_KINDS = [
  "refresh-token-invalid",
  "refresh-token-expired",
  "refresh-token-revoked",
  "refresh-token-reused",
  "code-reused",
  "code-redirect-uri-mismatch",
  "code-verifier-mismatch",
  "client-unknown",
  "client-secret-wrong",
  "grant-type-unsupported",
] as const;
export type TokenErrorKind = (typeof TOKEN_ERROR_KINDS)[number];

export interface TokenErrorCase {
  kind: TokenErrorKind;
  client: ClientName;
  request: TokenRequest;
  /**
   * What oidc-provider answers (RFC 6749 §5.2), checked by test/unit/lab/oidc.test.ts. `detail`
   * is the reason it records for itself (serverErrors()): the body only says
   * "grant request is invalid" or "client authentication failed".
   */
  expected: { status: number; error: string; detail?: string };
  /** Why it fails, in a developer's words. */
  cause: string;
  /** The AuthLens finding for the failing exchange (FINDINGS.md, OAuth table). */
  finding: FindingCode;
}

/** A token-endpoint error as oidc-provider records it (its `grant.error` event). */
export interface TokenEndpointError {
  error: string;
  /** The `error_description` the response carried. */
  description: string | undefined;
  /** The reason behind it, which the response does not carry. */
  detail: string | undefined;
}

export interface OidcProviderOptions {
  /** The origin the token endpoint allows CORS requests from (the lab page's). */
  pageOrigin: string;
  /** A fixed port; absent or 0 for one the OS picks. */
  port?: number;
  /**
   * Further paths that reach the token endpoint, as a route mounted under another path would:
   * the provider sees `/token` (the lab gives each scenario its own `/api/<name>`).
   */
  tokenPaths?: readonly string[];
  /** Further paths that reach the authorization endpoint (`/auth`), the same way. */
  authorizePaths?: readonly string[];
  /** Called with the HTTP server before it listens (the lab attaches its request log there). */
  watch?: (server: Server) => void;
}

/**
 * Where the provider sends a browser to sign in (oidc-provider's default `interactions.url`).
 * The lab's login step: OIDC_ACCOUNT_ID signs in and consents at once, with no page (nothing to
 * type), and the provider resumes the authorization request it interrupted.
 */
export const OIDC_INTERACTION_PATH = "/interaction/";

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>`; discovery at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  /** oidc-provider's package version, e.g. "9.13.3". */
  version: string;
  clients: Record<ClientName, LabClient>;
  /** A refresh token stored in the provider for OIDC_ACCOUNT_ID; `expired` stores one whose `exp` has passed. */
  issueRefreshToken(client: ClientName, options?: { expired?: boolean }): Promise<string>;
  /** An authorization code for the client's redirect URI, bound to a PKCE S256 challenge (RFC 7636 §4.2). */
  issueAuthorizationCode(client: ClientName): Promise<{ code: string; codeVerifier: string; redirectUri: string }>;
  /** grant_type=refresh_token (RFC 6749 §6). */
  refreshTokenRequest(client: ClientName, refreshToken: string): TokenRequest;
  /** grant_type=authorization_code (RFC 6749 §4.1.3) with the PKCE verifier. */
  authorizationCodeRequest(client: ClientName, code: string, codeVerifier: string, redirectUri?: string): TokenRequest;
  /** grant_type=client_credentials (RFC 6749 §4.4); the confidential clients only. */
  clientCredentialsRequest(client: "confidential" | "confidentialPost"): TokenRequest;
  /** Prepares the provider's state for one token-endpoint error and returns the request that hits it. */
  tokenErrorCase(kind: TokenErrorKind): Promise<TokenErrorCase>;
  /** Every token-endpoint error so far, oldest first, with the reason the response leaves out. */
  serverErrors(): readonly TokenEndpointError[];
  stop(): Promise<void>;
}

const CLIENT_IDS: Record<ClientName, string> = {
  confidential: "lab-confidential",
  confidentialPost: "lab-confidential-post",
  public: "lab-public",
};
/** Published on purpose: these clients only exist on a loopback test server. */
export const OIDC_CLIENT_SECRET = "lab-client-secret-not-for-real-use";
export const OIDC_UNKNOWN_CLIENT_ID = "lab-unknown-client";

const TTL = { AccessToken: 3600, AuthorizationCode: 600, ClientCredentials: 3600, Grant: 86_400, IdToken: 3600, RefreshToken: 86_400, Interaction: 600, Session: 86_400 };
const EXPIRED_AGO_S = 3600;

export function oidcProviderVersion(): string {
  const pkg = createRequire(import.meta.url)("oidc-provider/package.json") as { version: string };
  return pkg.version;
}

function labClients(pageOrigin: string): Record<ClientName, LabClient> {
  const redirectUri = `${pageOrigin}${OIDC_CALLBACK_PATH}`;
  const confidentialGrants = ["authorization_code", "refresh_token", "client_credentials"] as const;
  return {
    confidential: { clientId: CLIENT_IDS.confidential, clientSecret: OIDC_CLIENT_SECRET, authMethod: "client_secret_basic", redirectUri, grantTypes: confidentialGrants },
    confidentialPost: { clientId: CLIENT_IDS.confidentialPost, clientSecret: OIDC_CLIENT_SECRET, authMethod: "client_secret_post", redirectUri, grantTypes: confidentialGrants },
    public: { clientId: CLIENT_IDS.public, authMethod: "none", redirectUri, grantTypes: ["authorization_code", "refresh_token"] },
  };
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
function basicCredentials(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString("base64")}`;
}

/** The client authentication each method adds to a token request (RFC 6749 §2.3.1, §3.2.1). */
const CLIENT_AUTH: Record<ClientAuthMethod, (c: { clientId: string; secret?: string }) => { headers: Record<string, string>; params: Record<string, string> }> = {
  client_secret_basic: (c) => ({ headers: { Authorization: basicCredentials(c.clientId, c.secret ?? "") }, params: {} }),
  client_secret_post: (c) => ({ headers: {}, params: { client_id: c.clientId, client_secret: c.secret ?? "" } }),
  none: (c) => ({ headers: {}, params: { client_id: c.clientId } }),
};

function buildTokenRequest(url: string, auth: { method: ClientAuthMethod; clientId: string; secret?: string }, params: Record<string, string>): TokenRequest {
  const added = CLIENT_AUTH[auth.method](auth);
  return {
    url,
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...added.headers },
    body: new URLSearchParams({ ...params, ...added.params }).toString(),
  };
}

function pkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString("base64url");
  return { codeVerifier, codeChallenge: createHash("sha256").update(codeVerifier).digest("base64url") };
}

function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    server.once("error", rejectPort);
    server.listen(port, LOOPBACK, () => {
      server.off("error", rejectPort);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

function configuration(pageOrigin: string, clients: Record<ClientName, LabClient>): Configuration {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    adapter: labAdapterFactory(),
    clients: Object.values(clients).map((c) => ({
      client_id: c.clientId,
      ...(c.clientSecret === undefined ? {} : { client_secret: c.clientSecret }),
      token_endpoint_auth_method: c.authMethod,
      grant_types: [...c.grantTypes],
      response_types: ["code"],
      redirect_uris: [c.redirectUri],
    })),
    // Token, revocation and userinfo requests from the lab page are allowed; any other origin
    // gets 400 invalid_request without Access-Control-Allow-Origin (shared/cors.js).
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === pageOrigin,
    cookies: {
      keys: [randomBytes(32).toString("base64url")],
      // The session cookie goes to the authorization endpoint only: every lab origin is
      // 127.0.0.1, and cookies ignore ports, so at Path=/ it would ride on every lab request
      // (and change what the cookie scenarios show).
      long: { httpOnly: true, sameSite: "lax", path: "/auth" },
    },
    features: {
      // No login pages: the lab stores codes and refresh tokens directly (issueAuthorizationCode,
      // issueRefreshToken); every exchange of them goes through the real token endpoint.
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client may revoke its own tokens only (RFC 7009 §2.1).
      revocation: { enabled: true, allowedPolicy: async (_ctx: unknown, client: Client, token: { clientId: string }) => token.clientId === client.clientId },
    },
    findAccount: async (_ctx: unknown, sub: string): Promise<Account | undefined> =>
      sub === OIDC_ACCOUNT_ID ? { accountId: sub, claims: () => ({ sub }) } : undefined,
    issueRefreshToken: async (_ctx: unknown, client: Client) => client.grantTypeAllowed("refresh_token"),
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), use: "sig" }] },
    // Every refresh rotates the token, as OAuth 2.0 Security BCP (RFC 9700 §4.14.2) asks for
    // public clients; the old one then answers invalid_grant ("refresh token already used").
    rotateRefreshToken: true,
    scopes: ["openid", "offline_access"],
    ttl: TTL,
  };
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const pageOrigin = checkedOrigin("pageOrigin", options.pageOrigin);
  const clients = labClients(pageOrigin);
  const server = createServer();
  options.watch?.(server);
  const port = await listenOnLoopback(server, options.port ?? 0);
  const issuer = `http://${LOOPBACK}:${port}`;
  const provider = new Provider(issuer, configuration(pageOrigin, clients));
  const handle = provider.callback();
  const tokenPaths = new Set(options.tokenPaths ?? []);
  const authorizePaths = new Set(options.authorizePaths ?? []);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    if (url.startsWith(OIDC_INTERACTION_PATH) && req.method === "GET") {
      signInAtOnce(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end(`sign-in failed: ${String(err)}`);
      });
      return;
    }
    const path = q === -1 ? url : url.slice(0, q);
    if (tokenPaths.has(path)) req.url = `/token${q === -1 ? "" : url.slice(q)}`;
    else if (authorizePaths.has(path)) req.url = `/auth${q === -1 ? "" : url.slice(q)}`;
    handle(req, res);
  });
  const serverErrors: TokenEndpointError[] = [];
  provider.on("grant.error", (_ctx, err) => {
    const e = err as { error?: string; error_description?: string; error_detail?: string };
    serverErrors.push({ error: e.error ?? "server_error", description: e.error_description, detail: e.error_detail });
  });

  const tokenEndpoint = `${issuer}/token`;
  const revocationEndpoint = `${issuer}/token/revocation`;
  const authOf = (name: ClientName, secret?: string) => {
    const c = clients[name];
    return { method: c.authMethod, clientId: c.clientId, secret: secret ?? c.clientSecret };
  };

  const grantFor = async (client: LabClient) => {
    const grant = new provider.Grant({ accountId: OIDC_ACCOUNT_ID, clientId: client.clientId });
    grant.addOIDCScope(OIDC_SCOPE);
    return grant.save();
  };
  /** The lab's login and consent step (OIDC_INTERACTION_PATH): the provider's own interaction API. */
  const signInAtOnce = async (req: IncomingMessage, res: ServerResponse) => {
    const interaction = await provider.interactionDetails(req, res);
    const client = Object.values(clients).find((c) => c.clientId === interaction.params.client_id);
    if (client === undefined) throw new Error(`no lab client ${String(interaction.params.client_id)}`);
    const grantId = await grantFor(client);
    res.setHeader("Cache-Control", "no-store"); // The lab's cache setting, as on every lab answer.
    await provider.interactionFinished(req, res, { login: { accountId: OIDC_ACCOUNT_ID }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };
  const clientModel = async (name: ClientName) => {
    const model = await provider.Client.find(clients[name].clientId);
    if (!model) throw new Error(`oidc-provider does not know the lab client ${clients[name].clientId}`);
    return model;
  };

  const issueRefreshToken: RunningOidcProvider["issueRefreshToken"] = async (name, opts = {}) => {
    const client = await clientModel(name);
    const grantId = await grantFor(clients[name]);
    const now = Math.floor(Date.now() / 1000);
    const times = opts.expired ? { iat: now - TTL.RefreshToken - EXPIRED_AGO_S, exp: now - EXPIRED_AGO_S } : {};
    return new provider.RefreshToken({ accountId: OIDC_ACCOUNT_ID, client, grantId, scope: OIDC_SCOPE, gty: "authorization_code", ...times }).save();
  };

  const issueAuthorizationCode: RunningOidcProvider["issueAuthorizationCode"] = async (name) => {
    const client = await clientModel(name);
    const grantId = await grantFor(clients[name]);
    const { codeVerifier, codeChallenge } = pkcePair();
    const redirectUri = clients[name].redirectUri;
    const code = await new provider.AuthorizationCode({
      accountId: OIDC_ACCOUNT_ID,
      client,
      grantId,
      scope: OIDC_SCOPE,
      redirectUri,
      codeChallenge,
      codeChallengeMethod: "S256",
    }).save();
    return { code, codeVerifier, redirectUri };
  };

  const refreshTokenRequest: RunningOidcProvider["refreshTokenRequest"] = (name, refreshToken) =>
    buildTokenRequest(tokenEndpoint, authOf(name), { grant_type: "refresh_token", refresh_token: refreshToken });

  const authorizationCodeRequest: RunningOidcProvider["authorizationCodeRequest"] = (name, code, codeVerifier, redirectUri) =>
    buildTokenRequest(tokenEndpoint, authOf(name), {
      grant_type: "authorization_code",
      code,
      code_verifier: codeVerifier,
      redirect_uri: redirectUri ?? clients[name].redirectUri,
    });

  const clientCredentialsRequest: RunningOidcProvider["clientCredentialsRequest"] = (name) =>
    buildTokenRequest(tokenEndpoint, authOf(name), { grant_type: "client_credentials" });

  /** Sends a request from the provider's own side (the step before the failing one). */
  const send = async (request: TokenRequest, expectedStatus: number): Promise<void> => {
    const res = await fetch(request.url, request);
    const body = await res.text();
    if (res.status !== expectedStatus) throw new Error(`${request.url} answered ${res.status}, not ${expectedStatus}: ${body}`);
  };

  const invalidGrant = { status: 400, error: "invalid_grant" };
  const invalidClient = { status: 401, error: "invalid_client" };
  /** What each kind prepares, and the request that then fails. */
  const CASES: Record<TokenErrorKind, Omit<TokenErrorCase, "kind" | "request"> & { prepare: () => Promise<TokenRequest> }> = {
    "refresh-token-invalid": {
      client: "public",
      expected: { ...invalidGrant, detail: "refresh token not found" },
      finding: "oauth.invalid-grant",
      cause: "the refresh token was never issued by this provider (a placeholder, a token from another environment, or a truncated value)",
      prepare: async () => refreshTokenRequest("public", randomBytes(32).toString("base64url")),
    },
    "refresh-token-expired": {
      client: "public",
      expected: { ...invalidGrant, detail: "refresh token is expired" },
      finding: "oauth.invalid-grant",
      cause: "the refresh token's lifetime has passed",
      prepare: async () => refreshTokenRequest("public", await issueRefreshToken("public", { expired: true })),
    },
    "refresh-token-revoked": {
      client: "public",
      expected: { ...invalidGrant, detail: "refresh token not found" },
      finding: "oauth.invalid-grant",
      cause: "the refresh token was revoked at the revocation endpoint (RFC 7009), as a logout does",
      prepare: async () => {
        const token = await issueRefreshToken("public");
        await send(buildTokenRequest(revocationEndpoint, authOf("public"), { token, token_type_hint: "refresh_token" }), 200);
        return refreshTokenRequest("public", token);
      },
    },
    "refresh-token-reused": {
      client: "public",
      expected: { ...invalidGrant, detail: "refresh token already used" },
      finding: "oauth.invalid-grant",
      cause: "the refresh token was already used once and rotated; sending the old one again (two tabs refreshing at once) is refused and revokes the grant",
      prepare: async () => {
        const request = refreshTokenRequest("public", await issueRefreshToken("public"));
        await send(request, 200);
        return request;
      },
    },
    "code-reused": {
      client: "public",
      expected: { ...invalidGrant, detail: "authorization code already consumed" },
      finding: "oauth.invalid-grant",
      cause: "the authorization code was already redeemed (a code is single-use, RFC 6749 §4.1.2; a callback that runs twice sends it again)",
      prepare: async () => {
        const { code, codeVerifier } = await issueAuthorizationCode("public");
        const request = authorizationCodeRequest("public", code, codeVerifier);
        await send(request, 200);
        return request;
      },
    },
    "code-redirect-uri-mismatch": {
      client: "public",
      expected: { ...invalidGrant, detail: "authorization code redirect_uri mismatch" },
      finding: "oauth.invalid-grant",
      cause: "the token request's redirect_uri differs from the authorization request's (RFC 6749 §4.1.3)",
      prepare: async () => {
        const { code, codeVerifier } = await issueAuthorizationCode("public");
        return authorizationCodeRequest("public", code, codeVerifier, `${pageOrigin}/oidc/other-callback`);
      },
    },
    "code-verifier-mismatch": {
      client: "public",
      expected: { ...invalidGrant, detail: "code_verifier does not match code_challenge" },
      finding: "oauth.invalid-grant",
      cause: "the PKCE code_verifier does not match the code_challenge of the authorization request (RFC 7636 §4.6)",
      prepare: async () => {
        const { code } = await issueAuthorizationCode("public");
        return authorizationCodeRequest("public", code, pkcePair().codeVerifier);
      },
    },
    "client-unknown": {
      client: "confidentialPost",
      expected: { ...invalidClient, detail: "client not found" },
      finding: "oauth.invalid-client",
      cause: "the client_id is not registered at this provider (a typo, or another environment's client)",
      prepare: async () =>
        buildTokenRequest(tokenEndpoint, { method: "client_secret_post", clientId: OIDC_UNKNOWN_CLIENT_ID, secret: OIDC_CLIENT_SECRET }, {
          grant_type: "client_credentials",
        }),
    },
    "client-secret-wrong": {
      client: "confidential",
      expected: { ...invalidClient, detail: "invalid secret provided" },
      finding: "oauth.invalid-client",
      cause: "the client secret is wrong (rotated, or another environment's)",
      prepare: async () => buildTokenRequest(tokenEndpoint, authOf("confidential", `${OIDC_CLIENT_SECRET}-wrong`), { grant_type: "client_credentials" }),
    },
    "grant-type-unsupported": {
      client: "public",
      expected: { status: 400, error: "unsupported_grant_type" },
      finding: "oauth.token-error",
      cause: "the provider does not support the grant type (here the resource owner password grant, which OAuth 2.1 drops)",
      prepare: async () => buildTokenRequest(tokenEndpoint, authOf("public"), { grant_type: "password", username: OIDC_ACCOUNT_ID, password: "x" }),
    },
  };

  return {
    issuer,
    tokenEndpoint,
    revocationEndpoint,
    version: oidcProviderVersion(),
    clients,
    issueRefreshToken,
    issueAuthorizationCode,
    refreshTokenRequest,
    authorizationCodeRequest,
    clientCredentialsRequest,
    serverErrors: () => [...serverErrors],
    tokenErrorCase: async (kind) => {
      const c = CASES[kind];
      return { kind, client: c.client, request: await c.prepare(), expected: c.expected, cause: c.cause, finding: c.finding };
    },
    stop: () =>
      new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        // Keep-alive sockets (Node's fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

