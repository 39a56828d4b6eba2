/**
 * Rules from the WWW-Authenticate / Proxy-Authenticate challenge (RFC 9110 §11), one module
 * each under rules/. auth.challenge-missing lives in missing.ts and is wired on its own.
 */
import type { Rule } from "../rule.ts";
import { basicPromptRule } from "./rules/basic-prompt.ts";
import { bearerInsufficientScopeRule } from "./rules/bearer-insufficient-scope.ts";
import { bearerInvalidRequestRule } from "./rules/bearer-invalid-request.ts";
import { bearerInvalidTokenRule } from "./rules/bearer-invalid-token.ts";
import { dpopNonceRule } from "./rules/dpop-nonce.ts";
import { dpopProofRule } from "./rules/dpop-proof.ts";
import { challengeHiddenRule } from "./rules/hidden-from-script.ts";
import { challengeMalformedRule } from "./rules/malformed.ts";
import { proxyAuthRule } from "./rules/proxy-auth.ts";
import { resourceMetadataRule } from "./rules/resource-metadata.ts";
import { stepUpRule } from "./rules/step-up.ts";

/** Most specific first: within one severity, findings keep this order. */
export const CHALLENGE_RULES: readonly Rule[] = [
  bearerInvalidTokenRule,
  bearerInvalidRequestRule,
  bearerInsufficientScopeRule,
  stepUpRule,
  dpopProofRule,
  dpopNonceRule,
  proxyAuthRule,
  challengeMalformedRule,
  challengeHiddenRule,
  basicPromptRule,
  resourceMetadataRule,
];
