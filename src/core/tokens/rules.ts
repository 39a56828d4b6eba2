/**
 * Rules about the tokens found in an exchange: JWT, JWE, Basic, opaque; their times; repeated
 * 401s. Within one severity, findings keep this order: the most direct explanation first.
 */
import type { Rule } from "../rule.ts";
import { algNoneRule } from "./rules/alg-none.ts";
import { basicFoundRule } from "./rules/basic-found.ts";
import { clockSkewRule } from "./rules/clock-skew.ts";
import { expInMillisecondsRule } from "./rules/exp-milliseconds.ts";
import { tokenExpiredRule } from "./rules/expired.ts";
import { jweFoundRule } from "./rules/jwe-found.ts";
import { jwtFoundRule } from "./rules/jwt-found.ts";
import { invalidRule } from "./rules/invalid.ts";
import { malformedRule } from "./rules/malformed.ts";
import { tokenNotYetValidRule } from "./rules/not-yet-valid.ts";
import { idTokenAsAccessTokenRule } from "./rules/id-token-as-access-token.ts";
import { serverReasonRule } from "./rules/server-reason.ts";
import { identityInCaptureRule } from "./rules/identity-in-capture.ts";
import { opaqueFoundRule } from "./rules/opaque-found.ts";
import { retryLoopRule } from "./rules/retry-loop.ts";

export const TOKEN_RULES: readonly Rule[] = [
  tokenExpiredRule,
  tokenNotYetValidRule,
  idTokenAsAccessTokenRule,
  serverReasonRule,
  identityInCaptureRule,
  expInMillisecondsRule,
  algNoneRule,
  malformedRule,
  invalidRule,
  clockSkewRule,
  retryLoopRule,
  jwtFoundRule,
  jweFoundRule,
  basicFoundRule,
  opaqueFoundRule,
];
