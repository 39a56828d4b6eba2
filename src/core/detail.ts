/**
 * Everything the detail pane shows about one exchange, computed by core so the views only
 * render: its challenges explained, the credentials it carried, the cookies it set, the tokens
 * it carried (and their history in the capture), and its CORS report. Each part is computed on
 * its own: one that fails is reported as unavailable, the others still show.
 */
import { type ChallengeExplanation, explainExchangeChallenges } from "./challenge/index.ts";
import { type CorsReport, corsReport } from "./cors/index.ts";
import { type AttachedSummary, type SetCookieBreakdown, setCookiesOf, summarizeAttached } from "./credentials/index.ts";
import { Capture } from "./analysis/capture.ts";
import { type EndpointHistory, endpointHistory } from "./endpoint-history.ts";
import type { Exchange } from "./exchange.ts";
import type { AnalysisOptions, CaptureFacts } from "./rule.ts";
import { DEFAULT_OPTIONS } from "./rule.ts";
import { type SignInFlow, signInFlowOf } from "./oauth/flow-steps.ts";
import { type FoundToken, presentedIn, type TimelineEntry, timelinesOf, tokensOf } from "./tokens/index.ts";

export interface ExchangeDetail {
  readonly challenges: readonly ChallengeExplanation[];
  readonly attached?: AttachedSummary;
  readonly setCookies: readonly SetCookieBreakdown[];
  readonly tokens: readonly FoundToken[];
  /** The capture-wide history of the tokens this exchange carried or received. */
  readonly timeline: readonly TimelineEntry[];
  /** The OAuth 2.0 / OpenID Connect sign-in this exchange takes part in, as steps (oauth/flow-steps.ts). */
  readonly signInFlow?: SignInFlow;
  /** Every request to the same endpoint (method, origin, path) across the capture. */
  readonly endpoint?: EndpointHistory;
  readonly cors?: CorsReport;
  /** Parts that could not be computed, with why (never silently missing). */
  readonly unavailable: readonly { part: string; reason: string }[];
}

/** The detail of one exchange of a capture given as a list (its preflights linked as diagnose links them). */
export function describeExchange(
  id: string,
  exchanges: readonly Exchange[],
  facts: CaptureFacts = {},
  options: AnalysisOptions = DEFAULT_OPTIONS,
): ExchangeDetail | undefined {
  const capture = new Capture(facts, options);
  capture.upsert(exchanges);
  return describeInCapture(id, capture);
}

/** The detail of one exchange of a capture the analysis session holds. */
export function describeInCapture(id: string, capture: Capture): ExchangeDetail | undefined {
  const { ctx } = capture.context();
  const options = capture.options;
  const x = capture.get(id);
  if (!x) return undefined;
  const unavailable: { part: string; reason: string }[] = [];
  const safely = <T>(part: string, fallback: T, compute: () => T): T => {
    try {
      return compute();
    } catch (error) {
      unavailable.push({ part, reason: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  };
  const tokens = safely("tokens", [] as FoundToken[], () => tokensOf(x, options));
  const attached = safely<AttachedSummary | undefined>("credentials", undefined, () => summarizeAttached(x, ctx));
  const cors = safely<CorsReport | undefined>("cors", undefined, () => corsReport(x, ctx));
  const timeline = safely("timeline", [] as TimelineEntry[], () => timelinesOf(x, ctx));
  const signInFlow = safely<SignInFlow | undefined>("sign-in flow", undefined, () => signInFlowOf(x, ctx));
  const endpoint = safely<EndpointHistory | undefined>("endpoint history", undefined, () =>
    endpointHistory(x, ctx, {
      get: (other) => {
        const visit = ctx.exchange(other);
        return visit ? presentedIn(visit, ctx) : undefined;
      },
    }),
  );
  return {
    challenges: safely("challenges", [] as ChallengeExplanation[], () => explainExchangeChallenges(x, ctx)),
    ...(attached ? { attached } : {}),
    setCookies: safely("set-cookie", [] as SetCookieBreakdown[], () => setCookiesOf(x)),
    tokens,
    timeline,
    ...(signInFlow ? { signInFlow } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(cors ? { cors } : {}),
    unavailable,
  };
}
