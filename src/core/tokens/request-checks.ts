/**
 * Checks that need the request a token travelled with, not just the token: whether `aud` names
 * the host it was sent to, and whether a DPoP proof matches the request's method and URL.
 * Both are warnings inside token.jwt (FINDINGS.md has no code of their own).
 */
import type { Exchange } from "../exchange.ts";
import type { TokenProblem } from "./types.ts";

/** The host of an http(s) URL, read without a URL parser (this runs for every JWT of a capture). */
const HTTP_HOST = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/i;

function hostOfUrl(value: string): string | undefined {
  return HTTP_HOST.exec(value)?.[1]?.toLowerCase();
}

/**
 * RFC 7519 §4.1.3: a recipient that does not identify itself with a value in `aud` must reject
 * the token. Only judged when every audience is an http(s) URL: other values (client ids, API
 * identifiers such as "api://…") cannot be compared with a host.
 */
interface Audiences {
  readonly values: readonly string[];
  readonly hosts: readonly (string | undefined)[];
}

/** The audiences of a claims set and their hosts, read once per token: a session sends one token with every request. */
const audiencesOf = new WeakMap<Record<string, unknown>, Audiences | null>();

function audiences(payload: Record<string, unknown>): Audiences | null {
  let known = audiencesOf.get(payload);
  if (known === undefined) {
    const aud = payload.aud;
    const values = typeof aud === "string" ? [aud] : Array.isArray(aud) && aud.every((a) => typeof a === "string") ? (aud as string[]) : [];
    const hosts = values.map(hostOfUrl);
    known = values.length > 0 && !hosts.some((h) => h === undefined) ? { values, hosts } : null;
    audiencesOf.set(payload, known);
  }
  return known;
}

export function audienceProblem(payload: Record<string, unknown>, requestUrl: string): TokenProblem | undefined {
  const aud = audiences(payload);
  if (!aud) return undefined;
  const { values, hosts } = aud;
  const requestHost = hostOfUrl(requestUrl);
  if (requestHost === undefined || hosts.includes(requestHost)) return undefined;
  return {
    code: "token.jwt",
    severity: "warning",
    message: `aud is ${values.map((v) => JSON.stringify(v)).join(", ")}, but it was sent to ${requestHost}: a server that checks the audience (RFC 7519 §4.1.3) rejects a token issued for another one`,
    fix: `Ask the authorization server for a token issued for ${requestHost} (the resource indicator of RFC 8707, or the provider's audience setting), or send the request to the API the token was issued for.`,
  };
}

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
