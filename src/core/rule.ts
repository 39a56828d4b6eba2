import type { AttachedCredentials } from "./credentials/attached.ts";
import type { Exchange } from "./exchange.ts";
import type { Finding } from "./findings.ts";

/** Facts about the capture as a whole, decided once before the rules run. */
export interface CaptureFacts {
  /** Why credentials cannot be seen in this capture (a sanitized HAR), when they cannot. */
  readonly credentialsStripped?: string;
}

export interface RuleContext {
  readonly facts: CaptureFacts;
  readonly byId: ReadonlyMap<string, Exchange>;
  /** What the exchange carried, computed once per exchange and shared by every rule. */
  credentials(x: Exchange): AttachedCredentials;
}

/** One check: an exchange in, its findings out. Pure; may read other exchanges through ctx. */
export interface Rule {
  readonly name: string;
  readonly run: (x: Exchange, ctx: RuleContext) => readonly Finding[];
}
