/**
 * Could the capture see this request's cookies at all? "No Cookie header" means "none sent" only
 * when the capture would have shown one. PLATFORM-FACTS.md: Chromium's HAR keeps only provisional
 * headers (never Cookie) for requests that did not complete, Chromium's webRequest hides Cookie
 * unless a listener asks for 'extraHeaders', and sanitized HAR exports drop it.
 */
import type { Exchange } from "../exchange.ts";
import { isPseudoHeader } from "../headers.ts";
import type { RuleContext } from "../rule.ts";

export type CookieVisibility = "visible" | "stripped" | "unknown";

export interface VisibilityVerdict {
  readonly visibility: CookieVisibility;
  readonly why?: string;
}

interface Blind {
  readonly test: (x: Exchange) => boolean;
  readonly why: string;
}

const BLIND_SPOTS: readonly Blind[] = [
  {
    test: (x) => x.request.headers.filter((h) => !isPseudoHeader(h)).length === 0,
    why: "the capture recorded no request headers for this request",
  },
  {
    test: (x) => x.response === undefined && x.error !== undefined,
    why: "the request did not complete, and for such requests Chromium records only provisional headers, which never include Cookie",
  },
  {
    test: (x) => x.sources.length > 0 && x.sources.every((s) => s === "web-request"),
    why: "only the webRequest capture saw this request, and Chromium shows it the Cookie header only with 'extraHeaders'",
  },
];

export function cookieVisibility(x: Exchange, ctx: Pick<RuleContext, "facts" | "credentials">): VisibilityVerdict {
  if (ctx.facts.credentialsStripped !== undefined) return { visibility: "stripped", why: ctx.facts.credentialsStripped };
  // Cookies that were seen prove the capture could see them.
  if (ctx.credentials(x).cookieNames.length > 0) return { visibility: "visible" };
  const blind = BLIND_SPOTS.find((b) => b.test(x));
  return blind ? { visibility: "unknown", why: blind.why } : { visibility: "visible" };
}
