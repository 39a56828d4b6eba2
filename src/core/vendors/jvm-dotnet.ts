/**
 * Spring Security's OAuth 2.0 resource server (Nimbus JOSE+JWT underneath) and ASP.NET Core's
 * JwtBearer handler (Microsoft.IdentityModel underneath). Both put the reason in the Bearer
 * challenge's error_description; IdentityModel's IDX codes also reach bodies when an app
 * returns the exception's message.
 */
import { VALUE } from "./node-jwt.ts";
import { family, type VendorEntry } from "./types.ts";

const SPRING_DOCS = "https://docs.spring.io/spring-security/reference/servlet/oauth2/resource-server/jwt.html";
const IDENTITY_MODEL = "https://github.com/AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet/blob/dev/src/Microsoft.IdentityModel.Tokens/LogMessages.cs";

export const SPRING: readonly VendorEntry[] = family("Spring Security resource server", SPRING_DOCS, [
  {
    code: "auth.token-key-unknown",
    pattern: /Another algorithm expected, or no matching key\(s\) found/i,
    source: "Spring Security (Nimbus JOSE+JWT: no key in the JWK Set matches the token's kid and alg)",
    meaning: "no key of the JWK Set the API reads (jwk-set-uri) has the token's kid, or the token's alg is not the one the decoder expects (RS256 unless configured)",
    fix: "Point jwk-set-uri (or issuer-uri) at the issuer of this token, let the decoder refresh its cached keys, and set jws-algorithms when the issuer signs with something other than RS256.",
  },
  {
    code: "auth.token-signature-invalid",
    pattern: /Signed JWT rejected: Invalid signature/i,
    source: "Spring Security (Nimbus JOSE+JWT)",
    meaning: "the signature does not verify with the JWK Set key of the token's kid",
    fix: "Check the API reads the JWK Set of the issuer that signed this token, and that the token reaches it unchanged.",
  },
  {
    code: "auth.token-audience-mismatch",
    pattern: /The aud claim is not valid/i,
    source: "Spring Security (JwtClaimValidator)",
    meaning: "the token's aud is not the audience the API's validator wants (spring.security.oauth2.resourceserver.jwt.audiences)",
    fix: "Request the token for this API's audience, or list the token's audience in the resource server's audiences setting if it really is this API.",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /The iss claim is not valid/i,
    source: "Spring Security (JwtIssuerValidator)",
    meaning: "the token's iss is not the issuer-uri the API is configured with",
    fix: "Use a token from the configured issuer-uri (same environment, realm or tenant, trailing slash included), or configure the API with this token's issuer.",
  },
  {
    code: "auth.token-expired",
    pattern: /\bJwt expired at\b/,
    source: "Spring Security (JwtTimestampValidator)",
    meaning: "the token's exp lies in the past by the server's clock (60 s of leeway by default)",
    fix: "Refresh the token before it expires and send the new one.",
  },
  {
    code: "auth.bearer-insufficient-scope",
    pattern: /The request requires higher privileges than provided by the access token/,
    source: "Spring Security (BearerTokenAccessDeniedHandler)",
    meaning: "the token is valid but lacks the authority (SCOPE_…) this endpoint requires",
    fix: "Request the scope the endpoint needs when getting the token.",
  },
  {
    code: "auth.authorization-not-received",
    pattern: /Full authentication is required to access this resource/i,
    source: "Spring Security (InsufficientAuthenticationException: the request reached it anonymous)",
    meaning: "the request reached Spring Security without any authentication it recognised",
    fix: "Check that the Authorization header reaches the app, and that the filter chain has the resource server (oauth2ResourceServer) enabled for this path.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /An error occurred while attempting to decode the Jwt: Malformed token/i,
    source: "Spring Security (NimbusJwtDecoder: BadJwtException)",
    meaning: "the resource server expects a JWT and what it read is not one: an opaque access token, a token cut or wrapped in quotes",
    fix: "Send a JWT access token, or, if the authorization server issues opaque tokens, configure the API for them (oauth2ResourceServer().opaqueToken() with the introspection endpoint).",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Couldn't retrieve remote JWK set/i,
    source: "Spring Security (NimbusJwtDecoder: RemoteKeySourceException)",
    meaning: "the API could not fetch its issuer's JWK Set, so it cannot verify any token; the token may be fine",
    fix: "On the server: check jwk-set-uri / issuer-uri, and that the API can reach the issuer (DNS, proxy, TLS trust, firewall).",
  },
]);

