/**
 * The request's credentials mode (Fetch §2.2.5), which decides half of the CORS checks. A capture
 * does not record it; it shows only what it caused. Browsers attach cookies and HTTP
 * authentication entries to a cross-origin request only in mode "include" (Fetch §4.5
 * "HTTP-network-or-cache fetch", includeCredentials), so cookies prove it. A script-set
 * `Authorization: Bearer …` does not: it is an ordinary request header, sent in every mode, and
 * only Access-Control-Allow-Headers has to allow it.
 */
import { describeCredentials } from "../credentials/attached.ts";
import type { Exchange } from "../exchange.ts";
import type { CaptureLookup } from "../capture-lookup.ts";

export interface CredentialsHypothesis {
  /** The checks run as if the credentials mode were "include". */
  readonly credentialed: boolean;
  /** True when nothing captured shows credentials and the mode is concluded from the block. */
  readonly inferred: boolean;
  /** Why AuthLens reads the request this way, as a sentence naming what was captured. */
  readonly why: string;
}

/** Authorization schemes only the browser's HTTP authentication entries produce (never page script). */
const BROWSER_MANAGED_SCHEMES: ReadonlySet<string> = new Set(["negotiate", "ntlm"]);

export function observedCredentials(x: Exchange, ctx: CaptureLookup): CredentialsHypothesis {
  const c = ctx.credentials(x);
  const managed = c.authorization && BROWSER_MANAGED_SCHEMES.has(c.authorization.scheme.toLowerCase());
  if (c.cookieNames.length > 0 || managed) {
    const carried = describeCredentials({ ...c, authorization: managed ? c.authorization : undefined });
    return {
      credentialed: true,
      inferred: false,
      why: `The request carried ${carried}, which a browser sends to another origin only in credentials mode "include" (\`credentials: "include"\`, XHR \`withCredentials\`).`,
    };
  }
  const stripped = c.visibility === "stripped" ? " (this capture had its cookies stripped)" : "";
  return {
    credentialed: false,
    inferred: false,
    why: `No cookies were captured on the request${stripped}, so AuthLens reads it as sent without credentials.`,
  };
}

/** The alternative reading, used only when the block has no other explanation. */
export function inferredInclude(): CredentialsHypothesis {
  return {
    credentialed: true,
    inferred: true,
    why:
      'No cookies were captured, but the CORS headers pass every check for a request without credentials, and the browser still blocked it: the request was made in credentials mode "include" (`credentials: "include"`, XHR `withCredentials = true`, or a cookie the capture does not show).',
  };
}
