/**
 * Microsoft Entra ID (Azure AD): the `AADSTS` codes its security token service puts in
 * `error_description`, in token endpoint error bodies, in the error redirect back to the app and
 * on its error pages, and the words Microsoft Graph answers a token it cannot accept with. The
 * codes are documented at learn.microsoft.com (reference-error-codes); the meanings and fixes
 * here are AuthLens's own summary of them.
 */
import { family, type VendorEntry } from "./types.ts";

const REFERENCE = "https://learn.microsoft.com/entra/identity-platform/reference-error-codes";

interface Aadsts {
  readonly code: string;
  /** The code's name in Microsoft's reference. */
  readonly name: string;
  readonly meaning: string;
  readonly fix: string;
}

/** The codes a browser app meets most, in the reference page's order. */
const CODES: readonly Aadsts[] = [
  {
    code: "50011",
    name: "InvalidReplyTo",
    meaning: "the redirect_uri of the sign-in request is not one of the app registration's redirect URIs (for the platform in use: SPA, Web or mobile)",
    fix: "Add the exact redirect URI (scheme, host, port, path and trailing slash) to the app registration under the right platform, or send the registered one.",
  },
  {
    code: "50012",
    name: "AuthenticationFailed",
    meaning: "the client's credential (a client assertion or certificate) did not authenticate the app",
    fix: "Check the certificate or client assertion the app signs with is the one uploaded to the app registration and is still valid.",
  },
  {
    code: "50020",
    name: "UserUnauthorized",
    meaning: "the signed-in account belongs to another tenant (or is a personal Microsoft account) and is not a guest of the app's tenant",
    fix: "Invite the user as a guest, make the app multi-tenant (and sign in at /organizations or /common), or sign in with an account of the app's tenant.",
  },
  {
    code: "50034",
    name: "UserAccountNotFound",
    meaning: "the user name does not exist in the tenant the sign-in went to (a typo, or the wrong tenant)",
    fix: "Check the user name and the tenant in the authority URL; add the user as a guest if they belong elsewhere.",
  },
  {
    code: "50058",
    name: "UserInformationNotProvided",
    meaning: "a silent sign-in (prompt=none, a hidden iframe) found no signed-in session: the user is not signed in, or the browser kept the session cookies from the iframe (third-party cookies blocked)",
    fix: "Fall back to an interactive sign-in (a redirect or popup) when silent sign-in fails; MSAL's acquireTokenSilent does so on InteractionRequiredAuthError.",
  },
  {
    code: "50076",
    name: "UserStrongAuthClientAuthNRequired",
    meaning: "multifactor authentication is required for this resource (Conditional Access or per-user MFA) and the sign-in did not do it",
    fix: "Sign in interactively so the user can complete MFA (with MSAL, handle the claims challenge by calling acquireTokenRedirect / Popup with the returned claims).",
  },
  {
    code: "50105",
    name: "EntitlementGrantsNotFound",
    meaning: "the app requires user assignment and the user is not assigned to it (nor through a group)",
    fix: "Assign the user or one of their groups to the enterprise application, or turn off 'Assignment required'.",
  },
  {
    code: "50126",
    name: "InvalidUserNameOrPassword",
    meaning: "the user name or password is wrong",
    fix: "Enter the right credentials; a flow that posts passwords (ROPC) is best replaced by an interactive sign-in.",
  },
  {
    code: "50148",
    name: "PKCE verifier mismatch",
    meaning: "the code_verifier sent to the token endpoint does not match the code_challenge of the authorization request (PKCE, RFC 7636)",
    fix: "Send the verifier saved for this sign-in (not one from an earlier attempt or another tab), and do not start a second sign-in that overwrites it.",
  },
  {
    code: "501481",
    name: "Code_Verifier does not match code_challenge",
    meaning: "the code_verifier sent to the token endpoint does not match the code_challenge of the authorization request (PKCE, RFC 7636)",
    fix: "Send the verifier saved for this sign-in (not one from an earlier attempt or another tab), and do not start a second sign-in that overwrites it.",
  },
  {
    code: "50173",
    name: "FreshTokenNeeded",
    meaning: "the grant (refresh token) was revoked, by an administrator or by a password change, and can no longer be used",
    fix: "Sign the user in again interactively to get new tokens.",
  },
  {
    code: "53003",
    name: "BlockedByConditionalAccess",
    meaning: "a Conditional Access policy blocked token issuance for this user, app, location or device",
    fix: "An administrator can see which policy applied in the sign-in logs; the app cannot work around it.",
  },
  {
    code: "530003",
    name: "Device must be managed",
    meaning: "Conditional Access requires a managed (enrolled or compliant) device for this resource",
    fix: "Sign in from a managed device (or a browser that passes the device state, such as Edge with the work profile); an administrator can see the policy in the sign-in logs.",
  },
  {
    code: "65001",
    name: "DelegationDoesNotExist",
    meaning: "the user or an administrator has not consented to the permissions the app asks for",
    fix: "Sign in interactively so the user can consent, or have an administrator grant consent for the tenant (API permissions → Grant admin consent).",
  },
  {
    code: "650057",
    name: "Invalid resource",
    meaning: "the app asked for a scope of a resource that is not among the API permissions of its app registration",
    fix: "Add the API and its permission to the app registration's API permissions (and consent), or ask for a scope that is listed there.",
  },
  {
    code: "70008",
    name: "ExpiredOrRevokedGrant",
    meaning: "the refresh token or authorization code is expired or was revoked",
    fix: "Start a new sign-in; an authorization code is valid for minutes and once only.",
  },
  {
    code: "700082",
    name: "ExpiredOrRevokedGrantInactiveToken",
    meaning: "the refresh token expired because it was not used for too long",
    fix: "Sign the user in again interactively.",
  },
  {
    code: "70011",
    name: "InvalidScope",
    meaning: "the scope the app asked for is not valid (a malformed scope, an unknown resource, or scopes of two resources in one request)",
    fix: "Ask for scopes of one resource per token request, in the form api://<app-id>/<scope> or <resource>/.default.",
  },
  {
    code: "700016",
    name: "UnauthorizedClient_DoesNotMatchRequest",
    meaning: "no application with this client_id exists in the tenant the request went to (a wrong client id, or a single-tenant app signed in at another tenant or at /common)",
    fix: "Check the client id, and use the authority of the tenant that holds the app registration (or make the app multi-tenant).",
  },
  {
    code: "700054",
    name: "response_type 'id_token' is not enabled",
    meaning: "the app asked for an ID token from the authorization endpoint (implicit or hybrid flow) and the app registration does not allow it",
    fix: "Use the authorization code flow with PKCE (MSAL.js 2+ does), or turn on 'ID tokens' under Implicit grant in the app registration.",
  },
  {
    code: "7000215",
    name: "Invalid client secret",
    meaning: "the client secret sent is wrong: often the secret's ID was copied instead of its value, or the secret was replaced",
    fix: "Create a new client secret and copy its Value (shown once), not its Secret ID.",
  },
  {
    code: "7000218",
    name: "client_assertion or client_secret required",
    meaning: "the token request came from a client registered as confidential (Web platform) without a client secret or assertion; public-client flows are not allowed for it",
    fix: "Register browser apps under the Single-page application platform (so the code is redeemed without a secret), or turn on 'Allow public client flows' for device code and similar flows.",
  },
  {
    code: "9002326",
    name: "Cross-origin token redemption",
    meaning: "the browser redeemed the authorization code at the token endpoint cross-origin, which Entra allows only for redirect URIs registered under the Single-page application platform",
    fix: "Move the redirect URI from the Web platform to the Single-page application platform in the app registration.",
  },
  {
    code: "90002",
    name: "InvalidTenantName",
    meaning: "the tenant in the authority URL does not exist (a typo, an unregistered domain, or the wrong cloud)",
    fix: "Use the tenant id (a GUID) or a verified domain of the tenant in the authority URL, in the right cloud (login.microsoftonline.com, login.microsoftonline.us, …).",
  },
  {
    code: "90014",
    name: "MissingRequiredField",
    meaning: "a field the request needs is missing (for example client_id, grant_type or code)",
    fix: "Send every required parameter of the flow; the description names the field.",
  },
  {
    code: "500011",
    name: "InvalidResourceServicePrincipalNotFound",
    meaning: "the resource (API) the app asked a token for is not known in this tenant: a wrong App ID URI or scope prefix, or the API's app is not registered or consented in the tenant",
    fix: "Check the scope's resource part (api://<app-id>/…) against the API's Application ID URI, and that the API's app exists in this tenant (an administrator consent creates it for a multi-tenant API).",
  },
];

