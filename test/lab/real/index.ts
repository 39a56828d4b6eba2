/**
 * Starts and stops the real stacks (types.ts) for the lab. server.ts calls `startRealStacks`
 * after its page and API listen, and the lab's close() calls the returned `close`.
 */
import { expressBasic } from "./express-basic.ts";
import { expressCors } from "./express-cors.ts";
import { expressJwt } from "./express-jwt.ts";
import { expressJwtJwks } from "./express-jwt-jwks.ts";
import { fastifyStack } from "./fastify.ts";
import { kongImitation } from "./kong-imitation.ts";
import { nginxStack } from "./nginx-stack.ts";
import { oidcStack } from "./oidc-stack.ts";
import { type RealStack, type RealStackContext, type RealStackName, type RealStacks, type RunningStack, StackUnavailableError } from "./types.ts";

/**
 * Every stack the lab starts, in this order. A new stack (its own module exporting a
 * `RealStack`) is registered by adding it here and its name to `RealStackName` in types.ts.
 */
export const REAL_STACKS: readonly RealStack[] = [
  expressCors,
  expressJwt,
  expressBasic,
  fastifyStack,
  nginxStack,
  oidcStack,
  expressJwtJwks,
  kongImitation,
];

export interface RealStacksOptions {
  host: string;
  /**
   * The lab API's port. 0 gives every stack a free port; any other port P puts the stacks on
   * P+1, P+2, … in REAL_STACKS order, so a lab on fixed ports has fixed origins throughout
   * (the recorded HAR fixtures depend on that).
   */
  apiPort: number;
  pageOrigin: string;
  apiOrigin: string;
  onRequest?: RealStackContext["onRequest"];
  intercept?: RealStackContext["intercept"];
  /**
   * Told once per stack that cannot start because software it runs is not installed
   * (StackUnavailableError); the lab goes on without it. Any other start failure is thrown.
   */
  onSkip?: (name: RealStackName, reason: string) => void;
}

export function stackPort(apiPort: number, index: number): number {
  return apiPort === 0 ? 0 : apiPort + 1 + index;
}

export async function startRealStacks(opts: RealStacksOptions): Promise<RealStacks> {
  const running: { name: RealStackName; stack: RunningStack }[] = [];
  const skipped: Partial<Record<RealStackName, string>> = {};
  const closeAll = () => Promise.all(running.map((r) => r.stack.close())).then(() => undefined);
  try {
    for (const [index, stack] of REAL_STACKS.entries()) {
      let started: RunningStack;
      try {
        started = await stack.start({
          host: opts.host,
          port: stackPort(opts.apiPort, index),
          pageOrigin: opts.pageOrigin,
          apiOrigin: opts.apiOrigin,
          onRequest: opts.onRequest,
          intercept: opts.intercept,
        });
      } catch (err) {
        if (!(err instanceof StackUnavailableError)) throw err;
        skipped[stack.name] = err.message;
        opts.onSkip?.(stack.name, err.message);
        continue;
      }
      running.push({ name: stack.name, stack: started });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    origins: Object.fromEntries(running.map((r) => [r.name, r.stack.origin])) as Partial<Record<RealStackName, string>>,
    tokens: Object.assign({}, ...running.map((r) => r.stack.tokens)),
    skipped,
    prepare(server, scenario) {
      const stack = running.find((r) => r.name === server)?.stack;
      if (stack?.prepare === undefined) return Promise.reject(new Error(`the ${server} stack prepares no requests (${scenario})`));
      return stack.prepare(scenario);
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
