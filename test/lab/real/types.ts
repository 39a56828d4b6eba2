import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The lab's real stacks: small apps built on the server libraries people actually deploy
 * (express + cors, express-oauth2-jwt-bearer, express-basic-auth, fastify + @fastify/cors +
 * @fastify/jwt), each configured with one of the mistakes the "Real servers" scenarios show.
 * Their answers are the libraries' own, so AuthLens is checked against what runs in production
 * rather than against the lab's imitation of it.
 */

/** One name per stack; a scenario's `server` field names the stack that answers it. */
export type RealStackName =
  | "express-cors"
  | "express-jwt"
  | "express-basic"
  | "fastify"
  | "nginx"
  | "oidc-provider"
  | "express-jwt-jwks"
  | "kong-imitation";

/**
 * Tokens a stack mints at start (its keys exist only from then on). The page receives them in
 * its config, the Node tests through `Lab.real.tokens`.
 */
export type RealTokenName =
  | "jwtValid"
  | "jwtExpired"
  | "jwtWrongAudience"
  | "jwtWrongIssuer"
  | "jwtUnknownKid"
  | "jwtBadSignature"
  | "jwtIdToken"
  | "jwksValid"
  | "jwksDevToken"
  | "jwksBadSignature"
  | "jwksWrongAudience"
  | "fastifyValid"
  | "fastifyExpired";

/** What a stack learns before it starts. */
export interface RealStackContext {
  host: string;
  /** 0 for a free port. */
  port: number;
  /** The lab page's origin: the origin the correctly configured CORS setups allow. */
  pageOrigin: string;
  /** The lab API's origin, the issuer of the lab's own HS256 tokens (tokens.ts). */
  apiOrigin: string;
  /** Called once per finished response, for the lab's request log. */
  onRequest?: (entry: RealRequestLogEntry) => void;
  /**
   * Called for every request before the library sees it. The lab rewrites CORS headers there
   * while a test applies AuthLens's fix (Lab.overrideCors); the library's code is untouched.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** One answered request, as the lab's request log records it, from whichever server answered it. */
export interface RequestLogEntry<Server extends string = string> {
  server: Server;
  method: string;
  path: string;
  /** The query string without its `?`; empty when there is none. */
  query: string;
  status: number;
  /** When the response finished, in milliseconds since the epoch. */
  time: number;
  origin?: string;
  authorization?: string;
  /** The DPoP proof header. */
  dpop?: string;
  cookie?: string;
}

export type RealRequestLogEntry = RequestLogEntry<RealStackName>;

/**
 * The headers and body of a request whose server state a stack must set up first (a refresh
 * token stored in the provider, a grant already rotated): made fresh for every page load, so
 * each run of the page meets the same state.
 */
export interface PreparedRequest {
  headers: Record<string, string>;
  body?: string;
}

export interface RunningStack {
  origin: string;
  tokens: Partial<Record<RealTokenName, string>>;
  /** Sets up the server state of one of the stack's scenarios whose request is `prepared`. */
  prepare?(scenario: string): Promise<PreparedRequest>;
  close(): Promise<void>;
}

/**
 * Thrown by a stack's start when software it runs is not installed (nginx): the lab starts
 * without that stack and its scenarios, and says so once.
 */
export class StackUnavailableError extends Error {
  override name = "StackUnavailableError";
}

export interface RealStack {
  name: RealStackName;
  /** The library the stack is built on, with the packages whose versions the README lists. */
  packages: readonly string[];
  start(ctx: RealStackContext): Promise<RunningStack>;
}

/** Every running stack, as the lab holds it. */
export interface RealStacks {
  /** Every stack that started; a stack that is not installed (StackUnavailableError) is absent. */
  origins: Partial<Record<RealStackName, string>>;
  tokens: Partial<Record<RealTokenName, string>>;
  /** Why each absent stack did not start, one line each. */
  skipped: Partial<Record<RealStackName, string>>;
  /** Sets up one scenario's request on its stack (RunningStack.prepare). */
  prepare(server: RealStackName, scenario: string): Promise<PreparedRequest>;
  close(): Promise<void>;
}
