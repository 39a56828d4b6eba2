/**
 * What an authorization response's `error` means (RFC 6749 §4.1.2.1, §4.2.2.1; OIDC Core
 * §3.1.2.6), what usually causes it in a browser app, and the fix; and how identity providers
 * word a redirect URI they do not know, on the error page they show instead of redirecting
 * (RFC 6749 §4.1.2.1: with an unknown redirect URI the provider MUST NOT redirect). Data only:
 * rules/authorization-error.ts builds the text.
 */

export interface AuthorizationErrorMeaning {
  readonly meaning: string;
  readonly source: string;
  readonly causes: readonly string[];
  readonly fix: string;
}

const RFC = "RFC 6749 §4.1.2.1";
const OIDC = "OpenID Connect Core 1.0 §3.1.2.6";

export const AUTHORIZATION_ERRORS: Readonly<Record<string, AuthorizationErrorMeaning>> = {
  access_denied: {
    meaning: "the user or the authorization server denied the request",
    source: RFC,
    causes: ["the user pressed Cancel or declined consent", "a policy refused this user or this client (not assigned to the app, conditional access, a blocked account)"],
    fix: "If the user declined, offer to start again. If nobody declined, the error_description names the policy: assign the user to the application or relax the policy for it.",
  },
  invalid_request: {
    meaning: "the request is missing a required parameter, has an invalid value, repeats a parameter, or is otherwise malformed",
    source: RFC,
    causes: ["a required parameter is missing (response_type, client_id, redirect_uri, or code_challenge where the provider requires PKCE)", "a parameter is repeated or malformed (scope with commas, an unencoded redirect_uri)"],
    fix: "Read the error_description: it names the parameter. Build the authorization URL with URLSearchParams so every value is encoded once.",
  },
  unauthorized_client: {
    meaning: "the client is not allowed to request an authorization code (or token) this way",
    source: RFC,
    causes: ["the response_type or grant is not enabled for this client (e.g. the implicit flow, or the authorization code flow for an app registered as another type)", "the client_id belongs to another tenant, realm or environment"],
    fix: "Enable the flow for this client in the provider's application settings, or use the flow it is registered for; check that the client_id is the one of this environment.",
  },
  unsupported_response_type: {
    meaning: "the authorization server does not support obtaining a code (or token) with this response_type",
    source: RFC,
    causes: ["response_type asks for a flow the provider or this client does not allow (token or id_token while the implicit flow is off)"],
    fix: "Use response_type=code with PKCE, the flow every provider supports for browser apps (RFC 9700 §2.1.1).",
  },
  invalid_scope: {
    meaning: "the requested scope is invalid, unknown or malformed",
    source: RFC,
    causes: ["a scope name is misspelt, belongs to another API, or is not granted to this client", "scopes separated by commas instead of spaces (RFC 6749 §3.3)"],
    fix: "Ask only for scopes the provider defines for this client, separated by spaces.",
  },
  server_error: {
    meaning: "the authorization server met an unexpected condition",
    source: RFC,
    causes: ["a failure inside the provider, often a broken custom rule, action or hook in the sign-in pipeline"],
    fix: "Retry once; if it persists, read the provider's logs for this sign-in (its error_description or a correlation id names it).",
  },
  temporarily_unavailable: {
    meaning: "the authorization server is overloaded or under maintenance",
    source: RFC,
    causes: ["a temporary outage or rate limit at the provider"],
    fix: "Retry later, with backoff.",
  },
  interaction_required: {
    meaning: "the provider needs the user to interact (consent, MFA, a policy) and the request asked for no interface (prompt=none)",
    source: OIDC,
    causes: ["a silent sign-in or token renewal (prompt=none, an iframe) met a condition that needs the user"],
    fix: "Fall back to an interactive sign-in (a redirect or popup without prompt=none).",
  },
  login_required: {
    meaning: "the provider needs the user to sign in and the request asked for no interface (prompt=none)",
    source: OIDC,
    causes: [
      "a silent sign-in found no session at the provider",
      "the provider's session cookie was not sent to the silent iframe: third-party cookies are blocked (Safari, Firefox, Chrome's tracking protection)",
    ],
    fix: "Fall back to an interactive sign-in; for silent renewal, use refresh tokens (with rotation) instead of a hidden iframe, which third-party cookie blocking breaks.",
  },
  account_selection_required: {
    meaning: "the user must pick one of several accounts and the request asked for no interface (prompt=none)",
    source: OIDC,
    causes: ["several accounts are signed in at the provider and none was named (login_hint)"],
    fix: "Fall back to an interactive sign-in, or pass login_hint with the expected account.",
  },
  consent_required: {
    meaning: "the user must consent and the request asked for no interface (prompt=none)",
    source: OIDC,
    causes: ["the scopes asked for were never consented to, or the consent was withdrawn"],
    fix: "Send the user through an interactive sign-in once (prompt=consent), or have an administrator grant consent for the organisation.",
  },
  invalid_request_uri: { meaning: "the request_uri is invalid or its content could not be fetched", source: OIDC, causes: ["the pushed request expired or was used already (RFC 9126 §2.2)"], fix: "Push a fresh request and use its request_uri once, at once." },
  invalid_request_object: { meaning: "the request object is invalid", source: OIDC, causes: ["its signature, audience or expiry does not verify (RFC 9101 §6)"], fix: "Sign the request object with the registered key, for this provider as audience, with a current exp." },
  request_not_supported: { meaning: "the provider does not support the request parameter", source: OIDC, causes: ["a request object was sent to a provider without support for it"], fix: "Send the parameters in the query instead of a request object." },
  request_uri_not_supported: { meaning: "the provider does not support the request_uri parameter", source: OIDC, causes: ["a request_uri was sent to a provider without support for it"], fix: "Send the parameters in the query instead." },
  registration_not_supported: { meaning: "the provider does not support the registration parameter", source: OIDC, causes: ["a registration parameter was sent"], fix: "Register the client beforehand instead." },
  invalid_target: { meaning: "the resource asked for is invalid or unknown", source: "RFC 8707 §2", causes: ["the resource parameter names an API the provider does not know for this client"], fix: "Send a resource value registered for this API, exactly as registered." },
  redirect_uri_mismatch: {
    meaning: "the redirect_uri is not one registered for this client (a provider's own code, GitHub's for one)",
    source: "RFC 6749 §3.1.2.3",
    causes: ["the redirect_uri differs from every registered one: scheme, host, port, path or a trailing slash"],
    fix: "Register this exact redirect_uri for the client, or send one that is registered, character for character.",
  },
};

