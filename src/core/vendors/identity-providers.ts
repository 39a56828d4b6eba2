/**
 * Identity providers' own refusals: Okta's `E0000…` error codes, Auth0's authorization and token
 * errors, and Keycloak's (its token verifier's words as its adapters and its own endpoints answer
 * them, and its error pages).
 */
import { VALUE } from "./node-jwt.ts";
import { family, type VendorEntry } from "./types.ts";

const OKTA_CODES = "https://developer.okta.com/docs/reference/error-codes/";

/** An Okta error body's code, with its errorSummary when it follows. */
function oktaCode(code: string): RegExp {
  return new RegExp(String.raw`\\?"errorCode\\?"\s*:\s*\\?"${code}\\?"(?:[^}]{0,300}?\\?"errorSummary\\?"\s*:\s*\\?"[^"\\]*)?`);
}

export const OKTA: readonly VendorEntry[] = family("Okta", OKTA_CODES, [
  {
    code: "auth.vendor-reason",
    pattern: oktaCode("E0000011"),
    source: "Okta (E0000011: Invalid token provided)",
    meaning: "Okta does not accept the token sent to its API: an expired, revoked or mistyped API token (SSWS) or access token, or a token of another Okta org",
    fix: "Send a current token of this org: an access token from this org's authorization server with the okta.* scopes the endpoint needs, or a valid API token as `Authorization: SSWS …`.",
  },
  {
    code: "auth.vendor-reason",
    pattern: oktaCode("E0000015"),
    source: "Okta (E0000015: You do not have permission to access the feature you are requesting)",
    meaning: "the feature behind this endpoint is not enabled for the org (or the plan)",
    fix: "Have an Okta administrator enable the feature, or use an endpoint the org has.",
  },
  {
    code: "auth.vendor-reason",
    pattern: oktaCode("E0000004"),
    source: "Okta (E0000004: Authentication failed)",
    meaning: "the user's sign-in was refused: a wrong user name or password, a locked account, or a sign-on policy that denies it",
    fix: "Check the credentials and the user's status; an administrator can see the reason in the System Log.",
  },
  {
    code: "auth.vendor-reason",
    pattern: oktaCode("E0000005"),
    source: "Okta (E0000005: Invalid session)",
    meaning: "the Okta session the request relied on is not valid (expired, or the session cookie was not sent)",
    fix: "Sign in again; cross-origin calls that rely on the Okta session cookie need `credentials: 'include'` and the origin listed as a Trusted Origin with CORS.",
  },
  {
    code: "auth.vendor-reason",
    pattern: oktaCode("E0000006"),
    source: "Okta (E0000006: You do not have permission to perform the requested action)",
    meaning: "the caller is authenticated but not allowed this action: the token lacks the okta.* scope, or the user or app lacks the administrator role it needs",
    fix: "Grant the app the okta.* scope (Okta API Scopes tab) and request it, or give the principal the administrator role the endpoint needs.",
  },
  {
    code: "auth.vendor-reason",
    pattern: oktaCode("E0000047"),
    source: "Okta (E0000047: API call exceeded rate limit due to too many requests)",
    meaning: "the org's rate limit for this endpoint is used up",
    fix: "Wait until the time in X-Rate-Limit-Reset and back off; cache tokens and user data instead of asking again.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /The 'redirect_uri' parameter must be a Login redirect URI in the client app settings[^"\r\n<]*/,
    source: "Okta authorization server (invalid redirect_uri)",
    meaning: "the redirect_uri of the authorization request is not one of the app's Sign-in redirect URIs",
    fix: "Add the exact URI (scheme, host, port, path) to the app's Sign-in redirect URIs, or send the registered one.",
    docs: "https://developer.okta.com/docs/guides/sign-into-spa-redirect/main/",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Policy evaluation failed for this request, please check the policy configurations\.?/,
    places: ["error_description", "response body", "redirect query"],
    source: "Okta authorization server (access_denied: no access policy rule)",
    meaning: "no access policy rule of the authorization server allows this client, grant type, user or scope",
    fix: "Add the client to an access policy of the authorization server with a rule that allows this grant type, the user's group and the scopes requested.",
    docs: "https://developer.okta.com/docs/guides/configure-access-policy/main/",
  },
]);

