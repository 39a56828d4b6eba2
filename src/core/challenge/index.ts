/** The challenge module's public face: parse, serialise and explain WWW-Authenticate / Proxy-Authenticate. */
export type {
  Challenge,
  ChallengeExplanation,
  ChallengeHeader,
  ChallengeParse,
  ChallengeProblem,
  ExplainedParam,
  ProblemSeverity,
} from "./types.ts";
export type { ChallengeContext } from "./context.ts";
export { parseChallenges } from "./parse.ts";
export { serializeChallenge, serializeChallenges } from "./serialize.ts";
export { explainChallenges } from "./explain.ts";
export { explainExchangeChallenges } from "./exchange-challenges.ts";
export { type FieldProblem, type FieldReading, type FieldVerdict, readChallengeField } from "./field-reading.ts";
export { isomorphicDecode } from "./isomorphic.ts";
