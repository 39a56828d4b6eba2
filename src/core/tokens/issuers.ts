/**
 * Who probably issued a token, as data. Opaque tokens say it with a prefix, by design of their
 * issuers (GitHub documents its prefixes so that leaked tokens can be recognised; Slack, Stripe,
 * GitLab and AWS do the same). JWTs say it in `iss`. A guess, never a verification.
 */

export interface PrefixRule {
  readonly prefix: string;
  readonly issuer: string;
}

/** Longest prefixes first is not needed: none of these is a prefix of another with a different issuer. */
export const OPAQUE_PREFIXES: readonly PrefixRule[] = [
  { prefix: "ya29.", issuer: "Google OAuth 2.0 access token" },
  { prefix: "1//", issuer: "Google OAuth 2.0 refresh token" },
  { prefix: "AIza", issuer: "Google API key" },
  { prefix: "github_pat_", issuer: "GitHub fine-grained personal access token" },
  { prefix: "ghp_", issuer: "GitHub personal access token (classic)" },
  { prefix: "gho_", issuer: "GitHub OAuth app access token" },
  { prefix: "ghu_", issuer: "GitHub App user access token" },
  { prefix: "ghs_", issuer: "GitHub App installation access token" },
  { prefix: "ghr_", issuer: "GitHub App refresh token" },
  { prefix: "glpat-", issuer: "GitLab personal access token" },
  { prefix: "gloas-", issuer: "GitLab OAuth application secret" },
  { prefix: "gldt-", issuer: "GitLab deploy token" },
  { prefix: "glrt-", issuer: "GitLab runner token" },
  { prefix: "xoxb-", issuer: "Slack bot token" },
  { prefix: "xoxp-", issuer: "Slack user token" },
  { prefix: "xoxe.", issuer: "Slack rotating token" },
  { prefix: "xapp-", issuer: "Slack app-level token" },
  { prefix: "sk_live_", issuer: "Stripe secret key (live mode)" },
  { prefix: "sk_test_", issuer: "Stripe secret key (test mode)" },
  { prefix: "rk_live_", issuer: "Stripe restricted key (live mode)" },
  { prefix: "rk_test_", issuer: "Stripe restricted key (test mode)" },
  { prefix: "pk_live_", issuer: "Stripe publishable key (live mode)" },
  { prefix: "pk_test_", issuer: "Stripe publishable key (test mode)" },
  { prefix: "AKIA", issuer: "AWS access key id (long-term IAM credentials)" },
  { prefix: "ASIA", issuer: "AWS access key id (temporary STS credentials)" },
  { prefix: "EAA", issuer: "Facebook (Meta) access token" },
  { prefix: "shpat_", issuer: "Shopify Admin API access token" },
  { prefix: "npm_", issuer: "npm access token" },
  { prefix: "pypi-", issuer: "PyPI API token" },
  { prefix: "hf_", issuer: "Hugging Face access token" },
  { prefix: "sk-ant-", issuer: "Anthropic API key" },
  { prefix: "sk-proj-", issuer: "OpenAI project API key" },
  { prefix: "dop_v1_", issuer: "DigitalOcean personal access token" },
  { prefix: "SG.", issuer: "SendGrid API key" },
  { prefix: "ATATT", issuer: "Atlassian API token" },
  { prefix: "PMAK-", issuer: "Postman API key" },
];

export function guessOpaqueIssuer(token: string): PrefixRule | undefined {
  return OPAQUE_PREFIXES.find((r) => token.startsWith(r.prefix));
}

interface IssuerPattern {
  readonly test: RegExp;
  readonly issuer: (m: RegExpExecArray) => string;
}

/** `iss` values of well-known identity providers (as their discovery documents publish them). */
const ISSUER_PATTERNS: readonly IssuerPattern[] = [
  { test: /^https:\/\/sts\.windows\.net\/([\w-]+)\/$/, issuer: (m) => `Microsoft Entra ID, v1.0 token (tenant ${m[1]})` },
  { test: /^https:\/\/login\.microsoftonline\.com\/([\w-]+)\/v2\.0$/, issuer: (m) => `Microsoft Entra ID, v2.0 token (tenant ${m[1]})` },
  { test: /^(https:\/\/)?accounts\.google\.com$/, issuer: () => "Google" },
  { test: /^https:\/\/securetoken\.google\.com\/([\w-]+)$/, issuer: (m) => `Firebase Authentication (project ${m[1]})` },
  { test: /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+)$/, issuer: (m) => `Amazon Cognito (user pool ${m[2]}, ${m[1]})` },
  { test: /^https?:\/\/[^/]+(?:\/auth)?\/realms\/([^/]+)$/, issuer: (m) => `Keycloak (realm ${m[1]})` },
  { test: /^https:\/\/[\w.-]+\.auth0\.com\/$/, issuer: () => "Auth0" },
  { test: /^https:\/\/[\w.-]+\.(okta|oktapreview)\.com(\/oauth2\/[\w-]+)?$/, issuer: () => "Okta" },
  { test: /^https:\/\/token\.actions\.githubusercontent\.com$/, issuer: () => "GitHub Actions OIDC" },
];

export function guessJwtIssuer(iss: unknown): string | undefined {
  if (typeof iss !== "string") return undefined;
  for (const p of ISSUER_PATTERNS) {
    const m = p.test.exec(iss);
    if (m) return p.issuer(m);
  }
  return undefined;
}