export const ASPNET: readonly VendorEntry[] = family("ASP.NET Core JwtBearer", "https://learn.microsoft.com/aspnet/core/security/authentication/configure-jwt-bearer-authentication", [
  {
    code: "auth.token-key-unknown",
    pattern: /The signature key was not found/i,
    source: "ASP.NET Core JwtBearer (SecurityTokenSignatureKeyNotFoundException)",
    meaning: "none of the signing keys the API got from its Authority's metadata has the token's kid",
    fix: "Check the API's Authority is this token's issuer (tenant, environment and policy included); new keys are picked up when its metadata refreshes.",
  },
  { code: "auth.token-key-unknown", pattern: /\bIDX10501\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10501: no key matches the token's kid)", meaning: "no signing key the API holds matches the token's kid", fix: "Check the API's Authority / metadata address is the issuer of this token.", docs: IDENTITY_MODEL },
  {
    code: "auth.token-signature-invalid",
    pattern: /The signature is invalid/i,
    source: "ASP.NET Core JwtBearer (SecurityTokenInvalidSignatureException)",
    meaning: "the signature does not verify with the key the API holds for the token's kid",
    fix: "Check the token reaches the API unchanged and that the API reads the issuer's current keys.",
  },
  { code: "auth.token-signature-invalid", pattern: /\bIDX10503\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10503: signature validation failed)", meaning: "signature validation failed with the keys the API holds", fix: "Check the API's Authority is the token's issuer and that the token reaches it unchanged.", docs: IDENTITY_MODEL },
  {
    code: "auth.token-audience-mismatch",
    pattern: new RegExp(`The audience '(?<seen>${VALUE})' is invalid`, "i"),
    source: "ASP.NET Core JwtBearer (SecurityTokenInvalidAudienceException)",
    meaning: "the token's aud is not the API's configured Audience / ValidAudiences",
    fix: "Request the token for this API (with Microsoft Entra ID, a scope of this API such as api://<app-id>/.default) and make the API's Audience the same value; v1 and v2 Entra tokens differ (api://… vs the app id).",
  },
  { code: "auth.token-audience-mismatch", pattern: /\bIDX10214\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10214: audience validation failed)", meaning: "the token's aud is none of the audiences the API validates", fix: "Request the token for this API and configure the same audience on the API.", docs: IDENTITY_MODEL },
  {
    code: "auth.token-issuer-mismatch",
    pattern: new RegExp(`The issuer '(?<seen>${VALUE})' is invalid`, "i"),
    source: "ASP.NET Core JwtBearer (SecurityTokenInvalidIssuerException)",
    meaning: "the token's iss is not the issuer the API validates",
    fix: "Use a token from the API's Authority (with Microsoft Entra ID, v1 tokens say sts.windows.net, v2 tokens login.microsoftonline.com/…/v2.0: set accessTokenAcceptedVersion or ValidIssuers to match).",
  },
  { code: "auth.token-issuer-mismatch", pattern: /\bIDX10205\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10205: issuer validation failed)", meaning: "the token's iss is none of the issuers the API validates", fix: "Use a token from the API's Authority or add its issuer to ValidIssuers.", docs: IDENTITY_MODEL },
  {
    code: "auth.token-expired",
    pattern: /The token expired at '[^'\r\n]*'|\bIDX10223\b/,
    source: "ASP.NET Core JwtBearer (SecurityTokenExpiredException)",
    meaning: "the token's exp lies in the past by the server's clock (5 minutes of leeway by default)",
    fix: "Refresh the token before it expires and send the new one.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bIDX14100\b[^"\r\n]*|\bIDX12741\b[^"\r\n]*/,
    source: "Microsoft.IdentityModel (IDX14100 / IDX12741: the token is not a well-formed JWT)",
    meaning: "the API expects a JWT and what it read is not one: an opaque token, a token for another resource that the API cannot read (a Microsoft Graph token is not meant for your API), or a token cut or quoted",
    fix: "Request an access token for this API (a scope of this API, not of Microsoft Graph) and send it after `Bearer ` unchanged.",
    docs: IDENTITY_MODEL,
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bIDX10500\b[^"\r\n]*/,
    source: "Microsoft.IdentityModel (IDX10500: no signing keys)",
    meaning: "the API has no signing keys to check any token with: its metadata (Authority) could not be read, or no key is configured",
    fix: "On the server: check Authority / MetadataAddress and that the API can reach it.",
    docs: IDENTITY_MODEL,
  },
]);
