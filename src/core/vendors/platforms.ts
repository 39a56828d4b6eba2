/**
 * Platform APIs a page calls directly: Google APIs (their error model's messages and reasons),
 * Firebase (the Admin SDK's ID token checks as backends return them, Firestore's security rules,
 * the Auth REST API), Supabase (its API gateway and PostgREST) and GitHub's REST API.
 */
import { family, type VendorEntry } from "./types.ts";

const GOOGLE_ERRORS = "https://cloud.google.com/apis/design/errors";
const API_KEYS = "https://cloud.google.com/docs/authentication/api-keys";
const FIREBASE_VERIFY = "https://firebase.google.com/docs/auth/admin/verify-id-tokens";

export const GOOGLE: readonly VendorEntry[] = family("Google APIs", GOOGLE_ERRORS, [
  {
    code: "auth.vendor-reason",
    pattern: /API key not valid\. Please pass a valid API key\./,
    source: "Google APIs (API_KEY_INVALID)",
    meaning: "the API key is not a valid key of any project (a typo, a deleted key, or a key of another product such as a Maps key pasted elsewhere)",
    fix: "Copy the key again from the Google Cloud console (APIs & Services → Credentials) of the project that has this API enabled.",
    docs: API_KEYS,
  },
  {
    code: "auth.vendor-reason",
    pattern: /Requests from referer [^\s"\\]* are blocked\.?/,
    source: "Google APIs (API_KEY_HTTP_REFERRER_BLOCKED)",
    meaning: "the API key is restricted to other websites: this page's Referer is not among its HTTP referrer restrictions",
    fix: "Add this site (for example https://app.example.com/*) to the key's website restrictions, or use the key meant for this site; a Referrer-Policy of no-referrer also blocks it.",
    docs: API_KEYS,
  },
  {
    code: "auth.vendor-reason",
    pattern: /Requests to this API [^\s"\\]+ method [^\s"\\]+ are blocked\.?/,
    source: "Google APIs (API_KEY_SERVICE_BLOCKED)",
    meaning: "the API key's API restrictions do not include this API",
    fix: "Add the API to the key's API restrictions, or use a key that allows it.",
    docs: API_KEYS,
  },
  {
    code: "auth.vendor-reason",
    pattern: /Request had invalid authentication credentials\.(?: Expected OAuth 2 access token, login cookie or other valid authentication credential\.)?/,
    source: "Google APIs (UNAUTHENTICATED: ACCESS_TOKEN_TYPE_UNSUPPORTED / ACCESS_TOKEN_EXPIRED)",
    meaning: "Google did not accept the Bearer credential: an expired access token, an ID token sent where an OAuth access token is needed, or a token of another kind",
    fix: "Send a current OAuth 2.0 access token (from the token response or the Google Identity Services token client) with the scopes of this API; refresh it when it expires (after about an hour).",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Request is missing required authentication credential\.?/,
    source: "Google APIs (UNAUTHENTICATED: CREDENTIALS_MISSING)",
    meaning: "the request reached Google with no credential it reads: no Authorization header and no key=",
    fix: "Send `Authorization: Bearer <access token>` (or an API key where the API accepts one).",
  },
  {
    code: "auth.bearer-insufficient-scope",
    pattern: /Request had insufficient authentication scopes\.?/,
    source: "Google APIs (PERMISSION_DENIED: ACCESS_TOKEN_SCOPE_INSUFFICIENT)",
    meaning: "the access token is valid but was not granted a scope this method needs",
    fix: "Request the method's scope when getting the token (and let the user consent again).",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Method doesn't allow unregistered callers \(callers without established identity\)[^"\\]*/,
    source: "Google APIs (PERMISSION_DENIED: unregistered caller)",
    meaning: "the request carried neither an API key nor an OAuth token, so Google cannot tell which project calls",
    fix: "Send an API key (key= or x-goog-api-key) or an OAuth access token.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /The caller does not have permission/,
    status: [403],
    source: "Google APIs (PERMISSION_DENIED)",
    meaning: "the caller is authenticated but its principal has no IAM role that allows this method on this resource",
    fix: "Grant the user or service account a role with the permission this method needs on the resource (or its project).",
  },
]);

export const FIREBASE: readonly VendorEntry[] = family("Firebase", FIREBASE_VERIFY, [
  {
    code: "auth.token-audience-mismatch",
    pattern: /Firebase ID token has incorrect \\?"aud\\?" \(audience\) claim\. Expected \\?"(?<expected>[^"\\]+)\\?" but got \\?"(?<seen>[^"\\]+)\\?"/,
    source: "Firebase Admin SDK (verifyIdToken)",
    meaning: "the ID token is from another Firebase project than the one the backend's Admin SDK is set up for",
    fix: "Initialise the Admin SDK with the same project as the web app's Firebase config (projectId), or sign in with that project's config.",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /Firebase ID token has incorrect \\?"iss\\?" \(issuer\) claim\.(?: Expected \\?"(?<expected>[^"\\]+)\\?" but got \\?"(?<seen>[^"\\]+)\\?")?/,
    source: "Firebase Admin SDK (verifyIdToken)",
    meaning: "the token was not issued by this project's Firebase Auth (securetoken.google.com/<project>): another project's token, or a Google OAuth token sent instead of the Firebase ID token",
    fix: "Send the Firebase ID token (user.getIdToken()), from the same project the backend verifies against.",
  },
  {
    code: "auth.token-expired",
    pattern: /Firebase ID token has expired\.?/,
    source: "Firebase Admin SDK (auth/id-token-expired)",
    meaning: "the ID token's exp lies in the past (Firebase ID tokens live one hour)",
    fix: "Call user.getIdToken() before each request (it refreshes when needed) instead of storing the token.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Missing or insufficient permissions\.?/,
    source: "Cloud Firestore (PERMISSION_DENIED: security rules)",
    meaning: "the database's security rules refused this read or write; with no signed-in user, request.auth is null in the rules",
    fix: "Check the rule that covers this path in the Rules playground; make sure the request carries the signed-in user's ID token (the SDK does once sign-in completed).",
    docs: "https://firebase.google.com/docs/firestore/security/get-started",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\\?"message\\?"\s*:\s*\\?"(?:INVALID_ID_TOKEN|TOKEN_EXPIRED|USER_DISABLED|INVALID_REFRESH_TOKEN)\b/,
    source: "Firebase Auth REST API",
    meaning: "Firebase Auth refused the user's credential: the user's ID or refresh token is no longer valid (signed out, password changed, account disabled or deleted)",
    fix: "Sign the user in again.",
    docs: "https://firebase.google.com/docs/reference/rest/auth",
  },
]);

export const SUPABASE: readonly VendorEntry[] = family("Supabase", "https://supabase.com/docs/guides/api/api-keys", [
  {
    code: "auth.vendor-reason",
    pattern: /No `apikey` request header or url param was found\.?/,
    source: "Supabase API gateway",
    meaning: "Supabase's gateway wants the project's API key in an `apikey` header (or query parameter) on every request, in addition to any user token",
    fix: "Send `apikey: <anon or publishable key>` (supabase-js does when created with the key), and allow the header in any proxy in between.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Double check your Supabase `anon` or `service_role` API key\.?/,
    source: "Supabase API gateway (Invalid API key)",
    meaning: "the apikey is not a key of this project (another project, a rotated key, or a value cut when copied)",
    fix: "Copy the project's current anon / publishable key from the project's API settings.",
  },
  {
    code: "auth.token-signature-invalid",
    pattern: /JWSError JWSInvalidSignature/,
    source: "PostgREST (PGRST301)",
    meaning: "the JWT's signature does not verify with the project's JWT secret or keys: a token of another project, or signed with an old secret",
    fix: "Send a token the project's Auth issued (supabase.auth.getSession()), not one from another project or a rotated secret.",
    docs: "https://docs.postgrest.org/en/stable/references/errors.html",
  },
  { code: "auth.token-expired", pattern: /\bJWT expired\b/, source: "PostgREST (PGRST303)", meaning: "the user's access token expired", fix: "Let supabase-js refresh the session (autoRefreshToken) and send the new access token.", docs: "https://docs.postgrest.org/en/stable/references/errors.html" },
  {
    code: "auth.vendor-reason",
    pattern: /permission denied for (?:table|view|function|schema|sequence) [\w.]+/,
    status: [401, 403],
    source: "PostgREST (42501: insufficient privilege)",
    meaning: "the database role the request runs as (anon without a user token, authenticated with one) has no grant on this object, or row-level security hides it",
    fix: "Send the signed-in user's access token so the request runs as authenticated, and grant that role access (GRANT … TO authenticated) with RLS policies for it.",
    docs: "https://supabase.com/docs/guides/database/postgres/row-level-security",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\\?"error_code\\?"\s*:\s*\\?"bad_jwt\\?"/,
    source: "Supabase Auth (bad_jwt)",
    meaning: "Supabase Auth could not accept the JWT sent: expired, of another project, or not a user access token (the anon key is not a user token)",
    fix: "Send the user's current access token from the session.",
    docs: "https://supabase.com/docs/guides/auth/debugging/error-codes",
  },
]);

export const GITHUB: readonly VendorEntry[] = family("GitHub REST API", "https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api", [
  {
    code: "auth.vendor-reason",
    pattern: /\\?"message\\?"\s*:\s*\\?"Bad credentials\\?"/,
    status: [401],
    source: "GitHub REST API",
    meaning: "GitHub does not accept the token: expired, revoked (tokens found in public code are revoked), mistyped, or of another GitHub host",
    fix: "Create or refresh the token and send it as `Authorization: Bearer <token>`.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\\?"message\\?"\s*:\s*\\?"Requires authentication\\?"/,
    status: [401, 403],
    source: "GitHub REST API",
    meaning: "this endpoint needs an authenticated request and GitHub saw none",
    fix: "Send `Authorization: Bearer <token>` with a token that has access to the resource.",
    docs: "https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Resource not accessible by (?:integration|personal access token)/,
    status: [403],
    source: "GitHub REST API",
    meaning: "the token is valid but lacks the permission this endpoint needs (a GitHub App or fine-grained token without it, or a workflow GITHUB_TOKEN with read-only permissions)",
    fix: "Grant the permission to the app or fine-grained token (or the workflow's permissions: block) and use a new token.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /API rate limit exceeded for [^\s"\\]+/,
    status: [403, 429],
    source: "GitHub REST API (primary rate limit)",
    meaning: "the rate limit for this IP or token is used up; unauthenticated requests get 60 an hour",
    fix: "Authenticate the requests (5,000 an hour for a user token) and wait until x-ratelimit-reset.",
    docs: "https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api",
  },
]);
