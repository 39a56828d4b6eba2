/**
 * The part of oidc-provider 9's API the lab uses (the package ships no types). Shapes follow
 * node_modules/oidc-provider/lib: provider.js, models/*.js, helpers/defaults.js.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type AdapterPayload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    token_endpoint_auth_method?: string;
    grant_types?: string[];
    response_types?: string[];
    redirect_uris?: string[];
    [key: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface Configuration {
    adapter?: (name: string) => Adapter;
    clients?: ClientMetadata[];
    clientBasedCORS?: (ctx: unknown, origin: string, client: Client) => boolean;
    cookies?: { keys?: string[]; long?: { httpOnly?: boolean; sameSite?: "lax" | "strict" | "none"; path?: string } };
    features?: Record<string, { enabled: boolean; [key: string]: unknown }>;
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>;
    issueRefreshToken?: (ctx: unknown, client: Client, source: unknown) => Promise<boolean>;
    jwks?: { keys: object[] };
    rotateRefreshToken?: boolean | ((ctx: unknown) => boolean);
    scopes?: string[];
    ttl?: Record<string, number>;
    [key: string]: unknown;
  }

  export class Client {
    clientId: string;
    clientAuthMethod: string;
    grantTypeAllowed(grantType: string): boolean;
  }

  interface TokenFields {
    accountId?: string;
    client?: Client;
    grantId?: string;
    scope?: string;
    iat?: number;
    exp?: number;
    gty?: string;
    redirectUri?: string;
    codeChallenge?: string;
    codeChallengeMethod?: string;
  }

  export class Grant {
    constructor(fields: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export class RefreshToken {
    constructor(fields: TokenFields);
    save(): Promise<string>;
  }

  export class AuthorizationCode {
    constructor(fields: TokenFields);
    save(): Promise<string>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    Client: { find(id: string): Promise<Client | undefined> };
    Grant: typeof Grant;
    RefreshToken: typeof RefreshToken;
    AuthorizationCode: typeof AuthorizationCode;
    /** The pending interaction (login, consent) of the request's `_interaction` cookie. */
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    /** Stores the interaction's result and answers 303 to the authorization request it resumes. */
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: { login?: { accountId: string }; consent?: { grantId: string } },
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  export interface Interaction {
    uid: string;
    params: Record<string, unknown>;
    prompt: { name: string };
  }

  export default Provider;
}
