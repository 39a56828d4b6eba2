/**
 * auth.retry-loop: 3 or more 401s for the same method and URL within 10 s — a refresh storm or a
 * client that retries without new credentials. The finding sits on the first 401 of the burst
 * and names the others in `related` (diagnose lists it on each of them too).
 */
import { maskAuthorization } from "../../text/mask.ts";
import { maskUrl, requestLabel } from "../../text/describe.ts";
import { type Exchange, statusOf } from "../../exchange.ts";
import { isPreflight } from "../../preflight.ts";
import { finding } from "../../findings.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import type { CaptureIndex } from "../../analysis/capture-index.ts";
import { clocksOf, durationOf } from "../../text/time.ts";

export const RETRY_LOOP = { count: 3, windowMs: 10_000 } as const;

/** Related ids listed at most; a storm of thousands is named by its count. */
const MAX_RELATED = 50;

const keyOf = (x: Exchange) => `${x.request.method} ${x.request.url}`;

/** Has some window of RETRY_LOOP.windowMs at least RETRY_LOOP.count 401s? (sorted input) */
function dense(list: readonly Exchange[]): boolean {
  for (let i = 0, j = 0; j < list.length; j++) {
    while (list[j]!.observedAt - list[i]!.observedAt > RETRY_LOOP.windowMs) i++;
    if (j - i + 1 >= RETRY_LOOP.count) return true;
  }
  return false;
}

/**
 * One method and URL's 401s chained into bursts where each follows the last within the window,
 * by the id of every member: a storm of thousands of 401s on one URL is looked up once per
 * member, not searched by each (which made a long storm quadratic).
 */
function burstsOf(list: readonly Exchange[]): ReadonlyMap<string, readonly Exchange[]> {
  const map = new Map<string, Exchange[]>();
  if (list.length < RETRY_LOOP.count) return map;
  const sorted = [...list].sort((a, b) => a.observedAt - b.observedAt);
  const chains: Exchange[][] = [];
  for (const x of sorted) {
    const last = chains[chains.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && x.observedAt - prev.observedAt <= RETRY_LOOP.windowMs) last.push(x);
    else chains.push([x]);
  }
  for (const chain of chains) {
    if (!dense(chain)) continue;
    // The first chain an id appears in wins, as a search in chain order found it.
    for (const e of chain) if (!map.has(e.id)) map.set(e.id, chain);
  }
  return map;
}

/** The 401s of the capture by method and URL, as bursts. */
const UNAUTHORIZED: CaptureIndex<ReadonlyMap<string, readonly Exchange[]>> = {
  name: "401-by-request",
  keysOf: (x) => (statusOf(x) === 401 && !isPreflight(x) ? keyOf(x) : undefined),
  derive: (filed) => burstsOf(filed),
  // A 401 reads its own burst: a new 401 minutes later leaves every earlier one's as it was.
  sameFor: (a, b, reader) => sameBurst(a.get(reader), b.get(reader)),
};

function sameBurst(a: readonly Exchange[] | undefined, b: readonly Exchange[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/** What the attempts sent, in words: the same credential every time cannot start to work. */
function credentialStory(burst: readonly Exchange[], ctx: RuleContext): string {
  if (ctx.facts.credentialsStripped !== undefined) return "";
  const sent = burst.map((e) => ctx.credentials(e).authorization);
  const distinct = new Set(sent.map((a) => a?.raw));
  const first = sent[0];
  if (sent.every((a) => a === undefined)) return " None of the attempts carried an Authorization header.";
  if (distinct.size === 1 && first) return ` Every attempt sent the same credentials (${maskAuthorization(first)}): retrying without new credentials cannot succeed.`;
  return ` The attempts sent ${distinct.size} different credentials: new tokens are obtained and refused too, so their age is not the problem (check audience, scope, issuer or signature).`;
}

export const retryLoopRule: Rule = {
  name: "retry-loop",
  run(x, ctx) {
    if (statusOf(x) !== 401 || isPreflight(x)) return [];
    const burst = ctx.lookup(UNAUTHORIZED, keyOf(x)).get(x.id);
    if (!burst || burst[0]!.id !== x.id) return [];
    const last = burst[burst.length - 1]!;
    const span = (last.observedAt - x.observedAt) / 1000;
    const ids = burst.map((e) => e.id);
    // Named by when each started (as the list shows them), never by AuthLens's internal ids.
    const named = burst.length > MAX_RELATED ? `${clocksOf(burst.slice(0, MAX_RELATED).map((e) => e.observedAt))} and ${burst.length - MAX_RELATED} more` : clocksOf(burst.map((e) => e.observedAt));
    return [
      finding("auth.retry-loop", {
        detail: `${requestLabel(x)} was answered 401 ${burst.length} times in ${durationOf(span)} (at ${named}).${credentialStory(burst, ctx)}`,
        evidence: [
          { label: "Request", value: `${x.request.method} ${maskUrl(x.request.url)}` },
          { label: "401 responses", value: String(burst.length) },
          { label: "Within", value: durationOf(span) },
          { label: "Sent at", value: named },
        ],
        fix: "On a 401, refresh the credentials once and retry once; if the retry is refused too, stop and sign the user in again. Share one in-flight refresh between concurrent requests, and back off instead of retrying in a loop.",
        related: ids.slice(1, MAX_RELATED + 1),
      }),
    ];
  },
};
