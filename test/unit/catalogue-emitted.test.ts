/**
 * Every code in the catalogue is emitted by something (FINDINGS.md v2: codes are a public
 * contract; never rename or reuse one). A code that no rule emits is a promise the panel, the CLI
 * and exported reports never keep, and one a rule stopped emitting is a silent regression: this
 * table holds, for each code of CATALOGUE, one small real-world capture that the full `diagnose`
 * (the default RULES, as the panel and the CLI run them) answers with that code on the intended
 * exchange. A code added to the catalogue without its case here fails, and so does a case for a
 * code the catalogue does not hold.
 *
 * Adding a code: one entry in CASES, named for the situation a person would recognise, built
 * from the helpers below (a fetch as Chromium records it, a CORS case in Chromium's shape, a
 * token request) or from test/unit/helpers.ts.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.ts";
import type { BrowserVerdict, Exchange } from "../../src/core/exchange.ts";
import { CATALOGUE, type FindingCode } from "../../src/core/findings.ts";
import type { CaptureFacts } from "../../src/core/rule.ts";
import { type CorsCase, build } from "./cors/captures.ts";
import { API_ORIGIN, type EntrySpec, OPAQUE_TOKEN, PAGE_ORIGIN, REAL_JWT, T0, chromeEntry, codes, exchangeOf, importEntries } from "./helpers.ts";
import { T0_SECONDS, b64url, jws, validClaims } from "./tokens/make.ts";
import { signInEntries } from "./oauth/sign-in-captures.ts";

/** What `diagnose` is given, and the exchange the code must be listed on. */
interface Capture {
  readonly exchanges: readonly Exchange[];
  readonly facts?: CaptureFacts;
  /** The exchange the finding belongs on; the capture's last exchange when absent. */
  readonly on?: string;
}

interface Case {
  /** The real situation, in the words a person would search for. */
  readonly situation: string;
  readonly capture: () => Capture;
}