/** An authorization server's error page naming a redirect URI it does not know, as each provider words it. */
export interface RedirectMismatchPage {
  readonly provider: string;
  readonly pattern: RegExp;
  /** Where the wording is documented. */
  readonly source: string;
  /** Where this provider keeps the list of allowed redirect URIs. */
  readonly setting: string;
}

export const REDIRECT_MISMATCH_PAGES: readonly RedirectMismatchPage[] = [
  {
    provider: "Microsoft Entra ID",
    pattern: /AADSTS50011\b/,
    source: "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/error-code-aadsts50011-redirect-uri-mismatch",
    setting: "the app registration's Authentication blade (Redirect URIs, under the right platform: Single-page application for a browser app)",
  },
  {
    provider: "Google",
    pattern: /\bredirect_uri_mismatch\b/,
    source: "https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors-redirect-uri-mismatch",
    setting: "the OAuth client's Authorized redirect URIs (Google Cloud console, APIs & Services, Credentials)",
  },
  {
    provider: "Okta",
    pattern: /The 'redirect_uri' parameter must be a Login redirect URI in the client app settings/i,
    source: "https://support.okta.com/help/s/article/okta-error-400-bad-request-the-redirect-uri-parameter-must-be-a-login-redirect-uri-in-the-client-app-settings",
    setting: "the application's Sign-in redirect URIs (Admin Console, Applications, General)",
  },
  {
    provider: "Auth0",
    pattern: /Callback URL mismatch|is not in the list of allowed callback URLs/i,
    source: "https://support.auth0.com/center/s/article/Callback-URL-Mismatch-Error-Is-Not-in-the-List-of-Allowed-Callback-URLs",
    setting: "the application's Allowed Callback URLs (Dashboard, Applications, Settings)",
  },
  {
    provider: "Keycloak",
    pattern: /Invalid parameter: redirect_uri/,
    source: "https://github.com/keycloak/keycloak/issues/10528",
    setting: "the client's Valid redirect URIs (Admin Console, Clients, Settings)",
  },
  {
    provider: "Amazon Cognito",
    pattern: /\bredirect_mismatch\b/,
    source: "https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html",
    setting: "the app client's Allowed callback URLs",
  },
];

/** The provider whose redirect-URI-mismatch wording this text carries. */
export function redirectMismatchIn(text: string): RedirectMismatchPage | undefined {
  return REDIRECT_MISMATCH_PAGES.find((p) => p.pattern.test(text));
}

/**
 * Microsoft Entra ID codes that come back in an authorization response's error_description
 * ("AADSTS65001: The user or administrator has not consented…"), from its error code reference
 * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
 */
export const ENTRA_AUTHORIZATION_CODES: Readonly<Record<string, string>> = {
  "50011": "the redirect URI sent is not one registered for the application",
  "50058": "a silent sign-in was asked for (prompt=none) and no user is signed in",
  "50076": "multi-factor authentication is required (a policy, or a new location), and the request allowed no interaction",
  "50105": "the signed-in user is not assigned to the application, and the application requires assignment",
  "65001": "the user or an administrator has not consented to the application's permissions",
  "90102": "the redirect_uri is not a valid absolute URI",
  "500113": "no reply address (redirect URI) is registered for the application",
  "700016": "no application with this client_id exists in the tenant: another tenant, or a wrong id",
  "700054": "response_type id_token is not enabled for the application (implicit grant settings)",
};

/** "AADSTS65001" in a text, as its number. */
export function entraCodeIn(text: string): string | undefined {
  return /\bAADSTS(\d{5,7})\b/.exec(text)?.[1];
}
