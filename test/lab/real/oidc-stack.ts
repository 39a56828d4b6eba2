/**
 * oidc-provider (oidc.ts) as a lab stack: a real OpenID Provider whose token endpoint the lab
 * page calls cross-origin, as a browser SPA does (fetch POST with a form body). Each scenario's
 * path `/api/<name>` reaches the token endpoint. Its request (a refresh token stored in the
 * provider, a grant already rotated) is prepared per page load by `prepare`, so every run of
 * the page meets the same server state.
 */
import type { Server } from "node:http";
import { startOidcProvider, type TokenErrorKind } from "./oidc.ts";
import { watchRequests } from "./listen.ts";
import type { PreparedRequest, RealStack } from "./types.ts";

/**
 * Each oidc scenario and what the provider prepares for it: a tokenErrorCase kind, or a working
 * refresh. Every name holds "token", as token endpoint URLs do (`/token`, `/oauth2/token`): the
 * DevTools panel reads the JSON body of token-like URLs only (src/capture/devtools-network.ts).
 */
export const OIDC_SCENARIO_CASES: Readonly<Record<string, TokenErrorKind | "refresh-ok">> = {
  "oidc-refresh-token-reused": "refresh-token-reused",
  "oidc-token-client-unknown": "client-unknown",
  "oidc-token-client-secret-wrong": "client-secret-wrong",
  "oidc-token-grant-type-unsupported": "grant-type-unsupported",
  "oidc-token-refresh-ok": "refresh-ok",
  // A fresh refresh token the page itself sends twice (the scenario's `repeat`): the first
  // refresh rotates it, the second meets the rotation.
  "oidc-refresh-token-sent-twice": "refresh-ok",
};

/**
 * The sign-in scenarios: the page signs in first (an authorization request in a hidden iframe,
 * which the provider answers with a redirect to the page's callback) and then sends the code
 * exchange to the scenario's path, which reaches the token endpoint. Nothing is prepared.
 */
export const OIDC_SIGN_IN_SCENARIOS: readonly string[] = ["oidc-token-pkce-mismatch"];

/**
 * Sign-in scenarios whose own request is the authorization request: the scenario's path reaches
 * the authorization endpoint, and the provider's answer is the redirect back to the page.
 */
export const OIDC_AUTHORIZE_SCENARIOS: readonly string[] = ["oidc-authorize-without-pkce"];

export const oidcStack: RealStack = {
  name: "oidc-provider",
  packages: ["oidc-provider"],
  async start(ctx) {
    const { port, pageOrigin } = ctx;
    const op = await startOidcProvider({
      pageOrigin,
      port,
      tokenPaths: [...Object.keys(OIDC_SCENARIO_CASES), ...OIDC_SIGN_IN_SCENARIOS].map((name) => `/api/${name}`),
      authorizePaths: OIDC_AUTHORIZE_SCENARIOS.map((name) => `/api/${name}`),
      watch: (server: Server) => watchRequests(server, "oidc-provider", ctx),
    });
    const prepare = async (scenario: string): Promise<PreparedRequest> => {
      const kind = OIDC_SCENARIO_CASES[scenario];
      if (kind === undefined) throw new Error(`oidc-provider has no scenario ${scenario}`);
      // The page sends the request to the scenario's own path; only headers and body are kept.
      const request =
        kind === "refresh-ok"
          ? op.refreshTokenRequest("public", await op.issueRefreshToken("public"))
          : (await op.tokenErrorCase(kind)).request;
      return { headers: request.headers, body: request.body };
    };
    return { origin: op.issuer, tokens: {}, prepare, close: () => op.stop() };
  },
};