export const AUTH0: readonly VendorEntry[] = family("Auth0", "https://auth0.com/docs/troubleshoot/authentication-issues", [
  {
    code: "auth.vendor-reason",
    pattern: /Service not enabled within domain(?:: [^"&\s\\]+)?/,
    places: ["error_description", "response body", "redirect query"],
    source: "Auth0 (access_denied: unknown audience)",
    meaning: "the audience parameter names an API that is not defined in this Auth0 tenant",
    fix: "Use the Identifier of an API defined under Applications → APIs in this tenant, character for character (trailing slash included).",
    docs: "https://auth0.com/docs/get-started/apis",
  },
  {
    code: "auth.vendor-reason",
    pattern: /^(?:login_required|consent_required|interaction_required)\b[^\r\n]*/,
    places: ["redirect query"],
    source: "Auth0 / OpenID Connect silent authentication (prompt=none)",
    meaning: "a silent sign-in (prompt=none, for example getTokenSilently) could not complete without the user: no provider session is visible (signed out, or third-party cookies blocked for the provider's domain), or consent or another step is needed",
    fix: "Fall back to an interactive sign-in on this error; use refresh token rotation (useRefreshTokens) or a custom domain on the same site as the app so silent renewal does not depend on third-party cookies.",
    docs: "https://auth0.com/docs/authenticate/login/configure-silent-authentication",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Callback URL mismatch\.?[^"<\r\n]*/,
    source: "Auth0 (callback URL mismatch)",
    meaning: "the redirect_uri of the sign-in request is not one of the application's Allowed Callback URLs",
    fix: "Add the exact URL to the application's Allowed Callback URLs, or send the registered one.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Grant type '[^'\\]+' not allowed for the client\.?/,
    source: "Auth0 (unauthorized_client)",
    meaning: "the application is not allowed the grant type it used (for example refresh_token or client_credentials is off in its grant types)",
    fix: "Turn on the grant type under the application's Advanced Settings → Grant Types, or use a flow it allows.",
    docs: "https://auth0.com/docs/get-started/applications/update-grant-types",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Unknown or invalid refresh token\.?/,
    source: "Auth0 (invalid_grant: refresh token)",
    meaning: "the refresh token is not valid: revoked, expired, or already used once with rotation on (a second use of a rotated token also revokes its family)",
    fix: "Store the newest refresh token after every refresh and never use one twice (two tabs refreshing at once do); sign in again after this error.",
    docs: "https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation",
  },
]);

const KEYCLOAK_VERIFIER = "https://github.com/keycloak/keycloak/blob/main/core/src/main/java/org/keycloak/TokenVerifier.java";

export const KEYCLOAK: readonly VendorEntry[] = family("Keycloak", KEYCLOAK_VERIFIER, [
  { code: "auth.token-signature-invalid", pattern: /Invalid token signature/i, source: "Keycloak (TokenVerifier)", meaning: "the signature does not verify with the realm's key", fix: "Check the token comes from this realm and reaches the server unchanged." },
  {
    code: "auth.token-audience-mismatch",
    pattern: /Expected audience not available in the token/i,
    source: "Keycloak (TokenVerifier)",
    meaning: "the token's aud does not contain the client the verifier expects (Keycloak puts a client in aud only through an audience mapper or a client scope)",
    fix: "Add an Audience mapper (or a client scope that adds the API's client to aud) to the client that requests the token.",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: new RegExp(`Invalid token issuer\\. Expected '(?<expected>${VALUE})'`, "i"),
    source: "Keycloak (TokenVerifier)",
    meaning: "the token's iss is not the realm URL the verifier expects (another realm, or another host name or frontend URL for the same realm)",
    fix: "Use a token of the expected realm, and make Keycloak's hostname (KC_HOSTNAME) the same for the browser and the API so iss matches.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bToken is not active\b|\bSession not active\b/,
    source: "Keycloak (invalid_grant)",
    meaning: "the refresh token or its session is no longer active: expired (SSO Session Idle / Max), signed out, or the server restarted without persistent sessions",
    fix: "Sign in again; lengthen the realm's SSO session idle / max times if sessions end too early.",
    docs: "https://www.keycloak.org/docs/latest/server_admin/#_timeouts",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bCode not valid\b/,
    source: "Keycloak (invalid_grant: authorization code)",
    meaning: "the authorization code is not valid: already used (a second exchange, often from a double render), expired, or from another client",
    fix: "Exchange each code once, right after the redirect.",
    docs: "https://www.keycloak.org/docs/latest/server_admin/",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Invalid client or Invalid client credentials|\bInvalid client credentials\b/,
    source: "Keycloak (unauthorized_client / invalid_client)",
    meaning: "the client's secret is wrong, or a browser app is configured as a confidential client (Client authentication on) and sends no secret",
    fix: "For a browser app, turn Client authentication off (public client with PKCE); for a server app, send the current secret.",
    docs: "https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Invalid parameter: redirect_uri/,
    source: "Keycloak (login page: invalid redirect_uri)",
    meaning: "the redirect_uri of the sign-in request is not among the client's Valid redirect URIs",
    fix: "Add the exact URI (or a pattern ending in *) to the client's Valid redirect URIs, and the page's origin to Web origins for CORS.",
    docs: "https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bClient not found\.?/,
    status: [400, 401, 404],
    source: "Keycloak (login page: unknown client_id)",
    meaning: "the client_id of the request is not a client of this realm (a typo, or the wrong realm in the URL)",
    fix: "Check the client id and the realm in the authorization URL.",
    docs: "https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients",
  },
]);
