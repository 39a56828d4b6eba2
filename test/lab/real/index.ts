/**
 * Starts and stops the real stacks (types.ts) for the lab. server.ts calls `startRealStacks`
 * after its page and API listen, and the lab's close() calls the returned `close`.
 */
import { expressBasic } from "./express-basic.ts";
import { expressCors } from "./express-cors.ts";
import { expressJwt } from "./express-jwt.ts";
import { fastifyStack } from "./fastify.ts";
import type { RealStack, RealStackContext, RealStackName, RealStacks, RunningStack } from "./types.ts";

/**
 * Every stack the lab starts, in this order. A new stack (its own module exporting a
 * `RealStack`) is registered by adding it here and its name to `RealStackName` in types.ts.
 */
export const REAL_STACKS: readonly RealStack[] = [expressCors, expressJwt, expressBasic, fastifyStack];

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
}

export function stackPort(apiPort: number, index: number): number {
  return apiPort === 0 ? 0 : apiPort + 1 + index;
}

export async function startRealStacks(opts: RealStacksOptions): Promise<RealStacks> {
  const running: { name: RealStackName; stack: RunningStack }[] = [];
  const closeAll = () => Promise.all(running.map((r) => r.stack.close())).then(() => undefined);
  try {
    for (const [index, stack] of REAL_STACKS.entries()) {
      const started = await stack.start({
        host: opts.host,
        port: stackPort(opts.apiPort, index),
        pageOrigin: opts.pageOrigin,
        apiOrigin: opts.apiOrigin,
        onRequest: opts.onRequest,
        intercept: opts.intercept,
      });
      running.push({ name: stack.name, stack: started });
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    origins: Object.fromEntries(running.map((r) => [r.name, r.stack.origin])) as Record<RealStackName, string>,
    tokens: Object.assign({}, ...running.map((r) => r.stack.tokens)),
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
