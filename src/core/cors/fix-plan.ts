/**
 * The shapes a CORS fix is built from: the plan (plain values read from the evaluation, fix.ts)
 * and the headers it asks for. Both fix.ts and the snippets that render the plan as
 * configuration (snippets.ts) use them, so they live apart from either.
 */
import type { Phase } from "../findings.ts";

export interface CorsFixHeader {
  readonly phase: Phase;
  readonly name: string;
  readonly value: string;
}

/** What a fix needs to know, in plain values (the snippets are built from these alone). */
export interface FixPlan {
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly preflight: boolean;
  readonly methods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly credentials: boolean;
  readonly expose: readonly string[];
  /** The request came through a redirect from another origin, so the browser sent `Origin: null`. */
  readonly redirectedFrom?: string;
}
