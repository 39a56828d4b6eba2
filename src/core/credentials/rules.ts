/** Rules about the credentials a request carried: cookies, Set-Cookie, credentials in the wrong place. */
import type { Rule } from "../rule.ts";
import { browserCookieVerdictsRule } from "./rules/browser-cookie-verdicts.ts";
import { cookieNotSentRule } from "./rules/not-sent.ts";
import { credentialsOverHttpRule } from "./rules/over-http.ts";
import { authorizationStrippedRule } from "./rules/stripped-on-redirect.ts";
import { sameSiteNoneWithoutSecureRule } from "./rules/samesite-none-without-secure.ts";
import { secureOverHttpRule } from "./rules/secure-over-http.ts";
import { tokenInUrlRule } from "./rules/token-in-url.ts";

export const CREDENTIAL_RULES: readonly Rule[] = [
  authorizationStrippedRule,
  sameSiteNoneWithoutSecureRule,
  secureOverHttpRule,
  cookieNotSentRule,
  browserCookieVerdictsRule,
  credentialsOverHttpRule,
  tokenInUrlRule,
];
