/**
 * The deployment environment a host names, when it names one: `dev-tenant.auth0.com`,
 * `api.staging.example.com`, `login-test.example.org`. A token from one environment sent to
 * another is the commonest issuer mismatch there is; AuthLens says so only when both sides name
 * theirs (a host that names none is not assumed to be production).
 */
export type Environment = "development" | "test" | "staging" | "production";

/** Words as they appear as a host label or a label's dash-separated part. */
const WORDS: Readonly<Record<string, Environment>> = {
  dev: "development",
  develop: "development",
  development: "development",
  test: "test",
  testing: "test",
  qa: "test",
  uat: "test",
  sit: "test",
  sandbox: "test",
  stage: "staging",
  staging: "staging",
  stg: "staging",
  preprod: "staging",
  "pre-prod": "staging",
  prod: "production",
  production: "production",
  prd: "production",
};

/** The environment a URL's host names, or undefined when none (or more than one) is named. */
export function environmentOf(url: string): Environment | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const named = new Set<Environment>();
  // "pre-prod" is one word, not "pre" and "prod".
  for (const label of host.replaceAll("pre-prod", "preprod").split(".")) {
    const whole = WORDS[label];
    if (whole) named.add(whole);
    else for (const part of label.split("-")) if (WORDS[part]) named.add(WORDS[part]!);
  }
  return named.size === 1 ? [...named][0] : undefined;
}