export const AADSTS: readonly VendorEntry[] = CODES.map((c) => ({
  vendor: "Microsoft Entra ID",
  code: "auth.vendor-reason",
  // The code, then Microsoft's sentence up to the end of the JSON string or the line.
  pattern: new RegExp(String.raw`\bAADSTS${c.code}\b(?::[^"\\\r\n]{0,300})?`),
  places: ["error_description", "response body", "redirect query"],
  source: `Microsoft Entra ID (AADSTS${c.code}: ${c.name})`,
  meaning: c.meaning,
  fix: c.fix,
  docs: `${REFERENCE}#aadsts-error-codes`,
}));

const GRAPH_DOCS = "https://learn.microsoft.com/graph/errors";

/** Microsoft Graph (and other Microsoft APIs) refusing a token. */
export const GRAPH: readonly VendorEntry[] = family("Microsoft Graph", GRAPH_DOCS, [
  {
    code: "auth.token-audience-mismatch",
    pattern: /Access token validation failure\. Invalid audience\.?/,
    source: "Microsoft Graph (InvalidAuthenticationToken)",
    meaning: "the token is not for Microsoft Graph: its aud is another API (often your own API's token, or an ID token)",
    fix: "Request a token with Graph scopes (https://graph.microsoft.com/User.Read or .default) for calls to Graph, and your API's scopes for calls to your API: one token per resource.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /CompactToken parsing failed with error code: -?\d+/,
    source: "Microsoft Graph (InvalidAuthenticationToken)",
    meaning: "Graph could not read the token at all: an empty or cut token, `Bearer` sent twice, or a token for a personal account sent where a work account token is needed",
    fix: "Send the access token from the token response unchanged after `Bearer `, acquired for Graph scopes.",
  },
]);

