/**
 * Gateways and proxies that answer for the application: Envoy's jwt_authn and RBAC filters (and
 * Istio, which configures them), Kong's key-auth, jwt and openid-connect plugins, AWS API Gateway
 * and Application Load Balancer, Azure API Management, Cloudflare Access, and nginx's and
 * Apache's own error pages. When one of these answers, the application never saw the request.
 */
import { family, type VendorEntry } from "./types.ts";

const ENVOY_JWT = "https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/jwt_authn_filter";
const KONG_SERVER = { header: "server", pattern: /^kong\b/i } as const;

export const ENVOY: readonly VendorEntry[] = family("Envoy / Istio", ENVOY_JWT, [
  {
    code: "auth.authorization-not-received",
    pattern: /\bJwt is missing\b/i,
    source: "Envoy's jwt_authn filter (Istio RequestAuthentication)",
    meaning: "the proxy found no JWT where its provider reads one (by default the Authorization header with `Bearer `)",
    fix: "Check that the header reaches the proxy, and that the provider's from_headers / Istio's jwtRules fromHeaders name the header you send.",
  },
  { code: "auth.token-expired", pattern: /\bJwt is expired\b/i, source: "Envoy's jwt_authn filter (JwtExpired)", meaning: "the token's exp lies in the past by the proxy's clock", fix: "Refresh the token before it expires and send the new one." },
  { code: "auth.token-not-yet-valid", pattern: /\bJwt not yet valid\b/i, source: "Envoy's jwt_authn filter (JwtNotYetValid)", meaning: "the token's nbf lies in the future by the proxy's clock", fix: "Check the clocks of the issuer and the proxy." },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /\bJwt issuer is not configured\b/i,
    source: "Envoy's jwt_authn filter (JwtUnknownIssuer; Istio RequestAuthentication)",
    meaning: "no JWT provider (Istio jwtRules entry) of the proxy has this token's iss as its issuer",
    fix: "Add a provider / jwtRules entry whose issuer is exactly the token's iss (Microsoft Entra v1 and v2 tokens differ: sts.windows.net vs login.microsoftonline.com/…/v2.0), or get the token from the configured issuer.",
    docs: "https://istio.io/latest/docs/reference/config/security/request_authentication/",
  },
  {
    code: "auth.token-audience-mismatch",
    pattern: /\bAudiences in Jwt are not allowed\b/i,
    source: "Envoy's jwt_authn filter (JwtAudienceNotAllowed; Istio jwtRules audiences)",
    meaning: "the token's aud is none of the audiences the provider lists",
    fix: "Request the token for an audience the provider lists, or list this API's audience in the provider / jwtRules audiences.",
  },
  {
    code: "auth.token-key-unknown",
    pattern: /\bJwks doesn't have key to match kid or alg from Jwt\b/i,
    source: "Envoy's jwt_authn filter (JwksKidAlgMismatch)",
    meaning: "the provider's JWKS has no key with the token's kid and alg",
    fix: "Point the provider's remote_jwks / Istio jwksUri at the token issuer's JWKS and let it refresh (cache_duration) after a key rotation.",
  },
  {
    code: "auth.token-signature-invalid",
    pattern: /\bJwt verification fails\b/i,
    source: "Envoy's jwt_authn filter (JwtVerificationFail)",
    meaning: "the proxy found the key, but the token's signature does not verify with it",
    fix: "Check the provider's JWKS is the issuer's current key set and that the token reaches the proxy unchanged.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bJwks remote fetch is failed\b/i,
    source: "Envoy's jwt_authn filter (JwksFetchFail)",
    meaning: "the proxy could not download its provider's JWKS, so it refuses every token; the token may be fine",
    fix: "On the proxy: check the remote_jwks http_uri and its cluster (DNS, TLS, egress), or Istio's jwksUri reachability from istiod.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bJwt is not in the form of Header\.Payload\.Signature\b[^"\r\n]*/i,
    source: "Envoy's jwt_authn filter (JwtBadFormat)",
    meaning: "the proxy expects a JWT and the credential it read is not one (an opaque token, or a token cut or quoted)",
    fix: "Send a JWT access token after `Bearer `, or do not route opaque tokens through a jwt_authn provider.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bRBAC: access denied\b/,
    status: [403],
    source: "Envoy's RBAC filter (Istio AuthorizationPolicy)",
    meaning: "an authorization policy denied the request at the proxy: no ALLOW rule matched (or a DENY rule did) for its source, path, method or JWT claims (requestPrincipals, request.auth.claims)",
    fix: "Compare the request with the AuthorizationPolicy of the workload (istioctl x authz check <pod>): a rule on requestPrincipals needs a JWT that a RequestAuthentication accepted, and a claim rule needs the claim in the token.",
    docs: "https://istio.io/latest/docs/ops/common-problems/security-issues/",
  },
]);

