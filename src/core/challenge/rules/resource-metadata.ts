/**
 * auth.resource-metadata: a challenge advertising RFC 9728 protected resource metadata. The
 * URL is where a client learns which authorization servers issue tokens for this resource and
 * which scopes it knows (§5.1); MCP clients start their sign-in from it.
 */
import { originOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { param } from "../schemes/types.ts";
import { challengesIn, rawOf } from "./shared.ts";

const WELL_KNOWN = "/.well-known/oauth-protected-resource";

/** What RFC 9728 asks of the URL itself (§3: https; §3.1: the well-known path by default). */
function urlNotes(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ["it is not an absolute URL, so a client cannot fetch it"];
  }
  const notes: string[] = [];
  if (parsed.protocol !== "https:") notes.push(`it uses ${parsed.protocol.replace(":", "")}, and RFC 9728 §3 requires https`);
  if (!parsed.pathname.startsWith(WELL_KNOWN)) notes.push(`it is not under ${WELL_KNOWN} (allowed, but clients that guess the URL will look there)`);
  return notes;
}

export const resourceMetadataRule: Rule = {
  name: "resource-metadata",
  run(x, ctx) {
    const pc = challengesIn(ctx.view(x)).find((p) => param(p.challenge, "resource_metadata") !== undefined);
    if (!pc) return [];
    const url = param(pc.challenge, "resource_metadata")!;
    const notes = urlNotes(url);
    const origin = originOf(x.request.url) ?? x.request.url;
    return [
      finding("auth.resource-metadata", {
        detail:
          `The ${pc.challenge.scheme} challenge on ${ctx.view(x).label} points to the resource's metadata (RFC 9728 §5.1): ${url}. ` +
          `That document names the authorization servers that issue tokens for ${origin} and the scopes it supports.` +
          (notes.length > 0 ? ` Note: ${notes.join("; ")}.` : ""),
        evidence: [
          { label: "resource_metadata", value: url },
          { label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) },
        ],
        fix: `Fetch ${url} and get a token from one of its authorization_servers; check that the "resource" it names matches ${x.request.url.split(/[?#]/)[0]} (RFC 9728 §3.3), or the client must not use it.`,
      }),
    ];
  },
};
