/**
 * Checks that need the request a token travelled with, not just the token: whether a DPoP proof
 * matches the request's method and URL, a warning inside token.jwt. The token's `aud` is not
 * compared with the host it was sent to: audiences are often names, not URLs, and a guess must
 * not warn on a request that worked (FINDINGS.md v2); a refused token's audience is judged from
 * what the server or the capture says instead.
 */
import type { Exchange } from "../exchange.ts";
import type { TokenProblem } from "./types.ts";

/** RFC 9449 §4.3: htm must equal the method, htu the URL without query and fragment. */
export function dpopProblems(payload: Record<string, unknown>, x: Exchange): TokenProblem[] {
  const problems: TokenProblem[] = [];
  if (typeof payload.htm === "string" && payload.htm !== x.request.method) {
    problems.push({ code: "token.jwt", severity: "warning", message: `DPoP proof htm is ${payload.htm}, but the request is ${x.request.method} (RFC 9449 §4.3 step 8): the server rejects the proof` });
  }
  if (typeof payload.htu === "string") {
    try {
      const target = new URL(x.request.url);
      const htu = new URL(payload.htu);
      const bare = (u: URL) => `${u.protocol}//${u.host}${u.pathname}`.toLowerCase();
      if (bare(target) !== bare(htu)) {
        problems.push({ code: "token.jwt", severity: "warning", message: `DPoP proof htu is ${payload.htu}, but the request went to ${bare(target)} (RFC 9449 §4.3 step 9, compared without query and fragment): the server rejects the proof` });
      }
    } catch {
      problems.push({ code: "token.jwt", severity: "warning", message: `DPoP proof htu ${JSON.stringify(payload.htu).slice(0, 80)} is not a URL (RFC 9449 §4.2)` });
    }
  }
  return problems;
}