export const KONG: readonly VendorEntry[] = family("Kong Gateway", "https://docs.konghq.com/hub/kong-inc/key-auth/", [
  {
    code: "auth.vendor-reason",
    pattern: /No API key found in request/,
    source: "Kong key-auth plugin",
    meaning: "the key-auth plugin found no API key in the headers or query parameters it reads (key_names, `apikey` by default)",
    fix: "Send the consumer's key in the header named by the plugin's key_names (`apikey: …`), not as a Bearer token, and add that header to the CORS allowed headers if the page calls cross-origin.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Invalid authentication credentials|\bInvalid API key\b/,
    answeredBy: KONG_SERVER,
    source: "Kong key-auth plugin",
    meaning: "the API key was found but matches no consumer's key credential",
    fix: "Check the key's value and that a consumer owns it in this Kong workspace.",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /No credentials found for given 'iss'/,
    source: "Kong jwt plugin",
    meaning: "no consumer has a jwt credential whose key equals the token's iss claim (key_claim_name), so Kong does not know this issuer",
    fix: "Create a jwt credential whose key is the token's iss for the consumer, or send a token from an issuer Kong has a credential for.",
    docs: "https://docs.konghq.com/hub/kong-inc/jwt/",
  },
  {
    code: "auth.token-signature-invalid",
    pattern: /\bInvalid signature\b/,
    answeredBy: KONG_SERVER,
    source: "Kong jwt plugin",
    meaning: "the signature does not verify with the secret or RSA public key of the jwt credential matched by the token's iss",
    fix: "Give the credential the issuer's current secret or public key (rsa_public_key for RS256).",
    docs: "https://docs.konghq.com/hub/kong-inc/jwt/",
  },
  { code: "auth.vendor-reason", pattern: /\bUnrecognizable token\b/, source: "Kong jwt plugin", meaning: "what Kong read as the token is not a JWT it can decode", fix: "Send a JWT after `Bearer ` (or in the header, cookie or query parameter the plugin reads).", docs: "https://docs.konghq.com/hub/kong-inc/jwt/" },
  {
    code: "auth.vendor-reason",
    pattern: /\bInvalid algorithm\b/,
    answeredBy: KONG_SERVER,
    source: "Kong jwt plugin",
    meaning: "the token's alg is not the algorithm of the matching jwt credential",
    fix: "Create the credential with the algorithm the issuer signs with (the token header's alg).",
    docs: "https://docs.konghq.com/hub/kong-inc/jwt/",
  },
  { code: "auth.token-expired", pattern: /\\?"exp\\?"\s*:\s*\\?"token expired/, source: "Kong jwt plugin", meaning: "the token's exp lies in the past by Kong's clock", fix: "Refresh the token before it expires and send the new one.", docs: "https://docs.konghq.com/hub/kong-inc/jwt/" },
  {
    code: "auth.vendor-reason",
    pattern: /"message"\s*:\s*"(?:Unauthorized|Forbidden)"/,
    answeredBy: KONG_SERVER,
    status: [401, 403],
    source: "Kong (openid-connect, jwt or acl plugin)",
    meaning: "a Kong plugin refused the request without giving the reason to the client; with openid-connect a 403 usually means the token's scopes, audience or groups did not meet scopes_required / audience_required / groups_required, a 401 that no token was accepted",
    fix: "Read Kong's error log for the request; compare the token's aud, scope and iss with the plugin's audience_required, scopes_required and issuer settings.",
    docs: "https://docs.konghq.com/hub/kong-inc/openid-connect/",
  },
]);

const APIGW_403 = "https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden";
const APIGW_RESPONSES = "https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html";

export const AWS: readonly VendorEntry[] = family("AWS API Gateway", APIGW_RESPONSES, [
  {
    code: "auth.vendor-reason",
    pattern: /Missing Authentication Token|^MissingAuthenticationTokenException/,
    places: ["response body", "response header"],
    header: "x-amzn-errortype",
    source: "AWS API Gateway (MISSING_AUTHENTICATION_TOKEN)",
    meaning: "there is usually no such route, whatever the words say: the API has no resource and method for this path and HTTP method (a typo, a missing stage name in the URL, an undeployed change); it is also the answer to an unsigned request to a method that uses IAM authorization",
    fix: "Check the URL against the deployed API: the stage in the path (/prod/…), the resource path and the method (a browser address bar sends GET); deploy the API after adding a method. If the method uses IAM authorization, sign the request with SigV4.",
    docs: "https://repost.aws/knowledge-center/api-gateway-authentication-token-errors",
  },
  {
    code: "auth.token-expired",
    pattern: /The incoming token has expired/,
    source: "AWS API Gateway (Cognito user pool authorizer)",
    meaning: "the Cognito token's exp lies in the past",
    fix: "Refresh the Cognito session (the SDKs do it with the refresh token) and send the new token.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /^UnauthorizedException/,
    places: ["response header"],
    header: "x-amzn-errortype",
    status: [401],
    source: "AWS API Gateway (UNAUTHORIZED: authorizer)",
    meaning: "the method's authorizer refused the request: the token is missing from the identity source it reads (the Authorization header unless configured otherwise), or the authorizer rejected it. A Cognito user pool authorizer with no OAuth scopes on the method wants the ID token; with scopes it wants the access token",
    fix: "Send the token in the authorizer's identity source; for a Cognito authorizer, send the ID token when the method has no OAuth scopes and the access token when it does; for a Lambda authorizer, read its logs.",
    docs: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html",
  },
  {
    code: "auth.vendor-reason",
    pattern: /User is not authorized to access this resource/,
    source: "AWS API Gateway (ACCESS_DENIED: Lambda authorizer policy)",
    meaning: "the Lambda authorizer returned a Deny policy, or an Allow policy that does not cover this method and path (a policy cached for another resource of the same token)",
    fix: "Have the authorizer allow the whole API (arn:…/*/*) or turn off its result caching, and check its logic for this user.",
    docs: APIGW_403,
  },
  {
    code: "auth.vendor-reason",
    pattern: /Authorization header requires '(?:Credential|Signature|SignedHeaders)' parameter|Invalid key=value pair \(missing equal-sign\) in Authorization header/,
    source: "AWS API Gateway (IncompleteSignatureException)",
    meaning: "the method uses IAM authorization (SigV4), so API Gateway reads the Authorization header as an AWS signature, and a Bearer token is not one",
    fix: "Either sign the request with SigV4 (the AWS SDK or Amplify's signer, with credentials from a Cognito identity pool), or change the method's authorization to the Cognito / JWT / Lambda authorizer that reads your token.",
    docs: APIGW_403,
  },
  {
    code: "auth.vendor-reason",
    pattern: /^ForbiddenException/,
    places: ["response header"],
    header: "x-amzn-errortype",
    status: [403],
    source: "AWS API Gateway (ForbiddenException)",
    meaning: "API Gateway refused the request before any authorizer: the method requires an API key (x-api-key) that is missing or not in a usage plan of this stage, or a resource policy (or a private API reached from outside its VPC endpoint) denies it",
    fix: "Send `x-api-key` with a key attached to a usage plan for this API stage, or check the API's resource policy and endpoint type.",
    docs: APIGW_403,
  },
  {
    code: "auth.vendor-reason",
    pattern: /The security token included in the request is invalid/,
    source: "AWS (UnrecognizedClientException)",
    meaning: "the AWS credentials that signed the request are not valid: expired temporary credentials or a key from another account or partition",
    fix: "Get fresh temporary credentials (Cognito identity pool, STS) and sign again.",
    docs: APIGW_403,
  },
  {
    code: "auth.vendor-reason",
    pattern: /Signature expired: \d{8}T\d{6}Z is now earlier than/,
    source: "AWS (InvalidSignatureException, SigV4 time)",
    meaning: "the SigV4 signature's time is more than 5 minutes away from AWS's clock",
    fix: "Fix the signing machine's clock (or sign just before sending, not ahead of time).",
    docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/signing-elements.html",
  },
]);

const ALB_DOCS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html";

export const ALB: readonly VendorEntry[] = family("AWS Application Load Balancer (Cognito / OIDC)", ALB_DOCS, [
  {
    code: "auth.vendor-reason",
    pattern: /401 Authorization Required/,
    answeredBy: { header: "server", pattern: /^awselb\b/i },
    status: [401],
    source: "AWS ALB authenticate-cognito / authenticate-oidc action (on_unauthenticated_request: deny)",
    meaning: "the load balancer's authenticate action found no valid session cookie (AWSELBAuthSessionCookie) and is set to deny instead of redirecting to sign-in, which is how it answers fetch() calls",
    fix: "Sign in through the load balancer first (a page load) so the session cookie exists, and send it: same-site calls carry it, cross-site ones need `credentials: 'include'`; an API that wants Bearer tokens should not sit behind the authenticate action.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /^https:\/\/[^/?#]+\.amazoncognito\.com\/oauth2\/authorize\b/,
    places: ["redirect location"],
    source: "AWS ALB authenticate-cognito action (on_unauthenticated_request: authenticate)",
    meaning: "the load balancer sent a script request to the Cognito sign-in page because its session cookie was missing or expired; fetch() cannot follow that into a login form (the redirect fails CORS)",
    fix: "Reload the page to sign in again (the cookie expires with the session timeout), send the cookie with cross-site calls (`credentials: 'include'`), or set on_unauthenticated_request to deny for API paths so the page gets a 401 to act on.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /^redirect_mismatch\b/,
    places: ["redirect query"],
    source: "Amazon Cognito hosted UI (redirect_mismatch)",
    meaning: "the redirect_uri of the authorization request is not one of the app client's allowed callback URLs",
    fix: "Add the exact redirect URI (scheme, host, port, path, trailing slash) to the app client's callback URLs, or send the one registered.",
    docs: "https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html",
  },
]);

const APIM_401 = "https://learn.microsoft.com/troubleshoot/azure/api-management/availability/unauthorized-errors-invoke-apis";

export const AZURE_APIM: readonly VendorEntry[] = family("Azure API Management", APIM_401, [
  {
    code: "auth.vendor-reason",
    pattern: /Access denied due to missing subscription key\.?/,
    source: "Azure API Management (subscription required)",
    meaning: "the API (or its product) requires an API Management subscription key and the request carried none; a Bearer token does not replace it",
    fix: "Send the key in the `Ocp-Apim-Subscription-Key` header (or the `subscription-key` query parameter), and allow that header in APIM's CORS policy; or turn off 'Subscription required' for this API if tokens alone should do.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Access denied due to invalid subscription key\.?/,
    source: "Azure API Management (subscription key)",
    meaning: "the subscription key is not valid for this API: a typo, a regenerated key, a suspended subscription, or a key of a product that does not include this API",
    fix: "Use an active subscription's primary or secondary key for a product that contains this API.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Unauthorized\. Access token is missing or invalid\.?/,
    source: "Azure API Management (validate-jwt policy, failed-validation-error-message of Microsoft's examples)",
    meaning: "the validate-jwt policy refused the token: missing, or failing one of the policy's checks (its audiences, issuers, required claims, signing keys from openid-config)",
    fix: "Compare the token's aud, iss and claims with the API's validate-jwt policy; the token must be for the audience the policy lists (for Microsoft Entra ID, api://<app-id> or the app id).",
    docs: "https://learn.microsoft.com/azure/api-management/validate-jwt-policy",
  },
]);

export const CLOUDFLARE_ACCESS: readonly VendorEntry[] = family("Cloudflare Access", "https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/cors/", [
  {
    code: "auth.vendor-reason",
    pattern: /^https:\/\/[^/?#]+\.cloudflareaccess\.com\/cdn-cgi\/access\/login\b/,
    places: ["redirect location"],
    source: "Cloudflare Access (sign-in redirect)",
    meaning: "Cloudflare Access sent a script request to its sign-in page: the request carried no valid CF_Authorization cookie (never signed in to this Access application, session expired, or the cookie not sent cross-origin); fetch() cannot follow the redirect (it fails CORS)",
    fix: "Sign in to the Access application in the browser first, send cross-origin calls with `credentials: 'include'` (and enable 'Allow credentials' / CORS settings on the Access application), or use a service token (CF-Access-Client-Id / CF-Access-Client-Secret) for machine calls.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\/cdn-cgi\/access\/login\b/,
    places: ["response body"],
    status: [401, 403],
    source: "Cloudflare Access (sign-in required)",
    meaning: "Cloudflare Access refused the request because it carried no valid Access session (CF_Authorization cookie or Cf-Access-Jwt-Assertion)",
    fix: "Sign in to the Access application first, and send its cookie with the request (`credentials: 'include'` cross-origin).",
  },
]);

export const WEB_SERVERS: readonly VendorEntry[] = family("nginx / Apache httpd", "https://nginx.org/en/docs/http/ngx_http_auth_basic_module.html", [
  {
    code: "auth.vendor-reason",
    pattern: /401 Authorization Required(?=[\s\S]{0,400}?\bnginx\b)/,
    status: [401],
    source: "nginx (auth_basic or auth_request)",
    unlessSentScheme: "basic",
    meaning: "nginx itself refused the request with its default page: an auth_basic (password) or auth_request (sub-request) check in front of the application failed, so the application never saw the request",
    fix: "Find the auth_basic / auth_request directive for this location; for auth_request, check the auth service's answer; an API that checks Bearer tokens itself should not sit behind it.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /403 Forbidden(?=[\s\S]{0,400}?\bnginx\b)/,
    status: [403],
    source: "nginx (deny, auth_request or file permissions)",
    meaning: "nginx itself refused the request with its default page (an allow/deny rule, an auth_request sub-request that answered 403, or a file it may not read), so the application never saw the request",
    fix: "Find which nginx location served this path and its deny / auth_request rules.",
    docs: "https://nginx.org/en/docs/http/ngx_http_access_module.html",
  },
  {
    code: "auth.vendor-reason",
    pattern: /This server could not verify that you\s+are authorized to access the document\s+requested\./,
    status: [401],
    source: "Apache httpd (mod_auth_basic / mod_auth_digest)",
    unlessSentScheme: "basic",
    meaning: "Apache itself refused the request with its default page: a Require valid-user (Basic or Digest password) check in front of the application failed",
    fix: "Find the AuthType / Require directives for this path; if the application checks Bearer tokens itself, exempt the path, and with CGI or FastCGI pass the header on (CGIPassAuth On).",
    docs: "https://httpd.apache.org/docs/2.4/howto/auth.html",
  },
  {
    code: "auth.vendor-reason",
    pattern: /You don't have permission to access (?:this resource|[^\s<]+ on this server)\./,
    status: [403],
    source: "Apache httpd (Require / access control)",
    meaning: "Apache itself refused the request with its default page (a Require rule, or a file it may not read)",
    fix: "Find the Require directives for this path in the server or .htaccess configuration.",
    docs: "https://httpd.apache.org/docs/2.4/howto/access.html",
  },
]);