const ORDERS = `${API_ORIGIN}/v1/orders`;
/** The API's CORS answer to the page: its origin echoed, and cached per origin. */
const CORS_OK = { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin" } as const;
const BEARER = `Bearer ${REAL_JWT}`;
const BASIC = "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="; // RFC 7617 §2: Aladdin / open sesame
/** RFC 7519 Appendix A.1: a JWE (RSA1_5, A128CBC-HS256). */
const JWE =
  "eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.QR1Owv2ug2WyPBnbQrRARTeEk9kDO2w8qDcjiHnSJflSdv1iNqhWXaKH4MqAkQtMoNfABIPJaZm0HaA415sv3aeuBWnD8J-Ui7Ah6cWafs3ZwwFKDFUUsWHSK-IPKxLGTkND09XyjORj_CHAgOPJ-Sd8ONQRnJvWn_hXV1BNMHzUjPyYwEsRhDhzjAD26imasOTsgruobpYGoQcXUwFDn7moXPRfDE8-NoQX7N7ZYMmpUDkR-Cx9obNGwJQ3nM52YCitxoQVPzjbl7WBuB7AohdBoZOdZ24WlN1lVIeh8v1K4krB8xgKvRU8kgFrEn_a1rZgN5TiysnmzTROF869lQ.AxY8DCtDaGlsbGljb3RoZQ.MKOle7UQrG6nSxTLX6Mqwt0orbHvAKeWnDYvpIAeZ72deHxz3roJDXQyhxx0wKaMHDjUEOKIwrtkHthpqEanSBNYHZgmNOV7sln1Eu9g3J8.fiK51VwhsxJ-siBMR-YFiA";

/** Chromium HAR entries imported with the real importer (ids e1, e2, … in capture order). */
function har(...entries: readonly Record<string, unknown>[]): Capture {
  return { exchanges: importEntries(entries) };
}

/** One fetch() from the page to the API, as Chromium's DevTools records it. */
function fetchTo(spec: EntrySpec): Capture {
  return har(chromeEntry({ url: ORDERS, ...spec, requestHeaders: { Origin: PAGE_ORIGIN, ...asRecord(spec.requestHeaders) } }));
}

function asRecord(spec: EntrySpec["requestHeaders"]): Record<string, string> {
  return spec === undefined ? {} : Array.isArray(spec) ? Object.fromEntries(spec) : (spec as Record<string, string>);
}

/** A 401 from the API to this Authorization (the page is cross-origin and CORS lets the answer through). */
function unauthorized(authorization: string | undefined, responseHeaders: Record<string, string>, status = 401): Capture {
  return fetchTo({
    status,
    requestHeaders: authorization !== undefined ? { Authorization: authorization } : {},
    responseHeaders: { ...CORS_OK, "Access-Control-Expose-Headers": "WWW-Authenticate", ...responseHeaders },
  });
}

/** A request carrying this Authorization that the API answered 200. */
function accepted(authorization: string): Capture {
  return fetchTo({ requestHeaders: { Authorization: authorization }, responseHeaders: CORS_OK });
}

/** A CORS case (test/fixtures/cors/cases.json's shape) as Chromium captures it; the finding belongs on the page's request. */
function corsCase(c: Pick<CorsCase, "request" | "preflight" | "response"> & Partial<Pick<CorsCase, "blocked">>): Capture {
  const built = build({ blocked: true, ...c }, "chromium");
  return { exchanges: built.exchanges, on: built.subjectId };
}

/** Chromium's precise capture: the same request with the browser's own verdict attached (CDP). */
function withVerdict(status: number, verdict: BrowserVerdict): Capture {
  const x = exchangeOf("e1", chromeEntry({ url: ORDERS, status, requestHeaders: { Origin: PAGE_ORIGIN } }), "devtools-network", `${PAGE_ORIGIN}/orders`);
  return { exchanges: [{ ...x, browserVerdict: verdict, sources: [...x.sources, "debugger"] }] };
}

/** A token request (RFC 6749 §4.1.3, §6) refused with an RFC 6749 §5.2 error body. */
function tokenEndpoint(form: Record<string, string>, answer: Record<string, string>, status = 400): Capture {
  const e = chromeEntry({ method: "POST", url: "https://id.example.com/oauth2/token", status, requestHeaders: { Origin: PAGE_ORIGIN } }) as {
    request: Record<string, unknown>;
    response: Record<string, unknown>;
  };
  e.request.postData = { mimeType: "application/x-www-form-urlencoded", text: new URLSearchParams(form).toString() };
  const text = JSON.stringify(answer);
  e.response.content = { size: text.length, mimeType: "application/json", text };
  return har(e);
}

/** One hop of a redirect chain as Chromium's DevTools records it: a 3xx carries `redirectURL`. */
function hop(id: string, spec: EntrySpec & { readonly location?: string }): Exchange {
  const e = chromeEntry(spec);
  if (spec.location !== undefined) (e.response as Record<string, unknown>).redirectURL = spec.location;
  return exchangeOf(id, e, "devtools-network", `${PAGE_ORIGIN}/orders`);
}

/** An HTTP Date header value (RFC 9110 §5.6.7). */
const httpDate = (ms: number) => new Date(ms).toUTCString();

const CASES = {
  // Authentication (401 / 403 / 407)
  "auth.challenge-missing": {
    situation: "401 to a Bearer token without any WWW-Authenticate",
    capture: () => fetchTo({ status: 401, requestHeaders: { Authorization: BEARER }, responseHeaders: CORS_OK }),
  },
  "auth.challenge-malformed": {
    situation: "401 whose WWW-Authenticate runs two challenges together without a comma",
    capture: () => unauthorized(undefined, { "WWW-Authenticate": "Basic realm=foo Digest realm=bar" }),
  },
  "auth.no-credentials-sent": {
    situation: "401 to a fetch that carried neither Authorization nor a cookie",
    capture: () => unauthorized(undefined, { "WWW-Authenticate": 'Bearer realm="api"' }),
  },
  "auth.credentials-rejected": {
    situation: "401 to Basic credentials the server challenges with Basic again (wrong password)",
    capture: () => unauthorized(BASIC, { "WWW-Authenticate": 'Basic realm="Restricted"' }),
  },
  "auth.scheme-mismatch": {
    situation: "401 to a Bearer token from a server that only accepts Basic",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": 'Basic realm="Restricted"' }),
  },
  "auth.token-placeholder": {
    situation: "401 to `Authorization: Bearer undefined`",
    capture: () => unauthorized("Bearer undefined", { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' }),
  },
  "auth.token-audience-mismatch": {
    situation: "401 whose Bearer challenge says error_description=\"Unexpected 'aud' value\" (express-oauth2-jwt-bearer)",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": `Bearer realm="api", error="invalid_token", error_description="Unexpected 'aud' value"` }),
  },
  "auth.token-issuer-mismatch": {
    situation: "401 whose Bearer challenge says error_description=\"Unexpected 'iss' value\" (express-oauth2-jwt-bearer)",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": `Bearer realm="api", error="invalid_token", error_description="Unexpected 'iss' value"` }),
  },
  "auth.token-key-unknown": {
    situation: "401 whose Bearer challenge says error_description=\"no applicable key found in the JSON Web Key Set\" (express-oauth2-jwt-bearer)",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": `Bearer realm="api", error="invalid_token", error_description="no applicable key found in the JSON Web Key Set"` }),
  },
  "auth.token-signature-invalid": {
    situation: "401 whose Bearer challenge says error_description=\"signature verification failed\" (express-oauth2-jwt-bearer)",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": `Bearer realm="api", error="invalid_token", error_description="signature verification failed"` }),
  },
  // Issue 14: who the token is for, and the vendors' own reasons.
  "auth.id-token-as-access-token": {
    situation: "401 to the OpenID Connect ID token (nonce, at_hash, aud = the SPA's client id, no scope) sent as the Bearer access token",
    capture: () =>
      unauthorized(`Bearer ${jws(validClaims({ aud: "spa-client", azp: "spa-client", nonce: "n-0S6_WzA2Mj", at_hash: "77QmUPtjPfzWtF2AnpK9RQ", auth_time: T0_SECONDS - 120 }), { alg: "RS256", typ: "JWT", kid: "k1" })}`, {
        "WWW-Authenticate": `Bearer realm="api", error="invalid_token", error_description="Unexpected 'aud' value"`,
      }),
  },
  "auth.vendor-reason": {
    situation: "403 from AWS API Gateway: Missing Authentication Token (x-amzn-ErrorType MissingAuthenticationTokenException), the route does not exist",
    capture: () => {
      const e = chromeEntry({
        url: `${API_ORIGIN}/v1/order`,
        status: 403,
        requestHeaders: { Origin: PAGE_ORIGIN, Authorization: BEARER },
        responseHeaders: { ...CORS_OK, "x-amzn-ErrorType": "MissingAuthenticationTokenException", "x-amzn-RequestId": "c0ffee00-0000-4000-8000-000000000000" },
      }) as { response: Record<string, unknown> };
      const text = '{"message":"Missing Authentication Token"}';
      e.response.content = { size: text.length, mimeType: "application/json", text };
      return har(e);
    },
  },
  "auth.token-expired": {
    situation: "401 to a JWT that expired 12 minutes before the request",
    capture: () => unauthorized(`Bearer ${jws(validClaims({ exp: T0_SECONDS - 12 * 60 }))}`, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", error_description="jwt expired"' }),
  },
  "auth.token-not-yet-valid": {
    situation: "401 to a JWT whose nbf lies 10 minutes after the request",
    capture: () => unauthorized(`Bearer ${jws(validClaims({ nbf: T0_SECONDS + 10 * 60 }))}`, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' }),
  },
  "auth.clock-skew": {
    situation: "401 whose Date header is 5 minutes ahead of the browser's clock",
    capture: () =>
      fetchTo({
        status: 401,
        time: 0,
        requestHeaders: { Authorization: `Bearer ${jws(validClaims())}` },
        responseHeaders: { ...CORS_OK, "Access-Control-Expose-Headers": "WWW-Authenticate", "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"', Date: httpDate(T0 + 5 * 60_000) },
      }),
  },
  "auth.bearer-invalid-token": {
    situation: "401 whose Bearer challenge says error=invalid_token",
    capture: () => unauthorized(`Bearer ${OPAQUE_TOKEN}`, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", error_description="The access token is invalid"' }),
  },
  "auth.bearer-invalid-request": {
    situation: "401 whose Bearer challenge says error=invalid_request",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_request", error_description="Bearer token is malformed"' }),
  },
  "auth.bearer-insufficient-scope": {
    situation: "403 whose Bearer challenge says error=insufficient_scope, scope=orders:write",
    capture: () => unauthorized(`Bearer ${jws(validClaims({ scope: "orders:read" }))}`, { "WWW-Authenticate": 'Bearer realm="api", error="insufficient_scope", scope="orders:write"' }, 403),
  },
  "auth.step-up-required": {
    situation: "401 asking for a stronger sign-in (RFC 9470 insufficient_user_authentication, acr_values)",
    capture: () =>
      unauthorized(`Bearer ${jws(validClaims({ acr: "urn:mace:incommon:iap:silver" }))}`, {
        "WWW-Authenticate": 'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
      }),
  },
  "auth.dpop-nonce-required": {
    situation: "401 whose DPoP challenge says use_dpop_nonce, retried with the DPoP-Nonce and answered 200",
    capture: () => {
      const proof = (at: number, nonce?: string) => jws({ htm: "GET", htu: ORDERS, iat: T0_SECONDS + at / 1000, ...(nonce ? { nonce } : {}) }, { typ: "dpop+jwt", alg: "ES256" });
      const call = (at: number, nonce?: string) => ({ url: ORDERS, at, requestHeaders: { Origin: PAGE_ORIGIN, Authorization: `DPoP ${OPAQUE_TOKEN}`, DPoP: proof(at, nonce) } });
      const challenge = {
        ...CORS_OK,
        "Access-Control-Expose-Headers": "WWW-Authenticate, DPoP-Nonce",
        "WWW-Authenticate": 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
        "DPoP-Nonce": "eyJ7S_zG.eyJH0-Z.HX4w-7v",
      };
      return { ...har(chromeEntry({ ...call(0), status: 401, responseHeaders: challenge }), chromeEntry({ ...call(120, "eyJ7S_zG.eyJH0-Z.HX4w-7v"), responseHeaders: CORS_OK })), on: "e1" };
    },
  },
  "auth.dpop-proof-invalid": {
    situation: "401 whose DPoP challenge says invalid_dpop_proof",
    capture: () =>
      fetchTo({
        status: 401,
        requestHeaders: { Authorization: `DPoP ${OPAQUE_TOKEN}`, DPoP: jws({ htm: "POST", htu: ORDERS, iat: T0_SECONDS }, { typ: "dpop+jwt", alg: "ES256" }) },
        responseHeaders: {
          ...CORS_OK,
          "Access-Control-Expose-Headers": "WWW-Authenticate",
          "WWW-Authenticate": 'DPoP error="invalid_dpop_proof", error_description="htm does not match the request method"',
        },
      }),
  },
  "auth.resource-metadata": {
    situation: "401 whose Bearer challenge advertises resource_metadata (RFC 9728)",
    capture: () => unauthorized(undefined, { "WWW-Authenticate": 'Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource"' }),
  },
  "auth.proxy-auth-required": {
    situation: "407 from the corporate proxy with Proxy-Authenticate: Basic",
    capture: () => fetchTo({ status: 407, responseHeaders: { "Proxy-Authenticate": 'Basic realm="corp-proxy"' } }),
  },
  "auth.retry-loop": {
    situation: "the same GET answered 401 three times within 5 seconds (a refresh storm)",
    capture: () => {
      const attempt = (at: number) => chromeEntry({ url: ORDERS, at, status: 401, requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` } });
      return { ...har(attempt(0), attempt(1500), attempt(4200)), on: "e1" };
    },
  },
  "auth.forbidden-not-unauthenticated": {
    situation: "403 to a request whose token was accepted (a permission is missing)",
    capture: () => fetchTo({ status: 403, requestHeaders: { Authorization: BEARER }, responseHeaders: CORS_OK }),
  },
  "auth.challenge-hidden-from-script": {
    situation: "cross-origin 401 whose WWW-Authenticate is not in Access-Control-Expose-Headers",
    capture: () => fetchTo({ status: 401, requestHeaders: { Authorization: BEARER }, responseHeaders: { ...CORS_OK, "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' } }),
  },
  "auth.authorization-stripped-on-redirect": {
    situation: "302 to another origin, whose 401 arrives without the Authorization the page sent",
    capture: () => ({
      exchanges: [
        hop("e1", { url: ORDERS, status: 302, location: "https://api-eu.example.com/v1/orders", requestHeaders: { Origin: PAGE_ORIGIN, Authorization: BEARER } }),
        hop("e2", { url: "https://api-eu.example.com/v1/orders", at: 30, status: 401, requestHeaders: { Origin: "null" }, responseHeaders: { "WWW-Authenticate": 'Bearer realm="orders"' } }),
      ],
    }),
  },
  "auth.authorization-not-received": {
    situation: "401 whose Bearer challenge has no error although a Bearer token was sent (a proxy dropped it)",
    capture: () => unauthorized(BEARER, { "WWW-Authenticate": 'Bearer realm="api"' }),
  },
  "auth.basic-prompt-risk": {
    situation: "same-origin fetch answered 401 with a Basic challenge (the native login dialog)",
    capture: () => har(chromeEntry({ url: ORDERS, status: 401, requestHeaders: { Origin: API_ORIGIN }, responseHeaders: { "WWW-Authenticate": 'Basic realm="Restricted"' } })),
  },
  "auth.credentials-over-http": {
    situation: "a Bearer token sent over plain http by a page served over http",
    capture: () =>
      har(
        chromeEntry({
          url: "http://api.example.com/v1/me",
          requestHeaders: { Origin: "http://app.example.com", Authorization: `Bearer ${OPAQUE_TOKEN}` },
          responseHeaders: { "Access-Control-Allow-Origin": "http://app.example.com", Vary: "Origin" },
        }),
      ),
  },
  "auth.token-in-url": {
    situation: "an access_token in the query string",
    capture: () => fetchTo({ url: `${API_ORIGIN}/v1/me?access_token=${REAL_JWT}`, responseHeaders: CORS_OK }),
  },

  // CORS (Chromium's shape: the preflight its own entry, a blocked request status 0 with net::ERR_FAILED)
  "cors.preflight-failed-status": {
    situation: "preflight answered 404: no route for OPTIONS",
    capture: () => corsCase({ request: { method: "DELETE", url: ORDERS }, preflight: { status: 404, headers: [] }, response: null }),
  },
  "cors.preflight-redirect": {
    situation: "preflight redirected to the trailing-slash URL",
    capture: () =>
      corsCase({
        request: { method: "PUT", url: ORDERS, headers: [["Content-Type", "application/json"]] },
        preflight: { requestHeaders: "content-type", status: 301, headers: [["Location", `${ORDERS}/`]] },
        response: null,
      }),
  },
  "cors.missing-allow-origin": {
    situation: "simple GET answered 200 without Access-Control-Allow-Origin",
    capture: () => corsCase({ request: { method: "GET", url: ORDERS }, preflight: null, response: { status: 200, headers: [["Content-Type", "application/json"]] } }),
  },
  "cors.multiple-allow-origin": {
    situation: "Access-Control-Allow-Origin sent twice (by the app and by its proxy)",
    capture: () =>
      corsCase({
        request: { method: "GET", url: ORDERS },
        preflight: null,
        response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Vary", "Origin"]] },
      }),
  },
  "cors.invalid-allow-origin": {
    situation: "Access-Control-Allow-Origin without a scheme (app.example.com)",
    capture: () => corsCase({ request: { method: "GET", url: ORDERS }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", "app.example.com"]] } }),
  },
  "cors.allow-origin-mismatch": {
    situation: "Access-Control-Allow-Origin with a trailing slash",
    capture: () => corsCase({ request: { method: "GET", url: ORDERS }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", `${PAGE_ORIGIN}/`], ["Vary", "Origin"]] } }),
  },
  "cors.wildcard-origin-with-credentials": {
    situation: "Access-Control-Allow-Origin: * on a request with cookies",
    capture: () =>
      corsCase({
        request: { method: "GET", url: ORDERS, cookies: [["session", "abc123"]] },
        preflight: null,
        response: { status: 200, headers: [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Credentials", "true"]] },
      }),
  },
  "cors.allow-credentials-missing": {
    situation: "cookies sent, response without Access-Control-Allow-Credentials",
    capture: () =>
      corsCase({ request: { method: "GET", url: ORDERS, cookies: [["session", "abc123"]] }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Vary", "Origin"]] } }),
  },
  "cors.method-not-allowed": {
    situation: "PUT while the preflight allows only GET, POST",
    capture: () =>
      corsCase({ request: { method: "PUT", url: ORDERS }, preflight: { status: 204, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Methods", "GET, POST"]] }, response: null }),
  },
  "cors.header-not-allowed": {
    situation: "X-Client-Version requested, the preflight allows only Authorization",
    capture: () =>
      corsCase({
        request: { method: "GET", url: ORDERS, headers: [["Authorization", BEARER], ["X-Client-Version", "4.12.0"]] },
        preflight: { requestHeaders: "authorization,x-client-version", status: 204, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Headers", "Authorization"]] },
        response: null,
      }),
  },
  "cors.authorization-not-covered-by-wildcard": {
    situation: "Authorization let through only by Access-Control-Allow-Headers: * (works today, not by the Fetch standard)",
    capture: () =>
      corsCase({
        blocked: false,
        request: { method: "GET", url: ORDERS, headers: [["Authorization", BEARER]] },
        preflight: { requestHeaders: "authorization", status: 204, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Headers", "*"]] },
        response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Vary", "Origin"]] },
      }),
  },
  "cors.invalid-allow-methods": {
    situation: "Access-Control-Allow-Methods separated by semicolons",
    capture: () =>
      corsCase({ request: { method: "PUT", url: ORDERS }, preflight: { status: 204, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Methods", "GET;PUT"]] }, response: null }),
  },
  "cors.invalid-allow-headers": {
    situation: "Access-Control-Allow-Headers separated by semicolons",
    capture: () =>
      corsCase({
        request: { method: "GET", url: ORDERS, headers: [["Authorization", BEARER]] },
        preflight: { requestHeaders: "authorization", status: 204, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Headers", "Authorization; Content-Type"]] },
        response: null,
      }),
  },
  "cors.redirect-contains-credentials": {
    situation: "redirect to a URL with user and password (https://reports:s3cret@files…)",
    capture: () =>
      corsCase({
        request: { method: "GET", url: ORDERS },
        preflight: null,
        response: { status: 302, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Vary", "Origin"], ["Location", "https://reports:s3cret@files.example.com/orders.csv"]] },
      }),
  },
  "cors.scheme-not-supported": {
    situation: "fetch of an ftp: URL",
    capture: () => corsCase({ request: { method: "GET", url: "ftp://files.example.com/orders.csv" }, preflight: null, response: null }),
  },
  "cors.preflight-network-error": {
    situation: "preflight reset at the network level (net::ERR_CONNECTION_RESET)",
    capture: () =>
      corsCase({
        request: { method: "PUT", url: ORDERS, headers: [["Content-Type", "application/json"]] },
        preflight: { requestHeaders: "content-type", status: 0, headers: [], error: { chromium: "net::ERR_CONNECTION_RESET", firefox: "NS_ERROR_NET_RESET" } },
        response: null,
      }),
  },
  "cors.blocked": {
    situation: "cross-origin fetch failed with net::ERR_FAILED and nothing else captured",
    capture: () => fetchTo({ status: 0, error: "net::ERR_FAILED" }),
  },
  "cors.error-hidden-by-cors": {
    situation: "401 answered without CORS headers: the page sees a CORS error instead",
    capture: () =>
      corsCase({ request: { method: "GET", url: ORDERS }, preflight: null, response: { status: 401, headers: [["WWW-Authenticate", 'Bearer realm="api", error="invalid_token"']] } }),
  },
  "cors.preflight-trigger": {
    situation: "PUT with Content-Type: application/json needed a preflight (which passed)",
    capture: () =>
      corsCase({
        blocked: false,
        request: { method: "PUT", url: ORDERS, headers: [["Content-Type", "application/json"]] },
        preflight: { requestHeaders: "content-type", status: 204, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "Content-Type"], ["Vary", "Origin"]] },
        response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Vary", "Origin"]] },
      }),
  },
  "cors.vary-origin-missing": {
    situation: "200 that echoes the page's origin without Vary: Origin",
    capture: () => corsCase({ blocked: false, request: { method: "GET", url: ORDERS }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE_ORIGIN]] } }),
  },
  "cors.preflight-blocked-by-auth": {
    situation: "preflight answered 403 by auth middleware, without CORS headers",
    capture: () =>
      corsCase({
        request: { method: "GET", url: ORDERS, headers: [["Authorization", BEARER], ["X-Client-Version", "4.12.0"]] },
        preflight: { requestHeaders: "authorization,x-client-version", status: 403, headers: [["WWW-Authenticate", 'Bearer realm="api"'], ["Content-Type", "text/plain"]] },
        response: null,
      }),
  },
  "cors.local-network": {
    situation: "public page calling a device on the local network (192.168.1.20)",
    capture: () => corsCase({ request: { method: "GET", url: "http://192.168.1.20:8080/api/status", origin: "https://shop.example.com" }, preflight: null, response: null }),
  },

  // Cookies and credentials attached
  "cookie.not-sent": {
    situation: "401 without cookies after login set sid with Path=/auth",
    capture: () =>
      har(
        chromeEntry({ method: "POST", url: `${API_ORIGIN}/auth/login`, responseHeaders: [["Set-Cookie", "sid=1; Path=/auth; Secure"]] }),
        chromeEntry({ url: `${API_ORIGIN}/v1/me`, at: 60_000, status: 401, requestHeaders: { Accept: "application/json" } }),
      ),
  },
  "cookie.blocked": {
    situation: "401 where Chromium says it withheld cookie sid (NotOnPath)",
    capture: () => withVerdict(401, { blockedCookies: [{ name: "sid", reasons: ["NotOnPath"] }] }),
  },
  "cookie.samesite-none-without-secure": {
    situation: "login answers Set-Cookie: sid=…; SameSite=None without Secure",
    capture: () => har(chromeEntry({ method: "POST", url: `${API_ORIGIN}/auth/login`, responseHeaders: [["Set-Cookie", "sid=1; Path=/; SameSite=None"]] })),
  },
  "cookie.secure-over-http": {
    situation: "login over plain http answers Set-Cookie with Secure",
    capture: () => har(chromeEntry({ method: "POST", url: "http://api.example.com/auth/login", responseHeaders: [["Set-Cookie", "sid=1; Path=/; Secure"]] })),
  },
  "cookie.set-cookie-rejected": {
    situation: "200 whose Set-Cookie Chromium refused (SameSiteNoneInsecure)",
    capture: () => withVerdict(200, { rejectedSetCookies: [{ name: "sid", reasons: ["SameSiteNoneInsecure"] }] }),
  },

  // Tokens
  "token.jwt": { situation: "a signed JWT in the Authorization header", capture: () => accepted(`Bearer ${jws(validClaims())}`) },
  "token.jwe": { situation: "an encrypted JWT (JWE) in the Authorization header", capture: () => accepted(`Bearer ${JWE}`) },
  "token.alg-none": { situation: "an unsecured JWT (alg: none)", capture: () => accepted(`Bearer ${jws(validClaims(), { alg: "none", typ: "JWT" }, "")}`) },
  "token.malformed": { situation: "a JWT missing its signature part", capture: () => accepted(`Bearer ${b64url('{"alg":"HS256"}')}.${b64url("{}")}`) },
  "token.invalid": {
    situation: "a JWT whose aud is a number and whose ES256 signature is cut to 32 bytes",
    capture: () => accepted(`Bearer ${jws(validClaims({ aud: 42 }), { alg: "ES256", typ: "JWT" }, b64url(Buffer.alloc(32, 7)))}`),
  },
  "token.exp-in-milliseconds": {
    situation: "a JWT whose exp is in milliseconds",
    capture: () => accepted(`Bearer ${jws({ sub: "user-42", exp: T0 + 3_600_000 })}`),
  },
  "token.basic": { situation: "Basic credentials (Aladdin)", capture: () => accepted(BASIC) },
  "token.opaque": { situation: "an opaque GitHub token", capture: () => accepted(`Bearer ${OPAQUE_TOKEN}`) },

  // OAuth 2.0 token endpoint
  "oauth.invalid-grant": {
    situation: "refresh_token grant answered invalid_grant (Token is not active)",
    capture: () =>
      tokenEndpoint({ grant_type: "refresh_token", refresh_token: "rt-7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e", client_id: "spa-client" }, { error: "invalid_grant", error_description: "Token is not active" }),
  },
  "oauth.invalid-client": {
    situation: "authorization_code grant answered 401 invalid_client",
    capture: () =>
      tokenEndpoint(
        { grant_type: "authorization_code", code: "SplxlOBeZQQYbYS6WxSbIA-0123456789", client_id: "spa-client", redirect_uri: `${PAGE_ORIGIN}/callback` },
        { error: "invalid_client", error_description: "Client authentication failed" },
        401,
      ),
  },
  "oauth.token-error": {
    situation: "client_credentials grant answered unauthorized_client",
    capture: () => tokenEndpoint({ grant_type: "client_credentials", client_id: "spa-client" }, { error: "unauthorized_client", error_description: "client_credentials is not allowed for this client" }),
  },

  // OAuth 2.0 / OpenID Connect sign-in flow (a whole sign-in: test/unit/oauth/sign-in-captures.ts)
  "oauth.authorization-error": {
    situation: "the provider redirects back with error=invalid_request, AADSTS50011 (redirect URI not registered)",
    capture: () => ({
      ...har(...signInEntries({ error: { error: "invalid_request", description: "AADSTS50011: The redirect URI 'https://app.example.com/callback' specified in the request does not match the redirect URIs configured for the application." } })),
      on: "e2",
    }),
  },
  "oauth.pkce-mismatch": {
    situation: "code exchanged with the code_verifier of another attempt, answered invalid_grant",
    capture: () => ({ ...har(...signInEntries({ verifier: "c0de-verifier-of-another-tab-0123456789abcdefghijk", tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed" } } })), on: "e4" }),
  },
  "oauth.state-mismatch": {
    situation: "the provider redirects back with the state of another tab's sign-in",
    capture: () => ({ ...har(...signInEntries({ returnedState: "state-of-another-tab-91e2" })), on: "e2" }),
  },

  // Capture
  "har.sanitized": {
    situation: "401 in Chrome's default export, stripped of Authorization and Cookie",
    capture: () => ({ ...unauthorized(undefined, { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' }), facts: { credentialsStripped: "Chrome's default HAR export removes Authorization, Cookie and Set-Cookie" } }),
  },
  "capture.partial": {
    situation: "401 seen by webRequest only, whose request headers were not recorded",
    capture: () => ({
      exchanges: [exchangeOf("e1", chromeEntry({ url: ORDERS, status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="api"' } }), "web-request")],
    }),
  },
} as const satisfies Record<FindingCode, Case>;

const TABLE = Object.entries(CASES as Readonly<Record<string, Case>>).map(([code, c]) => [code, c.situation, c.capture] as const);

describe("every catalogue code is emitted by diagnose", () => {
  it("has one case per catalogue code, and none for a code the catalogue does not hold", () => {
    const cased = new Set(Object.keys(CASES));
    const catalogued = new Set(Object.keys(CATALOGUE));
    expect([...catalogued].filter((code) => !cased.has(code)), "catalogue codes without a case in CASES").toEqual([]);
    expect([...cased].filter((code) => !catalogued.has(code)), "cases for codes the catalogue does not hold").toEqual([]);
  });

  it.each(TABLE)("%s: %s", (code, _situation, capture) => {
    const { exchanges, facts, on } = capture();
    const target = on ?? exchanges[exchanges.length - 1]!.id;
    const d = diagnose(exchanges, facts ?? {}).find((x) => x.exchange.id === target);
    expect(d, `exchange ${target} in the capture`).toBeDefined();
    const found = d!.findings.filter((f) => f.code === code);
    const seen = found.map((f) => f.severity).join(", ") || "none";
    expect(found.length, `${code} among [${codes(d!.findings).join(", ")}] on ${target} (severity seen: ${seen}; catalogue: ${CATALOGUE[code as FindingCode].severity})`).toBeGreaterThan(0);
  });
});
